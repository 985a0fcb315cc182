/**
 * The loop of issue 10, end to end on a real livekit-server with the bundled worker: a session
 * provisioned by a workflow (n8n-core's engine) whose tools are an n8n workflow (a webhook tool
 * answered by a Realtime Voice Trigger in Tool Call mode) and an MCP server of the test's own, whose
 * replies can come from a workflow (the `webhook` LLM, a trigger in LLM Reply mode), and whose events
 * come back, signed, into a trigger workflow in Session Events mode: in order, each once, with the
 * record's metadata, even through a receiver that fails its first two attempts.
 *
 * The trigger workflows are served by the engine's webhook host (scripts/local-stack/webhook-host.ts),
 * which drives the trigger's `webhook()` through n8n-core's WebhookContext as n8n does.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { dispose } from '@livekit/rtc-node';
import type { IDataObject } from 'n8n-workflow';

import { nodeCredentials, startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import { synthesizeSpeech, TestCaller } from '../../scripts/local-stack/caller';
import { pollUntil } from '../../scripts/local-stack/poll';
import { startWebhookHost, type WebhookHost } from '../../scripts/local-stack/webhook-host';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { signedHeaders, type SessionEvent } from '../../src/events';
import { startMcpServer, type McpServerDouble } from '../doubles/mcp-server';
import { messageText, startScriptedOpenAi, type ChatRequest, type ScriptedOpenAi } from '../doubles/scripted-openai';
import { waitForAgent } from '../harness/agent-join';
import { executeWorkflow, outputJson, type WorkflowJson } from '../harness/engine';

jest.setTimeout(240_000);

const AGENT_NAME = 'n8n-realtime-voice-events-e2e';
const SECRET = randomBytes(32).toString('base64url');
const load = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', 'workflows', file), 'utf8')) as WorkflowJson;
const workflows = {
	provision: load('realtime-voice-events-e2e.json'),
	events: load('session-events-receiver.json'),
	tool: load('lookup-order-tool.json'),
	llm: load('llm-reply-workflow.json'),
};

/** The order desk the scripted model plays: look an order up (webhook tool), search the docs (MCP). */
function script(request: ChatRequest) {
	const last = request.messages[request.messages.length - 1];
	if (last.role === 'tool') {
		const result = messageText(last);
		return { content: /shipped/.test(result) ? 'Your order A-17 has shipped.' : `The manual says: ${result}` };
	}
	const userText = messageText([...request.messages].reverse().find((m) => m.role === 'user'));
	if (/order/i.test(userText)) return { toolCalls: [{ name: 'lookup_order', arguments: { orderId: 'A-17' } }] };
	if (/manual|docs/i.test(userText)) return { toolCalls: [{ name: 'search_docs', arguments: { query: 'refunds' } }] };
	return { content: 'How else can I help?' };
}

/** A receiver in front of the events workflow that fails its first two attempts (503, then a cut connection). */
async function flakyProxy(target: () => string): Promise<{ url: string; attempts: number; close(): Promise<void> }> {
	const state = { attempts: 0 };
	const server: Server = createServer((req, res) => {
		const attempt = ++state.attempts;
		if (attempt === 1) return void res.writeHead(503).end('down for maintenance');
		if (attempt === 2) return void req.socket.destroy();
		const upstream = httpRequest(target(), { method: 'POST', headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
		get attempts() {
			return state.attempts;
		},
		close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
	};
}

describe('a voice session is a workflow step: tools, replies and events through n8n workflows', () => {
	let server: LiveKitServer;
	let providers: ScriptedOpenAi;
	let mcp: McpServerDouble;
	let host: WebhookHost;
	let proxy: Awaited<ReturnType<typeof flakyProxy>>;
	let worker: WorkerProcess;
	const callers: TestCaller[] = [];

	beforeAll(async () => {
		server = await startLiveKitServer();
		providers = await startScriptedOpenAi({ chat: script });
		mcp = await startMcpServer();
		host = await startWebhookHost([workflows.events, workflows.tool, workflows.llm], { credentials: { realtimeVoiceWebhookApi: { signingSecret: SECRET } } });
		proxy = await flakyProxy(() => host.urlOf(workflows.events));
		worker = await startWorker({
			url: server.url,
			apiKey: server.apiKey,
			apiSecret: server.apiSecret,
			agentName: AGENT_NAME,
			env: { N8N_VOICE_IDLE_PROCESSES: '1', N8N_VOICE_IDLE_TIMEOUT_SECONDS: '2', N8N_VOICE_WEBHOOK_SECRET: SECRET },
		});
	});

	afterAll(async () => {
		for (const caller of callers) await caller.leave();
		await worker?.stop();
		await proxy?.close();
		await host?.close();
		await mcp?.close();
		await providers?.close();
		await server?.stop();
		await dispose();
	});

	const provider = () => ({ provider: 'openai-compatible', model: 'scripted-model', baseUrl: providers.baseUrl });
	/** Runs the provisioning workflow for one record; returns its Result row. */
	async function provision(name: string, config: IDataObject): Promise<IDataObject> {
		const run = await executeWorkflow(workflows.provision, { credentials: nodeCredentials(server, AGENT_NAME), records: [{ name, config }] });
		const [row] = outputJson(run, 'Realtime Voice');
		expect(row).toMatchObject({ roomName: expect.any(String), token: expect.any(String) });
		return row;
	}
	/** The events the receiver workflow ran for, in the order they arrived. */
	const receivedEvents = () => {
		const byId = new Map<string, SessionEvent>();
		for (const { workflow, run } of host.runs) {
			if (workflow !== workflows.events.name) continue;
			for (const item of run.data.resultData.runData.Event?.[0]?.data?.main?.[0] ?? []) byId.set(String(item.json.id), item.json as unknown as SessionEvent);
		}
		return host.requests.filter((r) => r.path === new URL(host.urlOf(workflows.events)).pathname && r.status === 200 && byId.has(String(r.id))).map((r) => byId.get(String(r.id))!);
	};
	/** The agent's next utterance; on a timeout the error carries the worker's warnings and errors. */
	const nextUtterance = async (caller: TestCaller, after: number) => {
		try {
			return await caller.nextUtterance(after, 30_000);
		} catch (error) {
			const problems = worker.logs.filter((line) => Number(line.level) >= 40).map((line) => JSON.stringify(line).slice(0, 400));
			throw new Error(`${(error as Error).message}; the worker's warnings and errors:\n${problems.join('\n') || '(none)'}`);
		}
	};
	const ended = (roomName: unknown) => receivedEvents().find((e) => e.type === 'session.ended' && e.session.roomName === roomName);

	it('a webhook tool answered by a workflow and an MCP tool; every event back in order, once, with the metadata', async () => {
		const metadata = { crmId: 'CUST-1003', campaign: 'renewal' };
		const row = await provision('Grace Hopper', {
			session: { ttl: 120, metadata },
			agent: {
				instructions: 'You are the order desk of Compiler Co. Keep answers short.',
				greetingMessage: 'Hello Grace, this is the order desk of Compiler Co.',
				tools: [
					{ type: 'webhook', name: 'lookup_order', description: 'Status of an order', parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] }, url: host.urlOf(workflows.tool), timeout: 10 },
					{ type: 'mcp', url: mcp.url, allowedTools: ['search_docs'] },
				],
			},
			stt: { default: { ...provider(), model: 'whisper-1', language: 'en' } },
			tts: { default: { provider: 'espeak', voiceId: 'en-us' } },
			llm: { default: provider() },
			events: { webhookUrl: proxy.url },
		});
		// The Structured Table flattens the metadata object into columns.
		expect(row).toMatchObject({ 'metadata.crmId': 'CUST-1003', 'metadata.campaign': 'renewal', eventsUrl: proxy.url });

		const joinedAt = Date.now();
		const caller = await TestCaller.join(String(row.wsUrl), String(row.token));
		callers.push(caller);
		await waitForAgent(caller, server, String(row.roomName), AGENT_NAME);
		await nextUtterance(caller, joinedAt);

		providers.queueTranscripts('Where is my order A-17?');
		await nextUtterance(caller, await caller.say(synthesizeSpeech('Where is my order A-17?')));
		providers.queueTranscripts('What does the manual say about refunds?');
		await nextUtterance(caller, await caller.say(synthesizeSpeech('What does the manual say about refunds?')));

		// The tool workflow's answer went back to the model as the tool result.
		const toolResults = providers.requests.flatMap((r) => ((r.body as ChatRequest).messages ?? []).filter((m) => m.role === 'tool').map(messageText));
		expect(toolResults.map((text) => { try { return JSON.parse(text); } catch { return text; } })).toEqual(
			expect.arrayContaining([{ orderId: 'A-17', status: 'shipped', forCustomer: 'CUST-1003' }]),
		);
		expect(mcp.calls).toEqual([expect.objectContaining({ name: 'search_docs', arguments: { query: 'refunds' } })]);

		await caller.leave();
		await pollUntil(() => ended(row.roomName) !== undefined, 60_000, 'session.ended to reach the events workflow');

		const events = receivedEvents().filter((e) => e.session.roomName === row.roomName);
		// In order, each exactly once (the proxy failed the first two attempts: retries kept the id).
		expect(proxy.attempts).toBeGreaterThanOrEqual(events.length + 2);
		expect(events.map((e) => e.sequence)).toEqual(events.map((_e, index) => index + 1));
		expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
		expect(events[0].type).toBe('session.started');
		expect(events.at(-1)!.type).toBe('session.ended');
		for (const event of events) {
			expect(event.metadata).toEqual(metadata);
			expect(event.session).toMatchObject({ roomName: row.roomName, participantIdentity: row.participantIdentity, participantName: 'Grace Hopper', agentName: AGENT_NAME });
		}
		const transcripts = events.filter((e): e is SessionEvent<'transcript'> => e.type === 'transcript').map((e) => e.data);
		expect(transcripts[0]).toMatchObject({ role: 'assistant', text: 'Hello Grace, this is the order desk of Compiler Co.', interrupted: false });
		expect(transcripts).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'user', text: 'Where is my order A-17?' })]));
		const tools = events.filter((e): e is SessionEvent<'tool.called'> => e.type === 'tool.called').map((e) => e.data);
		expect(tools).toEqual([
			expect.objectContaining({ name: 'lookup_order', via: 'webhook', ok: true, arguments: { orderId: 'A-17' }, result: { orderId: 'A-17', status: 'shipped', forCustomer: 'CUST-1003' } }),
			expect.objectContaining({ name: 'search_docs', via: 'mcp', ok: true, arguments: { query: 'refunds' } }),
		]);
		// Tool calls come between the user's question and the agent's answer to it.
		const order = events.map((e) => (e.type === 'transcript' ? `${e.data.role}` : e.type));
		expect(order.indexOf('tool.called')).toBeGreaterThan(order.indexOf('user'));

		const end = events.at(-1) as SessionEvent<'session.ended'>;
		expect(end.data).toMatchObject({ reason: 'user_left', usage: { sttAudioSeconds: expect.any(Number), llmPromptTokens: expect.any(Number), llmCompletionTokens: expect.any(Number), ttsCharacters: expect.any(Number) } });
		expect(end.data.usage.sttAudioSeconds).toBeGreaterThan(0.5);
		expect(end.data.usage.llmPromptTokens).toBeGreaterThan(0);
		expect(end.data.usage.ttsCharacters).toBeGreaterThan(40);
		expect(end.data.transcript.map((t) => t.role)).toEqual(transcripts.map((t) => t.role));
		expect(end.data.latency.p50Ms).toEqual(expect.any(Number));
		expect(end.data.latency.p95Ms).toBeGreaterThanOrEqual(end.data.latency.p50Ms!);
		expect(end.data.durationSeconds).toBeGreaterThan(1);
	});

	it('the webhook LLM: a workflow writes what the agent says', async () => {
		const row = await provision('Alan Turing', {
			session: { ttl: 120, metadata: { crmId: 'CUST-1004' } },
			agent: { instructions: 'You are the account desk of Bletchley Labs.', initialGreeting: true, greetingInstructions: 'Greet the caller.' },
			stt: { default: { ...provider(), model: 'whisper-1', language: 'en' } },
			tts: { default: { provider: 'espeak', voiceId: 'en-gb' } },
			llm: { default: { provider: 'webhook', url: host.urlOf(workflows.llm), timeout: 20 } },
			events: { webhookUrl: host.urlOf(workflows.events), types: ['transcript', 'session.ended'] },
		});
		const joinedAt = Date.now();
		const caller = await TestCaller.join(String(row.wsUrl), String(row.token));
		callers.push(caller);
		await waitForAgent(caller, server, String(row.roomName), AGENT_NAME);
		const greeting = await nextUtterance(caller, joinedAt);
		expect(greeting.frames).toBeGreaterThan(20);

		providers.queueTranscripts('I want to check my account');
		const reply = await nextUtterance(caller, await caller.say(synthesizeSpeech('I want to check my account')));
		expect(reply.frames).toBeGreaterThan(20);

		// Each turn reached the workflow as a signed llm.reply with the conversation so far.
		const llmPath = new URL(host.urlOf(workflows.llm)).pathname;
		expect(host.requests.filter((r) => r.path === llmPath).map((r) => [r.type, r.status])).toEqual([['llm.reply', 200], ['llm.reply', 200]]);
		const turns = host.runs.filter((r) => r.workflow === workflows.llm.name).map((r) => r.run.data.resultData.runData['Realtime Voice Trigger'][0].data!.main[0]![0].json);
		expect(turns.map((turn) => [turn.type, turn.metadata, turn.session])).toEqual(
			turns.map(() => ['llm.reply', { crmId: 'CUST-1004' }, expect.objectContaining({ roomName: row.roomName, participantName: 'Alan Turing' })]),
		);
		const lastTurn = turns[1].data as { messages: Array<{ role: string; content: string }> };
		expect(lastTurn.messages[0]).toEqual({ role: 'system', content: expect.stringContaining('You are the account desk of Bletchley Labs.') });
		expect(lastTurn.messages.at(-1)).toEqual({ role: 'user', content: 'I want to check my account' });
		expect(lastTurn.messages).toContainEqual({ role: 'assistant', content: 'Hello from the workflow, customer CUST-1004.' });

		// What the agent said is exactly what the workflow wrote (the session's own transcript events).
		await caller.leave();
		await pollUntil(() => ended(row.roomName) !== undefined, 60_000, 'session.ended of the webhook-LLM session');
		const said = receivedEvents()
			.filter((e): e is SessionEvent<'transcript'> => e.type === 'transcript' && e.session.roomName === row.roomName && e.data.role === 'assistant')
			.map((e) => e.data.text);
		expect(said).toEqual(['Hello from the workflow, customer CUST-1004.', 'You said: I want to check my account. Your account CUST-1004 is in good standing.']);
	});

	it('refuses a bad signature and a replayed old request, and runs a repeated event once', async () => {
		const path = host.urlOf(workflows.events);
		const runsBefore = host.runs.length;
		const body = JSON.stringify({ id: 'evt_replay-test', type: 'session.error', sequence: 9, time: new Date().toISOString(), session: { roomName: 'r', participantIdentity: 'u', participantName: 'U', agentName: AGENT_NAME, jobId: 'j' }, metadata: {}, data: { code: 'x', message: 'y', recoverable: true } });
		const post = (headers: Record<string, string>) => fetch(path, { method: 'POST', headers, body });
		const good = signedHeaders(SECRET, body, { id: 'evt_replay-test', type: 'session.error' });

		expect((await post({ ...good, 'x-realtime-voice-signature': `v1=${'0'.repeat(64)}` })).status).toBe(401);
		expect((await post(signedHeaders('not-the-secret', body, { id: 'evt_replay-test', type: 'session.error' }))).status).toBe(401);
		expect((await post(signedHeaders(SECRET, body, { id: 'evt_replay-test', type: 'session.error', nowMs: Date.now() - 6 * 60_000 }))).status).toBe(401);
		await host.idle();
		expect(host.runs.length).toBe(runsBefore);

		expect((await post(good)).status).toBe(200);
		expect((await post(good)).status).toBe(200);
		await host.idle();
		expect(host.runs.length).toBe(runsBefore + 1);
	});
});
