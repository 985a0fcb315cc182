/**
 * A job process killed (SIGKILL) under a running session, on a real livekit-server: the worker keeps
 * serving new sessions, the dead job's agent leaves the room within a bounded time, and stopping the
 * worker leaves no process or port behind. Gap: nothing closes the dead job's room or dispatches it
 * again (see the comment in the test); the room stays open with the caller and no agent.
 */
import { execFileSync } from 'node:child_process';

import { dispose } from '@livekit/rtc-node';

import { startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import type { TestCaller } from '../../scripts/local-stack/caller';
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

it('SIGKILL of a job process: the worker answers the next session, the dead agent leaves the room, no process or port is left after stopping', async () => {
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

	// The dead job's agent leaves the room when LiveKit times out its signal connection (~20 s). Nothing
	// closes the room or dispatches the job again today (the worker does not act on a job process
	// that died): the caller stays in a room without an agent until its empty/TTL timeouts. That is
	// logged, not asserted, until the worker closes such a room.
	let agentGoneAfterMs: number | undefined;
	while (Date.now() < killedAt + 35_000 && agentGoneAfterMs === undefined) {
		if ((await agentsIn(server, 'killed-1')).length === 0) agentGoneAfterMs = Date.now() - killedAt;
		else await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const roomOpen = await roomExists(server, 'killed-1');
	process.stdout.write(`[scale] killed job: agent gone after ${agentGoneAfterMs} ms; room still open: ${roomOpen}; caller disconnected: ${victim.caller.disconnectedAt !== undefined}\n`);
	expect(agentGoneAfterMs).toBeLessThan(35_000);

	const pids = groupPids(worker.pid);
	await deleteRoom(server, 'killed-2');
	await worker.stop();
	expect(worker.hasProcesses()).toBe(false);
	expect(pids.filter(alive)).toEqual([]);
	expect(socketsOf(pids)).toEqual([]);
	await deleteRoom(server, 'killed-1');
});
