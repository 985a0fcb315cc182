/**
 * How long provisioning N records takes through the n8n engine, and how many requests were in
 * flight at once.
 *  - UpliftAI Create Ad-hoc against a local HTTP stand-in for the API (127.0.0.1) that answers after
 *    a fixed latency and throttles (429 + Retry-After) when more than a set number of requests
 *    overlap, as a rate-limited vendor does;
 *  - Realtime Voice Create (room + dispatch + token) against a real livekit-server on loopback.
 * Usage: npm run bench [-- records=1000 latency=50 vendorLimit=24]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startLiveKitServer } from '../scripts/livekit-server';
import { executeWorkflow, outputItems } from '../test/harness/engine';
import { completeConfig, fakeJwt, workflowWith } from '../test/harness/fixtures';
import '../test/harness/setup-env';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));
const RECORDS = Number(args.records ?? 1000);
const LATENCY_MS = Number(args.latency ?? 50);
const VENDOR_LIMIT = Number(args.vendorLimit ?? 24);

async function vendorStandIn() {
	let inFlight = 0;
	let peak = 0;
	let throttled = 0;
	let served = 0;
	const token = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 1800 });
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		req.resume();
		req.on('end', () => {
			if (inFlight >= VENDOR_LIMIT) {
				throttled++;
				res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' });
				res.end('{"error":{"code":"rate_limited","message":"too many concurrent requests"}}');
				return;
			}
			peak = Math.max(peak, ++inFlight);
			setTimeout(() => {
				inFlight--;
				served++;
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ token, wsUrl: 'wss://example', roomName: `room-${served}` }));
			}, LATENCY_MS);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/v1`, stats: () => ({ peak, throttled, served }), close: () => server.close() };
}

const records = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Customer ${i}`, config: completeConfig() }));

async function benchUpliftAi(ceiling: number) {
	const vendor = await vendorStandIn();
	const workflow = workflowWith({
		type: 'upliftAiRealtime',
		parameters: { resource: 'session', operation: 'createAdhoc', participantName: '={{ $json.name }}', configSource: 'inputField', options: { maxConcurrency: ceiling, maxRetryWait: 600 } },
	});
	const started = performance.now();
	const run = await executeWorkflow(workflow, { credentials: { upliftAiApi: { apiKey: 'bench-key-not-secret', baseUrl: vendor.url } }, records: records(RECORDS) });
	const seconds = (performance.now() - started) / 1000;
	const rows = outputItems(run, 'Node');
	const { peak, throttled } = vendor.stats();
	vendor.close();
	const ok = rows.filter((row) => row.json.roomName).length;
	console.log(
		`UpliftAI ad-hoc  ceiling=${String(ceiling).padStart(2)}  ${RECORDS} records in ${seconds.toFixed(2)} s  ` +
			`(${(RECORDS / seconds).toFixed(0)}/s, serial would be ≥ ${((RECORDS * LATENCY_MS) / 1000).toFixed(0)} s)  peak in flight ${peak}  429s ${throttled}  ok ${ok}/${RECORDS}`,
	);
}

async function benchLiveKit(count: number) {
	const server = await startLiveKitServer();
	try {
		const workflow = workflowWith({
			type: 'realtimeVoice',
			// No worker here: this times room + dispatch + token, so the node does not wait for an agent.
			parameters: { resource: 'session', operation: 'create', participantName: '={{ $json.name }}', configSource: 'inputField', waitForAgent: false, options: { maxConcurrency: 16 } },
		});
		const credentials = { liveKitApi: { serverUrl: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName: 'n8n-realtime-voice' } };
		const started = performance.now();
		const run = await executeWorkflow(workflow, { credentials, records: records(count) });
		const seconds = (performance.now() - started) / 1000;
		const ok = outputItems(run, 'Node').filter((row) => row.json.dispatchId).length;
		console.log(`Realtime Voice   ${count} sessions (room + dispatch + token) in ${seconds.toFixed(2)} s  (${((seconds * 1000) / count).toFixed(1)} ms/session, ${(count / seconds).toFixed(0)}/s)  ok ${ok}/${count}`);
	} finally {
		await server.stop();
	}
}

(async () => {
	console.log(`records=${RECORDS} vendor latency=${LATENCY_MS} ms vendor concurrency limit=${VENDOR_LIMIT} (429 + Retry-After: 1 beyond it)`);
	for (const ceiling of [1, 8, 32]) {
		if (ceiling === 1 && RECORDS > 200) {
			console.log(`UpliftAI ad-hoc  ceiling= 1  skipped at ${RECORDS} records: serial by construction, ≥ ${((RECORDS * LATENCY_MS) / 1000).toFixed(0)} s`);
			continue;
		}
		await benchUpliftAi(ceiling);
	}
	await benchLiveKit(Math.min(RECORDS, 200));
	process.exit(0);
})();
