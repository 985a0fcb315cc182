/**
 * A job process killed (SIGKILL) under a running session, on a real livekit-server: the worker keeps
 * serving new sessions, it closes the dead job's room within a bounded time (worker/src/lostJobs.ts),
 * so the caller is disconnected instead of left in a room without an agent, it leaves the other
 * session alone, and stopping the worker leaves no process or port behind.
 */
import { execFileSync } from 'node:child_process';

import { dispose } from '@livekit/rtc-node';

import { startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import type { TestCaller } from '../../scripts/local-stack/caller';
import { pollUntil } from '../../scripts/local-stack/poll';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { agentsIn, answeredSession, deleteRoom, roomExists, waitForJob } from './session';

jest.setTimeout(240_000);

const AGENT = 'scale-job-killed';
let server: LiveKitServer;
let worker: WorkerProcess;
const callers: TestCaller[] = [];

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/** TCP/UDP sockets held by any of these pids (ss -p), so a port left behind is seen. */
function socketsOf(pids: number[]): string[] {
	const table = execFileSync('ss', ['-Htuanp'], { encoding: 'utf8' }).split('\n');
	return table.filter((line) => pids.some((pid) => line.includes(`pid=${pid},`)));
}

function groupPids(pgid: number): number[] {
	return execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' })
		.split('\n')
		.map((line) => line.trim().split(/\s+/).map(Number))
		.filter(([, group]) => group === pgid)
		.map(([pid]) => pid);
}

beforeAll(async () => {
	server = await startLiveKitServer();
	worker = await startWorker({ url: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName: AGENT, env: { N8N_VOICE_IDLE_PROCESSES: '1', N8N_VOICE_IDLE_TIMEOUT_SECONDS: '5' }, prewarmed: 1, timeoutMs: 60_000 });
});

afterAll(async () => {
	for (const caller of callers) await caller.leave().catch(() => undefined);
	await worker?.stop();
	await server?.stop();
	await dispose();
});

it('SIGKILL of a job process: the worker answers the next session and closes the dead job\'s room, no process or port is left after stopping', async () => {
	const victim = await answeredSession(server, server, 'killed-1', AGENT);
	callers.push(victim.caller);
	const job = await waitForJob([worker], 'killed-1');
	expect(job).toBeDefined();
	expect(job!.pid).not.toBe(worker.pid);
	expect(groupPids(worker.pid)).toContain(job!.pid);

	const killedAt = Date.now();
	process.kill(job!.pid, 'SIGKILL');

	// The worker answers a new session at once.
	const next = await answeredSession(server, server, 'killed-2', AGENT);
	callers.push(next.caller);
	expect(next.greeting.frames).toBeGreaterThan(50);
	expect((await waitForJob([worker], 'killed-2'))!.pid).not.toBe(job!.pid);
	process.stdout.write(`[scale] after the kill: next session's agent after ${next.agentAfterMs} ms\n`);

	// The worker notices the job gone at its next load report (2.5 s) and closes the room, which
	// disconnects the caller: bounded at 10 s here, about 3 s expected.
	await pollUntil(() => victim.caller.disconnectedAt !== undefined, 10_000, 'the caller of the dead job to be disconnected');
	const closedAfterMs = victim.caller.disconnectedAt! - killedAt;
	expect(await roomExists(server, 'killed-1')).toBe(false);
	const closing = worker.logs.find((line) => line.msg?.toString().startsWith('job process died during a session'));
	expect(closing).toMatchObject({ level: 50, room: 'killed-1', jobId: expect.stringMatching(/^AJ_/) });
	process.stdout.write(`[scale] killed job: its room closed and the caller disconnected ${closedAfterMs} ms after the kill\n`);
	// The other session goes on: its agent is still there, its room open.
	expect(await agentsIn(server, 'killed-2')).toHaveLength(1);
	expect(next.caller.disconnectedAt).toBeUndefined();

	const pids = groupPids(worker.pid);
	await deleteRoom(server, 'killed-2');
	await worker.stop();
	expect(worker.hasProcesses()).toBe(false);
	expect(pids.filter(alive)).toEqual([]);
	expect(socketsOf(pids)).toEqual([]);
});
