/**
 * Join → first agent audio, heard at the caller: sessions one after another on the local stack (real
 * livekit-server on loopback, the bundled worker with prewarmed job processes, espeak-ng TTS). Each
 * session is provisioned through the Realtime Voice node in n8n's engine; the caller joins with the
 * node's token as soon as the node returned, as a page would, and the clock stops at the first loud
 * audio frame it receives from the agent.
 *
 * The stages come from one clock (same host): the bench's own timestamps, livekit-server's log
 * ("assigned job to worker", copied into out/logs/ by a launcher), the worker's log ("received job
 * request", "session started", the greeting's turn metrics with its first audio frame and TTS time to
 * first byte) and the agent participant's joinedAtMs.
 *
 * Usage: npm run bench:join [-- sessions=50 batch=1 prewarmed=4 pauseMs=1000 greeting=…]
 *        batch=5 provisions five sessions in one node execution and joins their callers at once, as
 *        `npm start` does with examples/customers.csv.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { AgentDispatchClient } from 'livekit-server-sdk';

import { isAgent } from '../../nodes/RealtimeVoice/rows';
import { TestCaller } from '../../scripts/local-stack/caller';
import { LOG_DIR } from '../../scripts/local-stack/logs';
import type { WorkerLogLine } from '../../scripts/local-stack/worker-process';
import { localConfig, percentile, sleep, startStack, type Stack } from './stack';

/** One session's stage boundaries, milliseconds since the epoch. */
interface Sample {
	room: string;
	nodeStarted: number;
	nodeReturned: number;
	callerConnected: number;
	jobAssigned?: number;
	jobRequest?: number;
	agentJoined?: number;
	sessionStarted?: number;
	firstAudioSent?: number;
	ttsTtfbMs?: number;
	heard: number;
	/** livekit-server dropped the dispatch (no worker under its target load) and the bench made it again. */
	redispatched: boolean;
}

const STAGES: Array<[string, (s: Sample) => number | undefined]> = [
	['node execution (room + dispatch + token)', (s) => s.nodeReturned - s.nodeStarted],
	['caller connect (room.connect resolved)', (s) => s.callerConnected - s.nodeReturned],
	['node returned → job assigned by livekit-server', (s) => diff(s.jobAssigned, s.nodeReturned)],
	['job assigned → worker received the job request', (s) => diff(s.jobRequest, s.jobAssigned)],
	['job request → agent joined the room', (s) => diff(s.agentJoined, s.jobRequest)],
	['agent joined → session started (AgentSession.start)', (s) => diff(s.sessionStarted, s.agentJoined)],
	['session started → first audio frame sent', (s) => diff(s.firstAudioSent, s.sessionStarted)],
	['  greeting TTS first byte (synthesized early)', (s) => s.ttsTtfbMs],
	['first frame sent → heard at the caller', (s) => diff(s.heard, s.firstAudioSent)],
	['node returned → agent joined', (s) => diff(s.agentJoined, s.nodeReturned)],
];

function diff(a: number | undefined, b: number | undefined) {
	return a === undefined || b === undefined ? undefined : a - b;
}

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));

/** "2026-11-30T14:39:45.151Z\tINFO\tlivekit.agents\t…\tassigned job to worker\t{… "room": "name" …}" → time by room. */
function jobAssignedTimes(logPath: string): Map<string, number> {
	const times = new Map<string, number>();
	let text = '';
	try {
		text = readFileSync(logPath, 'utf8');
	} catch {
		return times;
	}
	for (const line of text.split('\n')) {
		if (!line.includes('assigned job to worker')) continue;
		const time = /(\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(line)?.[1];
		const room = /"room": "([^"]+)"/.exec(line)?.[1];
		if (time && room && !times.has(room)) times.set(room, Date.parse(time));
	}
	return times;
}

function workerTimes(logs: WorkerLogLine[], room: string) {
	const started = logs.find((line) => line.msg === 'session started' && line.room === room);
	const roomId = started?.room_id;
	const request = logs.find((line) => line.msg === 'received job request' && roomId !== undefined && line.room_id === roomId);
	const metrics = logs.find((line) => line.msg === 'turn metrics' && line.room === room && (line.turnMetrics as { kind?: string })?.kind === 'greeting')?.turnMetrics as
		| { firstAudioAt?: number; ttsTtfbMs?: number }
		| undefined;
	return { jobRequest: request?.time as number | undefined, sessionStarted: started?.time as number | undefined, firstAudioSent: metrics?.firstAudioAt, ttsTtfbMs: metrics?.ttsTtfbMs };
}

/**
 * livekit-server offers a dispatch's job once, to a worker under its target load (0.7 CPU), and drops
 * it otherwise ("no worker available to handle job", in its log); on a busy machine the worker's
 * whole-machine load crosses that. Such a dispatch (and only such a one: a slow job is not lost) is
 * made again, as test/harness/agent-join.ts does, and the session counted apart, not in the figures.
 */
async function redispatchIfDropped(stack: Stack, caller: TestCaller, room: string, since: number, liveKitLog: string): Promise<boolean> {
	const dispatches = new AgentDispatchClient(stack.server.url.replace(/^ws/, 'http'), stack.server.apiKey, stack.server.apiSecret);
	// Two lines say so: "no worker available to handle job" (with the room) when no worker is under
	// the target load, and "failed to send job request … no servers available" (without the room)
	// when the only worker reported itself full.
	const dropped = () => {
		try {
			return readFileSync(liveKitLog, 'utf8')
				.split('\n')
				.filter(
					(line) =>
						(line.includes('no worker available to handle job') && line.includes(`"room": "${room}"`)) ||
						(line.includes('failed to send job request') && line.includes(`"agentName": "${stack.worker.agentName}"`) && Date.parse(/(\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(line)?.[1] ?? '') >= since),
				).length;
		} catch {
			return 0;
		}
	};
	let made = 0;
	while (caller.agent === undefined && Date.now() - since < 60_000) {
		await caller.waitFor(() => caller.agent !== undefined, 1_000, 'agent').catch(() => undefined);
		if (caller.agent !== undefined || dropped() <= made) continue;
		const dispatch = (await dispatches.listDispatch(room)).find((candidate) => candidate.agentName === stack.worker.agentName);
		if (!dispatch || (dispatch.state?.jobs ?? []).length > 0) continue;
		await dispatches.deleteDispatch(dispatch.id, room);
		await dispatches.createDispatch(room, stack.worker.agentName, { metadata: dispatch.metadata });
		made++;
	}
	return made > 0;
}

/** One session: provisioned (alone or in a batch) at `nodeStarted`, joined by a caller, first audio heard. */
async function measureOne(stack: Stack, session: Record<string, unknown>, nodeStarted: number, nodeReturned: number, liveKitLog: string): Promise<Sample> {
	const room = String(session.roomName);
	const caller = await TestCaller.join(String(session.wsUrl), String(session.token), { microphone: false });
	const callerConnected = Date.now();
	try {
		const redispatched = await redispatchIfDropped(stack, caller, room, nodeStarted, liveKitLog);
		await caller.waitFor(() => caller.firstAgentAudioAt !== undefined, 30_000, `the agent's first audio in ${room}`).catch((error: Error) => {
			throw new Error(`${error.message} (agent in the room: ${caller.agent ? 'yes' : 'no'}); the worker said:\n${stack.worker.output().slice(-3000)}`);
		});
		const heard = caller.firstAgentAudioAt!;
		const agent = (await stack.rooms.listParticipants(room)).find(isAgent);
		// The greeting's turn metrics are logged when its speech ends.
		await stack.worker.waitForLog((line) => line.msg === 'turn metrics' && line.room === room, 30_000).catch(() => undefined);
		return { room, nodeStarted, nodeReturned, callerConnected, heard, redispatched, agentJoined: agent ? Number(agent.joinedAtMs) : undefined, ...workerTimes(stack.worker.logs, room) };
	} finally {
		await caller.leave();
		await stack.rooms.deleteRoom(room).catch(() => {});
	}
}

/**
 * `sessions` sessions in rounds of `batch`: each round is provisioned by one node execution (as a
 * workflow with `batch` records does) and its callers join at once; rounds are `pauseMs` apart, so
 * the worker's pool of prewarmed job processes refills as it would in production.
 */
export async function measureJoinToFirstAudio(stack: Stack, options: { sessions: number; batch: number; pauseMs: number; greeting: string; liveKitLog: string }) {
	const samples: Sample[] = [];
	let failed = 0;
	while (samples.length < options.sessions) {
		const count = Math.min(options.batch, options.sessions - samples.length);
		const nodeStarted = Date.now();
		const provisioned = await stack.provision(Array.from({ length: count }, () => localConfig(stack.providers.baseUrl, { greetingMessage: options.greeting })));
		const nodeReturned = Date.now();
		const round = await Promise.all(
			provisioned.map((session) =>
				measureOne(stack, session, nodeStarted, nodeReturned, options.liveKitLog).catch((error: Error) => {
					console.log(`  a session failed: ${error.message.split('\n')[0]}`);
					failed++;
					return undefined;
				}),
			),
		);
		samples.push(...round.filter((sample): sample is Sample => sample !== undefined));
		if (failed > options.sessions / 5) throw new Error(`${failed} sessions failed`);
		if (samples.length % 10 < count) console.log(`  ${samples.length}/${options.sessions} sessions`);
		await sleep(options.pauseMs);
	}
	const assigned = jobAssignedTimes(options.liveKitLog);
	for (const sample of samples) sample.jobAssigned = assigned.get(sample.room);
	return { samples, failed };
}

export function summarize(all: Sample[]) {
	const samples = all.filter((sample) => !sample.redispatched);
	const figure = (values: Array<number | undefined>) => {
		const known = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
		return known.length === 0 ? undefined : { n: known.length, p50: percentile(known, 50), p95: percentile(known, 95), max: Math.max(...known) };
	};
	return {
		joinToFirstAudio: figure(samples.map((s) => s.heard - s.nodeReturned))!,
		nodeToFirstAudio: figure(samples.map((s) => s.heard - s.nodeStarted))!,
		stages: STAGES.map(([name, stage]) => ({ name, ...figure(samples.map(stage)) })),
		redispatched: all.length - samples.length,
	};
}

async function main() {
	const sessions = Number(args.sessions ?? 50);
	const pauseMs = Number(args.pauseMs ?? 1000);
	const batch = Number(args.batch ?? 1);
	const prewarmed = Number(args.prewarmed ?? 4);
	const greeting = args.greeting ?? 'Hello, thanks for calling. How can I help you today?';
	const liveKitLog = join(LOG_DIR, `bench-join-livekit-${Date.now()}.log`);
	console.log(`join → first agent audio, ${sessions} sessions ${batch > 1 ? `in rounds of ${batch} at once` : 'one after another'}, ${prewarmed} prewarmed job processes, ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);
	const stack = await startStack({
		chat: () => ({ content: 'unused' }),
		workerEnv: { N8N_VOICE_LOAD_THRESHOLD: '1', N8N_VOICE_IDLE_PROCESSES: String(prewarmed), N8N_VOICE_IDLE_TIMEOUT_SECONDS: '1', ...(args.workerEnv ? JSON.parse(args.workerEnv) : {}) },
		prewarmed,
		liveKitLog: { path: liveKitLog, level: 'info' },
	});
	try {
		const { samples, failed } = await measureJoinToFirstAudio(stack, { sessions, batch, pauseMs, greeting, liveKitLog });
		if (failed > 0) console.log(`\n${failed} sessions failed (no agent audio in time) and were replaced by further sessions`);
		const summary = summarize(samples);
		const ms = (f?: { p50: number; p95: number; max: number }) => (f ? `p50 ${f.p50} ms, p95 ${f.p95} ms, max ${f.max} ms` : 'n/a');
		if (summary.redispatched > 0) console.log(`\n${summary.redispatched} of ${samples.length} dispatches were dropped by livekit-server (no worker under its target load) and made again; those sessions are left out below`);
		console.log(`\nJoin → first agent audio at the caller (caller joins when the node returns): ${ms(summary.joinToFirstAudio)}`);
		console.log(`Node execution → first agent audio at the caller: ${ms(summary.nodeToFirstAudio)}`);
		console.log(`\nStages (ms)                                              p50     p95     max    n`);
		for (const stage of summary.stages) console.log(`  ${stage.name.padEnd(54)} ${String(stage.p50 ?? '–').padStart(6)}  ${String(stage.p95 ?? '–').padStart(6)}  ${String(stage.max ?? '–').padStart(6)}  ${String(stage.n ?? 0).padStart(3)}`);
		console.log(`\nload average after the run: ${loadavg()[0].toFixed(2)}; livekit-server's log: ${liveKitLog}`);
	} finally {
		await stack.stop();
	}
}

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
