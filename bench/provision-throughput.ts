/**
 * P1: provisioning at default settings. 1,000 UpliftAI ad-hoc creates through n8n's engine against a
 * vendor on loopback (bench/provision/vendor.ts, its own process) that answers in 50 ms and sends
 * 429 + `Retry-After: 1` whenever more than 50 requests are in flight, side by side with n8n's HTTP
 * Request node tuned by hand; then the same defaults against a vendor that throttles at 8 and one
 * that never does. Also times Realtime Voice Create (room + dispatch + token) on a real livekit-server.
 * Prints every row and writes docs/images/provision-throughput.png.
 * Usage: npm run bench [-- records=1000 latency=50 limit=50]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

import { startLiveKitServer } from '../scripts/livekit-server';
import { executeWorkflow, outputItems } from '../test/harness/engine';
import { plotRows, type Panel } from './provision/plot';
import { httpRequestNode, ourNode, profiledOurNode, records, workflow, type HttpSetting, type RowResult } from './provision/rows';
import type { Round, RoundStats } from './provision/vendor';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));
const RECORDS = Number(args.records ?? 1000);
const LATENCY_MS = Number(args.latency ?? 50);
const LIMIT = Number(args.limit ?? 50);
const PLOT = path.resolve(__dirname, '../docs/images/provision-throughput.png');
/** Hand-tuned HTTP Request settings tried: what a user would pick to stay near 50 in flight. */
const HTTP_SETTINGS: HttpSetting[] = [
	{ batchSize: 50, batchIntervalMs: 50 },
	{ batchSize: 40, batchIntervalMs: 50 },
	{ batchSize: 25, batchIntervalMs: 25 },
	{ batchSize: 10, batchIntervalMs: 10 },
];

class Vendor {
	private constructor(
		private readonly child: ChildProcess,
		readonly url: string,
	) {}

	static async start(): Promise<Vendor> {
		const child = fork(path.join(__dirname, 'provision/vendor.ts'), [], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
		const url = await new Promise<string>((resolve) => child.once('message', (message: { url: string }) => resolve(message.url)));
		return new Vendor(child, url);
	}

	private ask<T>(message: object, type: string): Promise<T> {
		return new Promise((resolve) => {
			const listen = (answer: { type: string } & T) => {
				if (answer.type !== type) return;
				this.child.off('message', listen);
				resolve(answer);
			};
			this.child.on('message', listen);
			this.child.send(message);
		});
	}

	round = (round: Round) => this.ask({ type: 'round', ...round }, 'ready');
	stats = async () => (await this.ask<{ stats: RoundStats }>({ type: 'stats' }, 'stats')).stats;
	stop = () => this.child.kill();
}

interface Row {
	label: string;
	vendor: string;
	result: RowResult;
	stats: RoundStats;
}

function print({ label, vendor, result, stats }: Row) {
	const duplicates = stats.created - stats.distinct;
	console.log(
		`${label.padEnd(44)} ${vendor.padEnd(22)} ${result.wallSeconds.toFixed(2).padStart(6)} s  created ${stats.distinct}/${RECORDS}  duplicates ${duplicates}  ` +
			`429s ${String(stats.throttled).padStart(4)}  peak in flight ${String(stats.peak).padStart(3)}  connections ${String(stats.connections).padStart(4)}  node CPU ${result.nodeCpuMsPerItem.toFixed(3)} ms/item  rows ok ${result.ok}`,
	);
}

async function measure(vendor: Vendor, label: string, limit: number | null, row: () => Promise<RowResult>): Promise<Row> {
	await vendor.round({ limit, latencyMs: LATENCY_MS, retryAfter: '1' });
	const result = await row();
	const entry = { label, vendor: limit === null ? 'never throttles' : `throttles above ${limit}`, result, stats: await vendor.stats() };
	print(entry);
	return entry;
}

async function liveKitRow(count: number) {
	const server = await startLiveKitServer();
	try {
		const definition = workflow({
			type: 'n8n-nodes-realtime-voice.realtimeVoice',
			typeVersion: 1,
			// No worker here: this times room + dispatch + token, so the node does not wait for an agent.
			parameters: { resource: 'session', operation: 'create', participantName: '={{ $json.name }}', configSource: 'inputField', waitForAgent: false },
			credentials: { liveKitApi: { id: 'livekit', name: 'LiveKit' } },
		});
		const credentials = { liveKitApi: { serverUrl: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName: 'n8n-realtime-voice' } };
		const started = performance.now();
		const run = await executeWorkflow(definition, { credentials, records: records(count), recordsNode: 'Records' });
		const seconds = (performance.now() - started) / 1000;
		const ok = outputItems(run, 'Node').filter((row) => row.json.dispatchId).length;
		console.log(`Realtime Voice Create, defaults: ${count} sessions (room + dispatch + token) on livekit-server in ${seconds.toFixed(2)} s (${((seconds * 1000) / count).toFixed(1)} ms/session)  ok ${ok}/${count}`);
	} finally {
		await server.stop();
	}
}

(async () => {
	const physical = ((RECORDS / LIMIT) * LATENCY_MS) / 1000;
	console.log(`P1: ${RECORDS} UpliftAI ad-hoc creates; the vendor answers in ${LATENCY_MS} ms and refuses (429, Retry-After: 1) beyond ${LIMIT} in flight: physical limit ${physical.toFixed(2)} s`);
	const vendor = await Vendor.start();
	const rows: Row[] = [];
	let ownCpu = Number.NaN;
	try {
		// Warm-up (module loading, JIT) of both nodes outside the figures.
		await vendor.round({ limit: null, latencyMs: LATENCY_MS, retryAfter: '1' });
		await ourNode(vendor.url, RECORDS);
		await httpRequestNode(vendor.url, RECORDS, { batchSize: 50, batchIntervalMs: 10 });
		rows.push(await measure(vendor, 'our node, default options', LIMIT, () => ourNode(vendor.url, RECORDS)));
		for (const setting of HTTP_SETTINGS) {
			rows.push(await measure(vendor, `HTTP Request, batches of ${setting.batchSize} every ${setting.batchIntervalMs} ms`, LIMIT, () => httpRequestNode(vendor.url, RECORDS, setting)));
		}
		rows.push(await measure(vendor, 'our node, default options', 8, () => ourNode(vendor.url, RECORDS)));
		rows.push(await measure(vendor, 'our node, default options', null, () => ourNode(vendor.url, RECORDS)));
		await vendor.round({ limit: null, latencyMs: LATENCY_MS, retryAfter: '1' });
		const cpu = await profiledOurNode(vendor.url, RECORDS);
		const ms = (value: number) => value.toFixed(3);
		console.log(
			`our node's CPU by whose code runs (V8 profile, ${RECORDS} items, ms/item): this package incl. zod ${ms(cpu.package)}, ` +
				`Node's HTTP client ${ms(cpu.nodeHttp)}, n8n ${ms(cpu.n8n)}, native (socket system calls, garbage collection) ${ms(cpu.native)}, other ${ms(cpu.other)}`,
		);
		ownCpu = cpu.package;
	} finally {
		vendor.stop();
	}

	const ours = rows[0];
	const complete = rows.slice(1, 1 + HTTP_SETTINGS.length).filter((row) => row.stats.distinct === RECORDS);
	const best = complete.sort((a, b) => a.result.wallSeconds - b.result.wallSeconds)[0];
	console.log(
		`our defaults: ${ours.result.wallSeconds.toFixed(2)} s = ${(ours.result.wallSeconds / physical).toFixed(2)}× the physical limit (goal ≤ 1.5×); ` +
			(best ? `${(best.result.wallSeconds / ours.result.wallSeconds).toFixed(1)}× faster than the best HTTP Request setting (${best.label.replace('HTTP Request, ', '')}, ${best.result.wallSeconds.toFixed(2)} s; goal ≥ 2×)` : 'no HTTP Request setting created every record') +
			`; node CPU ${ours.result.nodeCpuMsPerItem.toFixed(3)} ms/item in all, ${ownCpu.toFixed(3)} ms/item in this package's code (goal ≤ 0.2)`,
	);

	mkdirSync(path.dirname(PLOT), { recursive: true });
	// Rows against the same vendor share a time axis, so they compare at a glance.
	const xMax = (vendor: string) => Math.ceil(Math.max(...rows.filter((row) => row.vendor === vendor).map((row) => row.result.wallSeconds)));
	plotRows(PLOT, rows.map((row): Panel => ({ title: `${row.label}, vendor ${row.vendor}: ${row.result.wallSeconds.toFixed(2)} s`, timeline: row.stats.timeline, xMaxSeconds: xMax(row.vendor) })));
	console.log(`plot: ${path.relative(process.cwd(), PLOT)}`);

	await liveKitRow(Math.min(RECORDS, 200));
	process.exit(0);
})().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
