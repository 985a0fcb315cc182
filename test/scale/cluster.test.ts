/**
 * A two-node livekit-server cluster sharing one redis-server on loopback (scripts/livekit-cluster.ts,
 * recipe in ../shared/spec/livekit-cluster.md): the Realtime Voice node (in n8n's engine) creates a
 * session through node A's API, a worker connected only to node B takes it, and the caller joins
 * through node B with the node's token and hears the greeting. Stopping the cluster leaves no port.
 */
import { createConnection } from 'node:net';

import { dispose } from '@livekit/rtc-node';

import { startLiveKitCluster, type LiveKitCluster } from '../../scripts/livekit-cluster';
import { nodeCredentials } from '../../scripts/livekit-server';
import { TestCaller } from '../../scripts/local-stack/caller';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { waitForAgent } from '../harness/agent-join';
import { executeWorkflow, nodeError, outputItems } from '../harness/engine';
import { workflowWith } from '../harness/fixtures';
import { GREETING, deleteRoom, waitForJob } from './session';

jest.setTimeout(240_000);

const AGENT = 'scale-cluster';
let cluster: LiveKitCluster;
let worker: WorkerProcess;
const callers: TestCaller[] = [];

const portIsClosed = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => (socket.destroy(), resolve(false)));
		socket.once('error', () => resolve(true));
	});

beforeAll(async () => {
	cluster = await startLiveKitCluster({ nodes: 2 });
	const b = cluster.nodes[1];
	worker = await startWorker({ url: b.url, apiKey: b.apiKey, apiSecret: b.apiSecret, agentName: AGENT, env: { N8N_VOICE_IDLE_PROCESSES: '1', N8N_VOICE_IDLE_TIMEOUT_SECONDS: '5' }, prewarmed: 1, timeoutMs: 60_000 });
});

afterAll(async () => {
	for (const caller of callers) await caller.leave().catch(() => undefined);
	await worker?.stop();
	const ports = cluster ? [cluster.redisPort, ...cluster.nodes.map((node) => Number(new URL(node.url).port))] : [];
	await cluster?.stop();
	await dispose();
	for (const port of ports) expect(await portIsClosed(port)).toBe(true);
});

it('the node creates a session through node A, the worker on node B answers it, and the caller joining through node B hears the greeting', async () => {
	const [a, b] = cluster.nodes;
	expect(await cluster.redis('HLEN', 'nodes')).toBe(':2\r\n');

	const parameters = {
		resource: 'session',
		operation: 'create',
		roomName: 'cluster-1',
		participantName: 'Cluster Caller',
		agentWaitTimeout: 60,
		configSource: 'fields',
		instructions: 'You are a test assistant.',
		initialGreeting: true,
		greetingMessage: GREETING,
		sessionTtl: 120,
		sttProvider: 'openai-compatible',
		sttModel: 'whisper-1',
		sttBaseUrl: 'http://127.0.0.1:9/v1',
		ttsProvider: 'espeak',
		ttsVoiceId: 'en-us',
		llmProvider: 'openai-compatible',
		llmModel: 'none',
		llmBaseUrl: 'http://127.0.0.1:9/v1',
		tools: '[]',
	};
	const started = Date.now();
	const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters }), { credentials: nodeCredentials(a, AGENT) });
	expect(nodeError(run, 'Node')).toBeUndefined();
	const [item] = outputItems(run, 'Node');
	expect(item.json).toMatchObject({ roomName: 'cluster-1', wsUrl: a.url, agentJoinedAfterMs: expect.any(Number) });
	process.stdout.write(`[scale] cluster: node execution ${Date.now() - started} ms, agent joined after ${item.json.agentJoinedAfterMs} ms\n`);

	// The room lives on node A (region-aware placement), its agent came through node B.
	const hosting = (await cluster.redis('HGET', 'room_node_map', 'cluster-1')).trim().split('\r\n').pop()!;
	expect(hosting).toMatch(/^ND_/);
	expect(a.output()).toMatch(new RegExp(`selected node for room.*${hosting}`));
	expect(worker.logs.some((line) => line.msg === 'received job request')).toBe(true);
	expect(b.output()).toContain('assigned job to worker');

	// The caller joins through node B with the token the node returned.
	const joinedAt = Date.now();
	const caller = await TestCaller.join(b.url, item.json.token as string, { microphone: false });
	callers.push(caller);
	await waitForAgent(caller, b, 'cluster-1', AGENT, 60_000);
	const greeting = await caller.nextUtterance(joinedAt, 45_000);
	expect(greeting.frames).toBeGreaterThan(50);
	// That worker's job process ran the session.
	expect(await waitForJob([worker], 'cluster-1')).toBeDefined();
	process.stdout.write(`[scale] cluster: caller via B heard the greeting ${greeting.startedAt - joinedAt} ms after joining (room on node ${hosting})\n`);
	await deleteRoom(b, 'cluster-1');
});
