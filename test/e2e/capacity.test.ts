/**
 * Capacity and Wait for Agent on a real livekit-server (loopback, `agents.target_load: 1`) with the
 * bundled worker as a child process: a session is only returned once its agent is in the room, and
 * when no worker takes it the node says so and leaves no room behind.
 *
 * LiveKit offers a dispatch to a worker with spare capacity and drops it when there is none; it does
 * not queue it. So a session over the worker's N8N_VOICE_MAX_SESSIONS must fail clearly (after Agent
 * Wait Timeout, its room deleted), and sessions under it must get an agent however busy the machine's
 * CPU is with other programs (the load the worker reports is its sessions, CPU only guards its own use).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';

import { RoomServiceClient } from 'livekit-server-sdk';

import { nodeCredentials, startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { startScriptedOpenAi, type ScriptedOpenAi } from '../doubles/scripted-openai';
import { executeWorkflow, nodeError, outputItems } from '../harness/engine';
import { workflowWith } from '../harness/fixtures';

jest.setTimeout(240_000);

let server: LiveKitServer;
let rooms: RoomServiceClient;
let providers: ScriptedOpenAi;
const workers: WorkerProcess[] = [];
const burners: ChildProcess[] = [];

beforeAll(async () => {
	server = await startLiveKitServer();
	rooms = new RoomServiceClient(server.url.replace('ws://', 'http://'), server.apiKey, server.apiSecret);
	providers = await startScriptedOpenAi({ chat: () => ({ content: 'Hello.' }) });
});

afterAll(async () => {
	for (const burner of burners) burner.kill('SIGKILL');
	for (const worker of workers) await worker.stop();
	await providers?.close();
	await server?.stop();
});

/** One session per record (room name from the record), through the node in n8n's engine, continue on fail. */
async function createSessions(agentName: string, roomNames: string[], agentWaitTimeout: number) {
	const parameters = {
		resource: 'session',
		operation: 'create',
		roomName: '={{ $json.room }}',
		participantName: 'Caller',
		agentWaitTimeout,
		configSource: 'fields',
		instructions: 'You are a test assistant. Keep answers short.',
		initialGreeting: false,
		sessionTtl: 120,
		sttProvider: 'openai-compatible',
		sttModel: 'whisper-1',
		sttLanguage: 'en',
		sttBaseUrl: providers.baseUrl,
		ttsProvider: 'espeak',
		ttsVoiceId: 'en-us',
		llmProvider: 'openai-compatible',
		llmModel: 'scripted-model',
		llmBaseUrl: providers.baseUrl,
		tools: '[]',
	};
	const started = Date.now();
	const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters, continueOnFail: true }, roomNames.map((room) => ({ room }))), {
		credentials: nodeCredentials(server, agentName),
	});
	expect(nodeError(run, 'Node')).toBeUndefined();
	return { items: outputItems(run, 'Node'), elapsedMs: Date.now() - started };
}

const existingRooms = async (names: string[]) => (await rooms.listRooms(names)).map((room) => room.name).sort();

async function worker(agentName: string, env: Record<string, string>) {
	const started = await startWorker({ url: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName, env: { N8N_VOICE_IDLE_PROCESSES: '2', ...env }, prewarmed: 2, timeoutMs: 60_000 });
	workers.push(started);
	return started;
}

it('(a) no worker registered: Create fails after Agent Wait Timeout, saying what LiveKit shows, and the room is gone', async () => {
	const { items, elapsedMs } = await createSessions('capacity-nobody', ['cap-none'], 3);

	expect(items).toHaveLength(1);
	expect(items[0].pairedItem).toEqual({ item: 0 });
	expect(items[0].json).toMatchObject({
		error: expect.stringMatching(/^no worker accepted the session within 3 s: LiveKit started no job for dispatch AD_\w+ \(agent "capacity-nobody"\)/),
		description: expect.stringContaining('The room "cap-none" was deleted again'),
		code: 'agent_not_joined',
	});
	expect(elapsedMs).toBeGreaterThanOrEqual(3000);
	expect(await existingRooms(['cap-none'])).toEqual([]);
});

it('(b) a worker with N8N_VOICE_MAX_SESSIONS=2 and three sessions at once: two agents join, the third fails clearly and leaves no room', async () => {
	const capped = await worker('capacity-two', { N8N_VOICE_MAX_SESSIONS: '2' });
	const names = ['cap-b-1', 'cap-b-2', 'cap-b-3'];

	const { items } = await createSessions('capacity-two', names, 30);

	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	const joined = items.filter((item) => item.json.error === undefined);
	const failed = items.filter((item) => item.json.error !== undefined);
	expect(joined).toHaveLength(2);
	for (const item of joined) expect(item.json.agentJoinedAfterMs).toEqual(expect.any(Number));
	// LiveKit drops the dispatch the full worker rejected: the node says so instead of handing out a
	// session no agent will join.
	expect(failed).toHaveLength(1);
	expect(failed[0].json).toMatchObject({
		error: expect.stringMatching(/^no worker accepted the session within 30 s: LiveKit started no job for dispatch AD_\w+ \(agent "capacity-two"\)/),
		code: 'agent_not_joined',
	});
	const failedRoom = names[items.indexOf(failed[0])];
	expect(await existingRooms(names)).toEqual(names.filter((name) => name !== failedRoom));
	// The worker turned the third job down itself, or LiveKit did not offer it to a worker reporting full.
	const refused = await capped.waitForLog((line) => line.msg === 'job rejected: the worker runs its maximum of sessions' || line.msg === 'worker capacity: full (max sessions)', 10_000);
	expect(refused).toMatchObject({ maxSessions: 2 });

	for (const name of names) await rooms.deleteRoom(name).catch(() => undefined);
	await capped.stop();
});

it('(c) while other programs keep both cores busy, sessions under the maximum still get an agent', async () => {
	// One CPU burner per core, for the whole test.
	for (let i = 0; i < cpus().length; i++) {
		burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
	}
	const busy = await machineCpuShare(3000);
	const loaded = await worker('capacity-busy', {});
	// Two load reports (every 2.5 s) measured under the burners before the sessions come.
	await new Promise((resolve) => setTimeout(resolve, 6000));

	const names = ['cap-c-1', 'cap-c-2'];
	const { items } = await createSessions('capacity-busy', names, 60);

	expect(busy).toBeGreaterThan(0.8);
	expect(items.map((item) => item.json.error ?? 'ok')).toEqual(['ok', 'ok']);
	for (const item of items) expect(item.json.agentJoinedAfterMs).toEqual(expect.any(Number));
	expect(await existingRooms(names)).toEqual(names);
	// Never full: neither the framework's CPU gate nor the guard on the worker's own CPU closed it.
	const closed = loaded.logs.filter((line) => line.msg === 'worker is at full capacity, marking as unavailable' || String(line.msg).startsWith('worker capacity: full'));
	expect(closed).toEqual([]);

	for (const burner of burners.splice(0)) burner.kill('SIGKILL');
	for (const name of names) await rooms.deleteRoom(name).catch(() => undefined);
});

it('(d) SIGTERM during a session: the worker takes no new job, waits N8N_VOICE_DRAIN_TIMEOUT_SECONDS, then ends the session and exits with all its processes', async () => {
	const draining = await worker('capacity-drain', { N8N_VOICE_DRAIN_TIMEOUT_SECONDS: '3' });
	const { items } = await createSessions('capacity-drain', ['cap-d-1'], 60);
	expect(items[0].json).toMatchObject({ roomName: 'cap-d-1', agentJoinedAfterMs: expect.any(Number) });

	const signalled = Date.now();
	const exited = draining.terminate();
	// While it drains, a new session gets no agent from it, and the node says so.
	const during = await createSessions('capacity-drain', ['cap-d-2'], 2);
	expect(during.items[0].json.error).toMatch(/^no worker accepted the session within 2 s: LiveKit started no job for dispatch AD_\w+ \(agent "capacity-drain"\)/);
	await exited;
	const exitedAfterMs = Date.now() - signalled;

	// The session held the worker for the drain timeout, and no longer than it plus the job's
	// shutdown grace (20 s to acknowledge, 20 s to exit).
	expect(exitedAfterMs).toBeGreaterThanOrEqual(3000);
	expect(exitedAfterMs).toBeLessThan(3000 + 45_000);
	expect(draining.hasProcesses()).toBe(false);
	// The agent left the room with its job.
	expect((await rooms.listParticipants('cap-d-1').catch(() => [])).filter((p) => Number(p.kind) === 4)).toEqual([]);
	expect(await existingRooms(['cap-d-2'])).toEqual([]);
	await rooms.deleteRoom('cap-d-1').catch(() => undefined);
});

/** The whole machine's CPU use over `ms` (what the framework's default load function reported). */
async function machineCpuShare(ms: number): Promise<number> {
	const total = () => cpus().reduce((sum, cpu) => ({ idle: sum.idle + cpu.times.idle, all: sum.all + Object.values(cpu.times).reduce((a, b) => a + b, 0) }), { idle: 0, all: 0 });
	const before = total();
	await new Promise((resolve) => setTimeout(resolve, ms));
	const after = total();
	return 1 - (after.idle - before.idle) / (after.all - before.all);
}
