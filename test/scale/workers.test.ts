/**
 * Scale-out with several worker processes under one agent name, on one real livekit-server: sessions
 * are spread over them, a worker stopped with SIGTERM takes no new session (they go to the other) and
 * a session it had started keeps its agent while it drains (N8N_VOICE_DRAIN_TIMEOUT_SECONDS).
 *
 * LiveKit picks a worker by the load each reports (sessions ÷ N8N_VOICE_MAX_SESSIONS), not round robin
 * (../shared/spec/livekit-cluster.md §4): with a maximum of 2 per worker, four concurrent sessions
 * can only be answered by using both.
 */
import { dispose } from '@livekit/rtc-node';

import { startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import type { TestCaller } from '../../scripts/local-stack/caller';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { agentsIn, answeredSession, deleteRoom, jobOf, waitForJob } from './session';

jest.setTimeout(240_000);

const AGENT = 'scale-workers';
let server: LiveKitServer;
const workers: WorkerProcess[] = [];
const callers: TestCaller[] = [];

beforeAll(async () => {
	server = await startLiveKitServer();
	const env = { N8N_VOICE_IDLE_PROCESSES: '1', N8N_VOICE_MAX_SESSIONS: '2', N8N_VOICE_DRAIN_TIMEOUT_SECONDS: '90', N8N_VOICE_IDLE_TIMEOUT_SECONDS: '5' };
	workers.push(...(await Promise.all([1, 2].map(() => startWorker({ url: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName: AGENT, env, prewarmed: 1, timeoutMs: 60_000 })))));
});

afterAll(async () => {
	for (const caller of callers) await caller.leave().catch(() => undefined);
	for (const worker of workers) await worker.stop();
	await server?.stop();
	await dispose();
});

it('spreads sessions over two workers, sends new ones to the other when one is stopped, and the stopped one keeps its session until it ends', async () => {
	// Four sessions, one after the other (each answered before the next): two per worker at most.
	const first = ['w-1', 'w-2', 'w-3', 'w-4'];
	for (const room of first) {
		const session = await answeredSession(server, server, room, AGENT);
		callers.push(session.caller);
		expect(session.greeting.frames).toBeGreaterThan(50);
		process.stdout.write(`[scale] ${room}: agent after ${session.agentAfterMs} ms, greeting after ${session.greetingAfterMs} ms\n`);
	}
	const owners = await Promise.all(first.map((room) => waitForJob(workers, room)));
	for (const owner of owners) expect(owner).toBeDefined();
	const byWorker = workers.map((worker) => owners.filter((owner) => owner!.worker === worker).length);
	process.stdout.write(`[scale] sessions per worker: ${byWorker.join('/')}\n`);
	expect(byWorker).toEqual([2, 2]);

	// The first worker is stopped while its sessions go on; its last session's caller stays.
	const [stopped, remaining] = workers;
	const kept = first.filter((_, index) => owners[index]!.worker === stopped);
	// Free one slot of the remaining worker: its sessions end (the room is deleted).
	for (const room of first.filter((_, index) => owners[index]!.worker === remaining)) await deleteRoom(server, room);
	// Its jobs end and its next load report (every 2.5 s) says so.
	await new Promise((resolve) => setTimeout(resolve, 6000));

	const signalled = Date.now();
	const exited = stopped.terminate();
	const after = ['w-5', 'w-6'];
	for (const room of after) {
		const session = await answeredSession(server, server, room, AGENT);
		callers.push(session.caller);
		expect(await waitForJob([remaining], room)).toBeDefined();
		expect(jobOf([stopped], room)).toBeUndefined();
	}
	// The stopped worker's sessions still have their agent while it drains.
	for (const room of kept) expect(await agentsIn(server, room)).toHaveLength(1);
	expect(stopped.hasProcesses()).toBe(true);

	// They end (the room is deleted, as at their TTL): the worker then exits with all its processes,
	// long before the drain timeout.
	for (const room of kept) await deleteRoom(server, room);
	await exited;
	const exitedAfterMs = Date.now() - signalled;
	process.stdout.write(`[scale] stopped worker exited ${exitedAfterMs} ms after SIGTERM\n`);
	expect(stopped.hasProcesses()).toBe(false);
	expect(exitedAfterMs).toBeLessThan(90_000);
	for (const room of after) await deleteRoom(server, room);
});
