/**
 * Scale-out: sessions per second dispatched and answered with 1, 2 and 3 worker processes (same
 * agent name) on a two-node livekit-server cluster sharing one redis-server on loopback
 * (scripts/livekit-cluster.ts). Workers are connected to the nodes in turn (A, B, A). Each round
 * dispatches `sessions` sessions at once (room + explicit dispatch with the node's metadata, espeak
 * TTS and a fixed greeting, rooms created through A and B in turn), a caller joins each through the
 * other node, and a session counts as answered when its caller hears the greeting.
 *
 * Printed, not asserted. Usage: npx ts-node bench/voice/scale-out.ts [sessions=8] [workers=1,2,3]
 *   [maxSessions=10] [idle=2]
 */
import { dispose } from '@livekit/rtc-node';

import { startLiveKitCluster } from '../../scripts/livekit-cluster';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { answeredSession, deleteRoom, jobOf } from '../../test/scale/session';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));
const SESSIONS = Number(args.sessions ?? 8);
const WORKER_COUNTS = (args.workers ?? '1,2,3').split(',').map(Number);
const MAX_SESSIONS = args.maxSessions ?? '10';
const IDLE = args.idle ?? '2';

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
};

async function main() {
	const cluster = await startLiveKitCluster({ nodes: 2, logLevel: 'warn' });
	const rows: string[][] = [];
	try {
		for (const count of WORKER_COUNTS) {
			const agent = `scale-bench-${count}`;
			const workers: WorkerProcess[] = [];
			try {
				for (let index = 0; index < count; index++) {
					const node = cluster.nodes[index % cluster.nodes.length];
					workers.push(await startWorker({ url: node.url, apiKey: node.apiKey, apiSecret: node.apiSecret, agentName: agent, env: { N8N_VOICE_IDLE_PROCESSES: IDLE, N8N_VOICE_MAX_SESSIONS: MAX_SESSIONS, N8N_VOICE_IDLE_TIMEOUT_SECONDS: '5' }, prewarmed: Number(IDLE), timeoutMs: 90_000 }));
				}
				// One load report from every worker (every 2.5 s) before the burst.
				await new Promise((resolve) => setTimeout(resolve, 3000));
				const rooms = Array.from({ length: SESSIONS }, (_, index) => `bench-${count}w-${index}`);
				const started = Date.now();
				const results = await Promise.allSettled(
					rooms.map((room, index) => {
						const api = cluster.nodes[index % 2];
						const via = cluster.nodes[(index + 1) % 2];
						return answeredSession(api, via, room, agent, 120_000);
					}),
				);
				const wallMs = Date.now() - started;
				const answered = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
				const lost = results.filter((result) => result.status === 'rejected').length;
				const split = workers.map((worker) => rooms.filter((room) => jobOf([worker], room)).length).join('/');
				rows.push([
					String(count),
					String(SESSIONS),
					String(answered.length),
					String(lost),
					(wallMs / 1000).toFixed(1),
					(answered.length / (wallMs / 1000)).toFixed(2),
					`${percentile(answered.map((s) => s.agentAfterMs), 50)}/${percentile(answered.map((s) => s.agentAfterMs), 95)}`,
					`${percentile(answered.map((s) => s.greetingAfterMs), 50)}/${percentile(answered.map((s) => s.greetingAfterMs), 95)}`,
					split,
				]);
				for (const session of answered) await session.caller.leave().catch(() => undefined);
				for (const [index, room] of rooms.entries()) await deleteRoom(cluster.nodes[index % 2], room);
				process.stderr.write(`[scale-out] ${count} worker(s): ${answered.length}/${SESSIONS} answered in ${(wallMs / 1000).toFixed(1)} s\n`);
			} finally {
				await Promise.all(workers.map((worker) => worker.stop()));
			}
		}
	} finally {
		await cluster.stop();
		await dispose();
	}
	const header = ['workers', 'sessions', 'answered', 'lost', 'wall s', 'answered/s', 'agent ms p50/p95', 'greeting ms p50/p95', 'split per worker'];
	const table = [header, ...rows];
	const widths = header.map((_, column) => Math.max(...table.map((row) => row[column].length)));
	for (const row of table) console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
	console.log(`\n(${SESSIONS} sessions dispatched at once per round; two-node cluster; N8N_VOICE_MAX_SESSIONS=${MAX_SESSIONS}, N8N_VOICE_IDLE_PROCESSES=${IDLE}; times from the dispatch)`);
}

void main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
