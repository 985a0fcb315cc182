/**
 * Webhook tools against a real HTTP endpoint on 127.0.0.1: the exact signed `tool.call` request, JSON
 * and text answers, and every failure (non-2xx, timeout, unreachable, bad arguments) as a ToolError
 * the LLM can speak about, with the call reported either way.
 */
import { initializeLogger, llm } from '@livekit/agents';

import { verifySignedRequest } from '../../src/events/signing';
import type { ToolCallRequest } from '../../src/events/types';
import type { ToolCallReport } from '../../worker/src/tools/reporting';
import { webhookTool } from '../../worker/src/tools/webhookTool';
import type { SessionScope } from '../../worker/src/webhooks/session';
import { answerJson, startWebhookReceiver, type WebhookReceiver } from '../doubles/webhook-receiver';

initializeLogger({ pretty: false, level: 'silent' });

const SECRET = 'tool-signing-secret';
const scope: SessionScope = {
	session: { roomName: 'rv-room-2', participantIdentity: 'user-2', participantName: 'Grace', agentName: 'n8n-realtime-voice', jobId: 'AJ_2' },
	metadata: { crmId: 'CUST-1003' },
};
const parameters = { type: 'object' as const, properties: { orderId: { type: 'string', pattern: '^[A-Z]-\\d+$' } }, required: ['orderId'] };

let receiver: WebhookReceiver;
afterEach(async () => receiver?.close());

function lookupOrder(url: string, timeout?: number) {
	const reports: ToolCallReport[] = [];
	const tool = webhookTool({ type: 'webhook', name: 'lookup_order', description: 'Status of an order', parameters, url, timeout }, { secret: SECRET, scope }, (r) => reports.push(r));
	const call = (args: Record<string, unknown>) => tool.execute(args as never, { toolCallId: 'call_abc', abortSignal: new AbortController().signal } as never);
	return { tool, call, reports };
}

describe('webhook tool', () => {
	it('POSTs a signed tool.call with the validated arguments and answers with the parsed JSON', async () => {
		receiver = await startWebhookReceiver((_req, res) => answerJson(res, { orderId: 'A-17', status: 'shipped' }));
		const { tool, call, reports } = lookupOrder(receiver.url);
		expect([tool.name, tool.description, tool.parameters]).toEqual(['lookup_order', 'Status of an order', parameters]);

		await expect(call({ orderId: 'A-17' })).resolves.toEqual({ orderId: 'A-17', status: 'shipped' });
		expect(receiver.requests).toHaveLength(1);
		const [request] = receiver.requests;
		const body = request.json as ToolCallRequest;
		expect(body).toEqual({
			id: expect.stringMatching(/^evt_/),
			type: 'tool.call',
			sequence: 0,
			time: expect.any(String),
			session: scope.session,
			metadata: scope.metadata,
			data: { name: 'lookup_order', arguments: { orderId: 'A-17' }, callId: 'call_abc' },
		});
		expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'x-realtime-voice-id': body.id, 'x-realtime-voice-type': 'tool.call' });
		expect(verifySignedRequest(SECRET, request.headers, request.raw)).toEqual({ ok: true, id: body.id, timestamp: expect.any(Number) });
		expect(reports).toEqual([{ name: 'lookup_order', arguments: { orderId: 'A-17' }, via: 'webhook', ok: true, result: { orderId: 'A-17', status: 'shipped' }, durationMs: expect.any(Number) }]);
	});

	it.each([
		['an object with a result key', { result: 'shipped yesterday' }],
		['a JSON string', 'shipped'],
		['a JSON list', [{ status: 'shipped' }]],
	])('uses %s as it is', async (_label, answer) => {
		receiver = await startWebhookReceiver((_req, res) => answerJson(res, answer));
		await expect(lookupOrder(receiver.url).call({ orderId: 'A-17' })).resolves.toEqual(answer);
	});

	it('answers with the text of a non-JSON body', async () => {
		receiver = await startWebhookReceiver((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('{"not":"parsed"} is just text here'));
		await expect(lookupOrder(receiver.url).call({ orderId: 'A-17' })).resolves.toBe('{"not":"parsed"} is just text here');
	});

	it('turns a 500 into a ToolError, reports it, and the next call still works', async () => {
		receiver = await startWebhookReceiver((_req, res, index) => (index === 0 ? res.writeHead(500).end('Workflow failed') : answerJson(res, { status: 'shipped' })));
		const { call, reports } = lookupOrder(receiver.url);
		const error = await call({ orderId: 'A-17' }).catch((e: Error) => e);
		expect(error).toBeInstanceOf(llm.ToolError);
		expect((error as Error).message).toBe('lookup_order failed: its webhook answered HTTP 500');
		await expect(call({ orderId: 'A-17' })).resolves.toEqual({ status: 'shipped' });
		expect(reports.map((r) => [r.ok, r.error])).toEqual([
			[false, 'lookup_order failed: its webhook answered HTTP 500'],
			[true, undefined],
		]);
		// A failed tool call is not retried: the workflow may have done part of its work.
		expect(receiver.requests).toHaveLength(2);
	});

	it('gives up after tool.timeout seconds', async () => {
		receiver = await startWebhookReceiver(() => undefined);
		const started = Date.now();
		await expect(lookupOrder(receiver.url, 0.25).call({ orderId: 'A-17' })).rejects.toThrow(new llm.ToolError('lookup_order did not answer within 0.25 s'));
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('says so when the webhook cannot be reached', async () => {
		receiver = await startWebhookReceiver();
		const { url } = receiver;
		await receiver.close();
		await expect(lookupOrder(url).call({ orderId: 'A-17' })).rejects.toThrow('lookup_order could not be reached');
	});

	it('never sends arguments that break the schema', async () => {
		receiver = await startWebhookReceiver();
		const { call, reports } = lookupOrder(receiver.url);
		await expect(call({ orderId: 'seventeen' })).rejects.toThrow(new llm.ToolError('Invalid arguments for lookup_order: arguments.orderId must match pattern "^[A-Z]-\\d+$"'));
		await expect(call({})).rejects.toThrow("Invalid arguments for lookup_order: arguments must have required property 'orderId'");
		expect(receiver.requests).toEqual([]);
		expect(reports.map((r) => r.ok)).toEqual([false, false]);
	});

	it('refuses a tool whose parameters are not a JSON Schema when it is built', () => {
		const broken = { type: 'object' as const, properties: { orderId: { type: 'text' } } };
		expect(() => webhookTool({ type: 'webhook', name: 'lookup_order', description: 'x', parameters: broken, url: 'http://127.0.0.1:9/x' }, { secret: SECRET, scope }, () => undefined)).toThrow(
			'tools["lookup_order"].parameters is not a valid JSON Schema',
		);
	});
});
