/**
 * The `webhook` LLM against a real HTTP endpoint on 127.0.0.1: the exact signed `llm.reply` request,
 * each accepted answer form (whole JSON, a JSON string, plain text and n8n's JSON-lines stream, the
 * streamed ones spoken piece by piece as they arrive), usage and time to first token in the LLM
 * metrics, and errors (non-2xx, an n8n error line, a timeout, a stalled stream, a retry that says
 * nothing twice).
 */
import { initializeLogger, llm, type APIConnectOptions, type metrics } from '@livekit/agents';
import type { ServerResponse } from 'node:http';

import { verifySignedRequest } from '../../src/events/signing';
import type { LlmReplyRequest } from '../../src/events/types';
import { WebhookLLM, conversationOf } from '../../worker/src/providers/llm/webhook';
import { buildLlm } from '../../worker/src/providers/registry';
import type { SessionScope } from '../../worker/src/webhooks/session';
import { answerJson, startWebhookReceiver, type WebhookReceiver } from '../doubles/webhook-receiver';

initializeLogger({ pretty: false, level: 'silent' });

const SECRET = 'llm-signing-secret';
const scope: SessionScope = {
	session: { roomName: 'rv-room-3', participantIdentity: 'user-3', participantName: 'Alan', agentName: 'n8n-realtime-voice', jobId: 'AJ_3' },
	metadata: { crmId: 'CUST-1004' },
};
/** What an LLM emits as `error` (the type itself is not exported). */
type LlmError = Parameters<llm.LLMCallbacks['error']>[0];

const NO_RETRY: APIConnectOptions = { maxRetry: 0, retryIntervalMs: 0, timeoutMs: 10_000 };

function conversation() {
	const chatCtx = llm.ChatContext.empty();
	chatCtx.addMessage({ role: 'system', content: 'You are the account desk.' });
	chatCtx.addMessage({ role: 'assistant', content: 'Hello, how can I help?' });
	chatCtx.insert(llm.FunctionCall.create({ callId: 'c1', name: 'lookup', args: '{}' }));
	chatCtx.addMessage({ role: 'developer', content: 'Be brief.' });
	chatCtx.addMessage({ role: 'user', content: 'Check my account' });
	return chatCtx;
}

/** Runs one turn; returns the text pieces in arrival order, the metrics and the errors. */
async function turn(model: WebhookLLM, connOptions = NO_RETRY, onPiece: (piece: string) => void = () => undefined) {
	const collected = { pieces: [] as string[], metrics: [] as metrics.LLMMetrics[], errors: [] as LlmError[] };
	const onMetrics = (m: metrics.LLMMetrics) => collected.metrics.push(m);
	const onError = (e: LlmError) => collected.errors.push(e);
	model.on('metrics_collected', onMetrics);
	model.on('error', onError);
	try {
		for await (const chunk of model.chat({ chatCtx: conversation(), connOptions })) {
			if (chunk.delta?.content) {
				collected.pieces.push(chunk.delta.content);
				onPiece(chunk.delta.content);
			}
		}
		// Metrics are emitted once the stream's queue is done.
		await new Promise((resolve) => setImmediate(resolve));
	} finally {
		model.off('metrics_collected', onMetrics);
		model.off('error', onError);
	}
	return collected;
}

let receiver: WebhookReceiver;
afterEach(async () => receiver?.close());
const webhookLlm = (timeoutMs = 5_000) => new WebhookLLM({ url: receiver.url, timeoutMs, secret: SECRET, scope });

/** A promise the test resolves when it has seen a piece, so the server only goes on after that. */
function gate() {
	let open: () => void = () => undefined;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('webhook LLM', () => {
	it('POSTs the signed conversation and speaks the text of a JSON answer, with its usage', async () => {
		receiver = await startWebhookReceiver((_req, res) => answerJson(res, { output: 'Your account is in good standing.', usage: { prompt_tokens: 42, completion_tokens: 7 } }));
		const result = await turn(webhookLlm());
		expect(result.pieces).toEqual(['Your account is in good standing.']);
		expect(result.errors).toEqual([]);
		expect(result.metrics).toEqual([expect.objectContaining({ type: 'llm_metrics', promptTokens: 42, completionTokens: 7, totalTokens: 49, ttftMs: expect.any(Number), label: 'n8n-realtime-voice.WebhookLLM' })]);
		expect(result.metrics[0].ttftMs).toBeGreaterThanOrEqual(0);

		const [request] = receiver.requests;
		const body = request.json as LlmReplyRequest;
		expect(body).toEqual({
			id: expect.stringMatching(/^evt_/),
			type: 'llm.reply',
			sequence: 0,
			time: expect.any(String),
			session: scope.session,
			metadata: scope.metadata,
			data: {
				messages: [
					{ role: 'system', content: 'You are the account desk.' },
					{ role: 'assistant', content: 'Hello, how can I help?' },
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: 'Check my account' },
				],
			},
		});
		expect(request.headers).toMatchObject({ 'x-realtime-voice-id': body.id, 'x-realtime-voice-type': 'llm.reply' });
		expect(verifySignedRequest(SECRET, request.headers, request.raw)).toEqual({ ok: true, id: body.id, timestamp: expect.any(Number) });
	});

	it.each([
		['text', { text: 'from text' }, 'from text'],
		['reply', { reply: 'from reply', output: 42 }, 'from reply'],
		['content', { content: 'from content' }, 'from content'],
		['message', { message: 'from message' }, 'from message'],
		['a JSON string', 'just a string', 'just a string'],
	])('takes the answer from %s, reporting 0 tokens when no usage is given', async (_label, answer, spoken) => {
		receiver = await startWebhookReceiver((_req, res) => answerJson(res, answer));
		const result = await turn(webhookLlm());
		expect(result.pieces).toEqual([spoken]);
		expect(result.metrics[0]).toMatchObject({ promptTokens: 0, completionTokens: 0 });
	});

	it('refuses a JSON answer without text, saying what it expected', async () => {
		receiver = await startWebhookReceiver((_req, res) => answerJson(res, { status: 'ok' }));
		const result = await turn(webhookLlm());
		expect(result.pieces).toEqual([]);
		expect(result.errors.map((e) => [e.error.message, e.recoverable])).toEqual([
			['the JSON answer has no text: expected a string, or an object with a string text, output, reply, content, message', false],
		]);
	});

	it('speaks a plain-text answer piece by piece as it arrives', async () => {
		const firstSeen = gate();
		receiver = await startWebhookReceiver(async (_req, res: ServerResponse) => {
			res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
			res.write('Your account ');
			await firstSeen.opened;
			res.end('is fine.');
		});
		const result = await turn(webhookLlm(), NO_RETRY, () => firstSeen.open());
		expect(result.pieces).toEqual(['Your account ', 'is fine.']);
	});

	it.each(['application/x-ndjson', 'application/json; charset=utf-8'])('speaks n8n JSON lines (%s) item by item as they arrive', async (contentType) => {
		const firstSeen = gate();
		receiver = await startWebhookReceiver(async (_req, res) => {
			res.writeHead(200, { 'content-type': contentType });
			res.write('{"type":"begin","metadata":{"nodeName":"AI Agent"}}\n{"type":"item","content":"Your acc');
			res.write('ount "}\n');
			await firstSeen.opened;
			res.write('{"type":"item","content":"is fine."}\n');
			res.end('{"type":"end","metadata":{"nodeName":"AI Agent"}}\n');
		});
		const result = await turn(webhookLlm(), NO_RETRY, () => firstSeen.open());
		expect(result.pieces).toEqual(['Your account ', 'is fine.']);
		expect(result.errors).toEqual([]);
	});

	it('ends a streamed answer with an error when n8n sends an error line', async () => {
		receiver = await startWebhookReceiver((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/x-ndjson' });
			res.end('{"type":"begin"}\n{"type":"item","content":"Let me "}\n{"type":"error","content":"Model quota exceeded"}\n');
		});
		const result = await turn(webhookLlm(), { maxRetry: 2, retryIntervalMs: 0, timeoutMs: 10_000 });
		expect(result.pieces).toEqual(['Let me ']);
		expect(result.errors.map((e) => [e.error.message, e.recoverable])).toEqual([['the workflow reported an error: Model quota exceeded', false]]);
		expect(receiver.requests).toHaveLength(1);
	});

	it('retries a 5xx before anything was spoken (each attempt its own request id), never a 4xx', async () => {
		receiver = await startWebhookReceiver((_req, res, index) => (index === 0 ? res.writeHead(503).end() : answerJson(res, { text: 'Second time lucky.' })));
		const retried = await turn(webhookLlm(), { maxRetry: 1, retryIntervalMs: 0, timeoutMs: 10_000 });
		expect(retried.pieces).toEqual(['Second time lucky.']);
		expect(retried.errors.map((e) => e.recoverable)).toEqual([true]);
		const ids = receiver.requests.map((r) => (r.json as LlmReplyRequest).id);
		expect(ids).toHaveLength(2);
		expect(ids[0]).not.toBe(ids[1]);

		receiver.handle((_req, res) => res.writeHead(422).end('no'));
		const refused = await turn(webhookLlm(), { maxRetry: 3, retryIntervalMs: 0, timeoutMs: 10_000 });
		expect(refused.pieces).toEqual([]);
		expect(refused.errors.map((e) => [e.error.message, e.recoverable])).toEqual([[expect.stringMatching(/^POST 127\.0\.0\.1:\d+\/hook answered 422$/), false]]);
		expect(receiver.requests).toHaveLength(3);
	});

	it('gives up when the answer has not started within the timeout, without a retry', async () => {
		receiver = await startWebhookReceiver(() => undefined);
		const started = Date.now();
		const result = await turn(webhookLlm(250), { maxRetry: 3, retryIntervalMs: 0, timeoutMs: 10_000 });
		expect(Date.now() - started).toBeLessThan(2_000);
		expect(result.errors.map((e) => [e.error.constructor.name, e.error.message, e.recoverable])).toEqual([['APITimeoutError', 'the LLM webhook did not answer within 0.25 s', false]]);
		expect(receiver.requests).toHaveLength(1);
	});

	it('ends a turn whose answer stalls after it started: what was said stays, one recoverable llm_error, no retry', async () => {
		receiver = await startWebhookReceiver((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
			res.write('Let me check ');
			// …and nothing more: the workflow hangs with the connection open.
		});
		const started = Date.now();
		const result = await turn(webhookLlm(300), { maxRetry: 3, retryIntervalMs: 0, timeoutMs: 10_000 });
		expect(Date.now() - started).toBeLessThan(2_000);
		expect(result.pieces).toEqual(['Let me check ']);
		expect(result.errors.map((e) => [e.type, e.error.constructor.name, e.error.message, e.recoverable])).toEqual([
			['llm_error', 'WebhookStallError', "the LLM webhook's answer stalled: nothing arrived for 0.3 s", true],
		]);
		expect(receiver.requests).toHaveLength(1);
	});

	it('gives up on a JSON answer whose body stops halfway, the same way', async () => {
		receiver = await startWebhookReceiver((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"output": "Your acc');
		});
		const result = await turn(webhookLlm(300));
		expect(result.pieces).toEqual([]);
		expect(result.errors.map((e) => [e.error.message, e.recoverable])).toEqual([["the LLM webhook's answer stalled: nothing arrived for 0.3 s", true]]);
	});

	it('lets a stream that keeps arriving take longer than the timeout', async () => {
		receiver = await startWebhookReceiver(async (_req, res) => {
			res.writeHead(200, { 'content-type': 'application/x-ndjson' });
			for (const word of ['One ', 'two ', 'three ', 'four.']) {
				res.write(`${JSON.stringify({ type: 'item', content: word })}\n`);
				await new Promise((resolve) => setTimeout(resolve, 150));
			}
			res.end();
		});
		const result = await turn(webhookLlm(300));
		expect(result.pieces).toEqual(['One ', 'two ', 'three ', 'four.']);
		expect(result.errors).toEqual([]);
	});

	it('is built by the registry from llm.default, with the secret from the environment', async () => {
		receiver = await startWebhookReceiver((_req, res) => answerJson(res, { text: 'ok' }));
		const env = { N8N_VOICE_WEBHOOK_SECRET: SECRET };
		const built = buildLlm({ provider: 'webhook', url: receiver.url, timeout: 2 }, env, { scope });
		expect(built).toBeInstanceOf(WebhookLLM);
		expect([built.label(), built.provider, built.model]).toEqual(['n8n-realtime-voice.WebhookLLM', 'webhook', expect.stringMatching(/^127\.0\.0\.1:\d+\/hook$/)]);
		expect((built as WebhookLLM).options.timeoutMs).toBe(2_000);
		expect((buildLlm({ provider: 'webhook', url: receiver.url }, env, { scope }) as WebhookLLM).options.timeoutMs).toBe(30_000);
		expect(() => buildLlm({ provider: 'webhook', url: receiver.url }, {}, { scope })).toThrow(`llm.default.provider "webhook" needs N8N_VOICE_WEBHOOK_SECRET in the worker's environment`);
	});

	it('sends text messages only, oldest first', () => {
		expect(conversationOf(conversation()).map((m) => m.role)).toEqual(['system', 'assistant', 'system', 'user']);
	});
});
