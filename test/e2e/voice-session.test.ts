/**
 * End to end, nothing imitated but the model providers: a real livekit-server (--dev, loopback), the
 * bundled worker as a child process, a workflow JSON executed through n8n-core's engine whose
 * Realtime Voice node provisions the session, and an @livekit/rtc-node caller that talks to the agent
 * with espeak-ng speech. LLM and STT are `openai-compatible` pointing at a scripted local double
 * (test/doubles/scripted-openai.ts); TTS is the worker's offline `espeak` provider.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

import { dispose } from '@livekit/rtc-node';
import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

import { nodeCredentials, startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import { synthesizeSpeech, TestCaller } from '../../scripts/local-stack/caller';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { messageText, startScriptedOpenAi, type ChatRequest, type ScriptedOpenAi } from '../doubles/scripted-openai';
import { executeWorkflow, outputJson, type WorkflowJson } from '../harness/engine';

jest.setTimeout(180_000);

const AGENT_NAME = 'n8n-realtime-voice-e2e';
const workflow = JSON.parse(readFileSync(join(__dirname, '..', 'workflows', 'realtime-voice-e2e.json'), 'utf8')) as WorkflowJson;

/** The conversation the double plays: greet, call get_weather, report it; a pirate once told so. */
function script(request: ChatRequest) {
	const system = request.messages.filter((m) => m.role === 'system' || m.role === 'developer').map(messageText).join('\n');
	const last = request.messages[request.messages.length - 1];
	const pirate = /pirate/i.test(system);
	if (last.role === 'tool') return { content: `The weather in Paris is ${JSON.parse(messageText(last)).result}.` };
	const userText = messageText([...request.messages].reverse().find((m) => m.role === 'user'));
	if (!userText) return { content: 'Hello Ada, welcome to Analytical Engines. How can I help?' };
	if (/weather/i.test(userText)) return { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] };
	return { content: pirate ? 'Arr, a pirate never tells jokes, matey.' : 'Here is a joke about engines.' };
}

const portIsClosed = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => (socket.destroy(), resolve(false)));
		socket.once('error', () => resolve(true));
	});

const processIsGone = (pid: number) => {
	try {
		process.kill(pid, 0);
		return false;
	} catch {
		return true;
	}
};

describe('bundled worker, end to end on a real LiveKit server', () => {
	let server: LiveKitServer;
	let providers: ScriptedOpenAi;
	let worker: WorkerProcess;
	const callers: TestCaller[] = [];

	beforeAll(async () => {
		server = await startLiveKitServer();
		providers = await startScriptedOpenAi({ chat: script });
		worker = await startWorker({
			url: server.url,
			apiKey: server.apiKey,
			apiSecret: server.apiSecret,
			agentName: AGENT_NAME,
			env: { N8N_VOICE_IDLE_PROCESSES: '1', N8N_VOICE_IDLE_TIMEOUT_SECONDS: '5' },
		});
	});

	// Runs when a step fails too: every process stopped, every port released.
	afterAll(async () => {
		for (const caller of callers) await caller.leave();
		await worker?.stop();
		await providers?.close();
		await server?.stop();
		await dispose();
		expect(await portIsClosed(Number(new URL(server.url).port))).toBe(true);
		expect(await portIsClosed(Number(new URL(providers.baseUrl).port))).toBe(true);
		expect(processIsGone(server.pid)).toBe(true);
		expect(processIsGone(worker.pid)).toBe(true);
		expect(processIsGone(-worker.pid)).toBe(true);
	});

	it('refuses a dispatch whose config fails the shared schema, tells the room, and keeps serving', async () => {
		const http = server.url.replace('ws://', 'http://');
		await new RoomServiceClient(http, server.apiKey, server.apiSecret).createRoom({ name: 'e2e-invalid', emptyTimeout: 30 });
		const metadata = JSON.stringify({ version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity: 'invalid-user', name: 'X' }, config: { agent: { instructions: '' } } });
		await new AgentDispatchClient(http, server.apiKey, server.apiSecret).createDispatch('e2e-invalid', AGENT_NAME, { metadata });
		// The user arrives after the dispatch, as with a real session: the agent waits to tell them.
		await worker.waitForLog((line) => String(line.msg).startsWith('session refused'), 30_000);
		const token = new AccessToken(server.apiKey, server.apiSecret, { identity: 'invalid-user' });
		token.addGrant({ roomJoin: true, room: 'e2e-invalid' });
		const caller = await TestCaller.join(server.url, await token.toJwt(), { microphone: false });
		callers.push(caller);
		await caller.waitFor(() => caller.data.some((d) => d.topic === 'n8n-realtime-voice'), 30_000, 'the refusal data message');
		const refusal = JSON.parse(caller.data.find((d) => d.topic === 'n8n-realtime-voice')!.text);
		expect(refusal).toMatchObject({ type: 'session_error', reason: 'invalid_config' });
		expect(refusal.errors.join('\n')).toContain('metadata.config.agent.instructions must not be empty');
		const logged = await worker.waitForLog((line) => String(line.msg).startsWith('session refused'), 10_000);
		expect(logged.msg).toContain('metadata.config.stt is required');
		await caller.leave();
	});

	it('answers a workflow-provisioned session: greeting, speech → reply, tool over RPC, live instructions, TTL', async () => {
		// The TTL counts from the room's creation, at the start of the node's run (the node returns once
		// the agent has joined, a second or more later).
		const provisionedAt = Date.now();
		const run = await executeWorkflow(workflow, {
			credentials: nodeCredentials(server, AGENT_NAME),
			records: [{ name: 'Ada Lovelace', company: 'Analytical Engines', ttlSeconds: 40, providerUrl: providers.baseUrl }],
		});
		const [session] = outputJson(run, 'Realtime Voice');
		expect(session).toMatchObject({ roomName: expect.stringMatching(/^e2e-/), wsUrl: server.url, participantName: 'Ada Lovelace' });

		// The caller uses exactly what the node returned.
		const caller = await TestCaller.join(String(session.wsUrl), String(session.token));
		callers.push(caller);
		await caller.waitFor(() => caller.agent !== undefined, 30_000, 'the agent to join');
		expect(caller.agent!.identity).toMatch(/^agent-/);

		// 1. The greeting is generated by the LLM and arrives as audio.
		const greeting = await caller.nextUtterance(provisionedAt, 30_000);
		expect(greeting.frames).toBeGreaterThan(20);
		expect(messageText(providers.requests.map((r) => r.body as ChatRequest).find((b) => b.messages)!.messages[0])).toContain('weather assistant of Analytical Engines');

		// 2. Speech in, a tool call over RPC to this participant, the result spoken back.
		const toolCalls: Array<{ args: Record<string, unknown>; caller: string; timeout: number }> = [];
		caller.handleTool('get_weather', async (args, data) => {
			toolCalls.push({ args, caller: data.callerIdentity, timeout: data.responseTimeout });
			return { result: 'sunny and 21 degrees' };
		});
		providers.queueTranscripts('What is the weather in Paris?');
		const spokeAt = await caller.say(synthesizeSpeech('What is the weather in Paris?'));
		const weatherReply = await caller.nextUtterance(spokeAt, 30_000);
		expect(weatherReply.frames).toBeGreaterThan(20);
		expect(toolCalls).toEqual([{ args: { city: 'Paris' }, caller: caller.agent!.identity, timeout: expect.any(Number) }]);
		// The agent asks for the tool's 5 s; the receiving SDK reports that minus its round-trip allowance.
		expect(toolCalls[0].timeout).toBeLessThanOrEqual(5000);
		const chats = () => providers.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as ChatRequest);
		const toolResult = chats().flatMap((c) => c.messages).find((m) => m.role === 'tool');
		expect(JSON.parse(messageText(toolResult))).toEqual({ result: 'sunny and 21 degrees' });

		// 3. The client changes the live session: a new tool and new instructions shape the next reply.
		expect(JSON.parse(await caller.callAgent('update_instructions', { instructions: 'You are a pirate. Answer like a pirate.' }))).toEqual({ status: 'ok' });
		const toolsAnswer = JSON.parse(
			await caller.callAgent('update_tools', { action: 'add', tools: [{ name: 'get_time', description: 'Local time', parameters: { type: 'object', properties: {} }, timeout: 3 }] }),
		);
		expect(toolsAnswer).toEqual({ status: 'ok', tools: ['get_weather', 'get_time'] });
		await expect(caller.callAgent('update_tools', { action: 'rename', tools: [] })).rejects.toThrow('update_tools action must be one of add, remove, replace');

		const before = chats().length;
		providers.queueTranscripts('Tell me a joke.');
		const jokeAt = await caller.say(synthesizeSpeech('Tell me a joke.'));
		const jokeReply = await caller.nextUtterance(jokeAt, 30_000);
		expect(jokeReply.frames).toBeGreaterThan(10);
		const jokeRequest = chats()[before];
		expect(jokeRequest.messages.map(messageText).join('\n')).toContain('You are a pirate');
		expect(jokeRequest.tools!.map((t) => t.function.name).sort()).toEqual(['get_time', 'get_weather']);
		expect(script(jokeRequest).content).toMatch(/^Arr/);

		// Per-turn metrics: one JSON line per reply, with the latency from end of turn to first audio.
		const turns = worker.logs.filter((l) => l.msg === 'turn metrics').map((l) => l.turnMetrics as Record<string, unknown>);
		const weatherTurn = turns.find((t) => (t.toolCalls as unknown[]).length === 1)!;
		expect(weatherTurn).toMatchObject({ kind: 'reply', llmCalls: 2, toolCalls: [{ name: 'get_weather', ok: true }] });
		expect(weatherTurn.turnToFirstAudioMs).toEqual(expect.any(Number));
		expect(weatherTurn.sttAudioSeconds).toBeGreaterThan(0.5);

		// 4. At the TTL the worker deletes the room: the caller is disconnected and the room is gone.
		await caller.waitFor(() => caller.disconnectedAt !== undefined, 60_000, 'the TTL to end the room');
		const rooms = await new RoomServiceClient(server.url.replace('ws://', 'http://'), server.apiKey, server.apiSecret).listRooms();
		expect(rooms.map((r) => r.name)).not.toContain(session.roomName);
		expect(await worker.waitForLog((l) => l.msg === 'session ending', 5_000)).toMatchObject({ reason: 'ttl' });
		expect(caller.disconnectedAt! - provisionedAt).toBeLessThan(42_000);
		expect(caller.disconnectedAt! - provisionedAt).toBeGreaterThan(38_000);
	});
});
