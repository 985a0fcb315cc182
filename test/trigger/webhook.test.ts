/**
 * The Realtime Voice Trigger's `webhook()` driven as n8n 2.41 drives it (deliver.ts): n8n-core's
 * WebhookContext, the exact raw bytes, static data saved between requests.
 */
import type { IDataObject } from 'n8n-workflow';

import { forgetInProcess, KEPT_IDS, STATIC_DATA_KEY, takeOnce } from '../../nodes/RealtimeVoiceTrigger/dedup';
import { NODE, SECRET, sender, triggerWorkflow } from './deliver';

const session = {
	roomName: 'crm-1a2b3c4d-1764510000',
	roomSid: 'RM_x8Kq2LmN4pQr',
	participantIdentity: 'user-9f8e7d6c5b4a',
	participantName: 'Ada Lovelace',
	agentName: 'n8n-realtime-voice',
	jobId: 'AJ_T2uV3wX4yZ5a',
};
const metadata = { crmId: 'CUST-1001', campaign: 'renewal' };
let counter = 0;
const nextId = () => `evt_test-${Date.now()}-${++counter}`;

const event = (type: string, data: IDataObject = {}): IDataObject => ({ id: nextId(), type, sequence: 1, time: new Date().toISOString(), session, metadata, data });
const toolCall = (name: string, args: IDataObject): IDataObject => ({ ...event('tool.call', { name, arguments: args, callId: 'call_1' }), sequence: 0 });
const llmTurn = (messages: IDataObject[]): IDataObject => ({ ...event('llm.reply', { messages }), sequence: 0 });

beforeEach(() => forgetInProcess());

describe('Session Events mode', () => {
	it('emits one item: the envelope, plus eventType and roomName; answers 200 at once', async () => {
		const body = event('session.started', { startedAt: '2026-11-30T14:00:01.201Z', deadline: '2026-11-30T14:15:00.000Z', agentIdentity: 'agent-AJ_1' });
		const delivery = await sender(triggerWorkflow({ mode: 'events' })).deliver(body);

		expect(delivery.started).toBe(true);
		expect(delivery.result.workflowData).toEqual([[{ json: { ...body, roomName: session.roomName, eventType: 'session.started' } }]]);
		expect(delivery.responseMode).toBe('onReceived');
		expect(delivery.answer).toEqual({ status: 200, body: { received: true, id: body.id } });
	});

	it('verifies the exact bytes received, not the parsed JSON', async () => {
		const body = event('transcript', { role: 'user', text: 'Hi', interrupted: false });
		const pretty = JSON.stringify(body, null, 2);
		const trigger = sender(triggerWorkflow({ mode: 'events' }));

		expect((await trigger.deliver(body, { raw: pretty })).started).toBe(true);
		// Signed over the compact form, sent pretty-printed: the same JSON, other bytes.
		const tampered = await trigger.deliver({ ...body, id: nextId() }, { raw: pretty, signedBytes: JSON.stringify(body) });
		expect(tampered.answer).toEqual({ status: 401, body: { error: 'invalid signature', reason: 'signature does not match' } });
	});

	it('reads the raw body when n8n has not read it yet (readRawBody)', async () => {
		expect((await sender(triggerWorkflow({ mode: 'events' })).deliver(event('session.started'), { lazyRawBody: true })).started).toBe(true);
	});

	it('answers other event types 200 "ignored" without a run when Event Types are chosen', async () => {
		const trigger = sender(triggerWorkflow({ mode: 'events', eventTypes: ['session.ended'] }));
		const ignored = await trigger.deliver(event('transcript', { role: 'user', text: 'Hi' }));
		expect(ignored).toMatchObject({ started: false, answer: { status: 200, body: { received: true, ignored: 'transcript' } } });
		expect((await trigger.deliver(event('session.ended', { reason: 'ttl' }))).started).toBe(true);
	});

	it('refuses a call sent to an events trigger (400 naming the mode and the type)', async () => {
		const delivery = await sender(triggerWorkflow({ mode: 'events' })).deliver(toolCall('lookup_order', {}));
		expect(delivery).toMatchObject({ started: false, answer: { status: 400 } });
		expect(delivery.answer!.body).toEqual({
			error: 'wrong request type',
			reason: 'This Realtime Voice Trigger is in Session Events mode: it takes "session.started", "transcript", "tool.called", "session.ended", "session.error", not "tool.call"',
			mode: 'events',
			type: 'tool.call',
		});
	});
});

describe('signature and timestamp', () => {
	const trigger = () => sender(triggerWorkflow({ mode: 'events' }));
	const refused = (reason: string | RegExp) => ({ started: false, result: { noWebhookResponse: true }, answer: { status: 401, body: { error: 'invalid signature', reason } } });

	it('a wrong secret: 401, nothing emitted', async () => {
		const delivery = await trigger().deliver(event('session.started'), { secret: 'another-secret-of-someone-else' });
		expect(delivery).toMatchObject(refused('signature does not match'));
		expect(delivery.result.workflowData).toBeUndefined();
		expect(JSON.stringify(delivery.answer)).not.toContain(SECRET);
	});

	it('no signature header: 401', async () => {
		expect(await trigger().deliver(event('session.started'), { headers: { 'x-realtime-voice-signature': undefined } })).toMatchObject(
			refused('missing x-realtime-voice-signature header'),
		);
	});

	it('a timestamp more than 5 minutes old: 401', async () => {
		const delivery = await trigger().deliver(event('session.started'), { signedAtMs: Date.now() - 301_000 });
		expect(delivery).toMatchObject(refused(expect.stringMatching(/^timestamp is 30\d s away from now \(at most 300 s allowed\)$/) as never));
	});

	it('a timestamp more than 5 minutes ahead: 401', async () => {
		expect(await trigger().deliver(event('session.started'), { signedAtMs: Date.now() + 6 * 60_000 })).toMatchObject(refused(expect.stringMatching(/^timestamp is 3[56]\d s away/) as never));
	});

	it('4 minutes off is still accepted', async () => {
		expect((await trigger().deliver(event('session.started'), { signedAtMs: Date.now() - 240_000 })).started).toBe(true);
	});

	it('a credential without a secret refuses everything', async () => {
		const delivery = await sender(triggerWorkflow({ mode: 'events' }), { signingSecret: '' }).deliver(event('session.started'));
		expect(delivery).toMatchObject(refused('no signing secret is configured'));
	});

	it('a signed body that is not an envelope: 400', async () => {
		const delivery = await trigger().deliver({ id: 'evt_x', type: 'transcript' });
		expect(delivery).toMatchObject({ started: false, answer: { status: 400, body: { error: 'invalid request', reason: 'session must be an object' } } });
	});
});

describe('duplicates', () => {
	it('the same id twice starts one execution; the second is answered 200 duplicate', async () => {
		const trigger = sender(triggerWorkflow({ mode: 'events' }));
		const body = event('transcript', { role: 'user', text: 'Hi' });

		expect((await trigger.deliver(body)).started).toBe(true);
		const again = await trigger.deliver(body);
		expect(again).toMatchObject({ started: false, answer: { status: 200, body: { received: true, duplicate: true, id: body.id } } });
		expect(again.result.workflowData).toBeUndefined();
	});

	it('is remembered in the node\'s static data, so a restarted n8n still drops it', async () => {
		const trigger = sender(triggerWorkflow({ mode: 'events' }));
		const body = event('session.ended', { reason: 'ttl' });
		await trigger.deliver(body);
		expect(trigger.staticData[`node:${NODE}`]).toEqual({ [STATIC_DATA_KEY]: [body.id] });

		forgetInProcess();
		expect((await trigger.deliver(body)).started).toBe(false);
	});

	it('and in the process, for requests whose static data saves overwrite each other', () => {
		const first: IDataObject = {};
		expect(takeOnce('wf:node', first, 'evt_a')).toBe(true);
		// A concurrent request loaded the static data before the first one saved it.
		expect(takeOnce('wf:node', {}, 'evt_a')).toBe(false);
	});

	it('keeps the newest ids only', () => {
		const staticData: IDataObject = {};
		for (let index = 0; index <= KEPT_IDS; index++) takeOnce('wf:cap', staticData, `evt_${index}`);
		const kept = staticData[STATIC_DATA_KEY] as string[];
		expect(kept).toHaveLength(KEPT_IDS);
		expect(kept[0]).toBe('evt_1');
		forgetInProcess();
		expect(takeOnce('wf:cap', staticData, 'evt_0')).toBe(true);
		expect(takeOnce('wf:cap', staticData, `evt_${KEPT_IDS}`)).toBe(false);
	});

	it('an ignored event is not remembered', async () => {
		const trigger = sender(triggerWorkflow({ mode: 'events', eventTypes: ['session.ended'] }));
		await trigger.deliver(event('transcript'));
		expect(trigger.staticData).toEqual({});
	});
});

describe('Tool Call mode', () => {
	it('emits tool, toolArguments and callId; the workflow answers when its last node finishes', async () => {
		const body = toolCall('lookup_order', { orderId: 'A-17' });
		const delivery = await sender(triggerWorkflow({ mode: 'toolCall' })).deliver(body);

		expect(delivery.started).toBe(true);
		expect(delivery.answer).toBeUndefined();
		expect(delivery.result.webhookResponse).toBeUndefined();
		expect(delivery.result.workflowData![0][0].json).toEqual({ ...body, roomName: session.roomName, tool: 'lookup_order', toolArguments: { orderId: 'A-17' }, callId: 'call_1' });
		expect(delivery.responseMode).toBe('lastNode');
		expect(delivery.responseData).toBe('firstEntryJson');
	});

	it("a saved Respond value from an earlier version does not change how the answer is taken: the last node's", async () => {
		const delivery = await sender(triggerWorkflow({ mode: 'toolCall', responseMode: 'responseNode' })).deliver(toolCall('lookup_order', {}));
		expect(delivery.responseMode).toBe('lastNode');
	});

	it('Tool Names: another tool is refused (400)', async () => {
		const trigger = sender(triggerWorkflow({ mode: 'toolCall', toolNames: 'lookup_order, book_visit' }));
		expect((await trigger.deliver(toolCall('book_visit', { day: 'Mon' }))).started).toBe(true);
		const other = await trigger.deliver(toolCall('delete_account', {}));
		expect(other).toMatchObject({
			started: false,
			answer: { status: 400, body: { error: 'tool not handled here', reason: 'This Realtime Voice Trigger answers the tools "lookup_order", "book_visit", not "delete_account"', tool: 'delete_account' } },
		});
	});

	it('refuses an event (400 naming Tool Call mode)', async () => {
		const delivery = await sender(triggerWorkflow({ mode: 'toolCall' })).deliver(event('session.started'));
		expect(delivery.answer).toEqual({
			status: 400,
			body: { error: 'wrong request type', reason: 'This Realtime Voice Trigger is in Tool Call mode: it takes "tool.call", not "session.started"', mode: 'toolCall', type: 'session.started' },
		});
	});
});

describe('LLM Reply mode', () => {
	it('emits messages and lastUserMessage; the workflow answers', async () => {
		const messages = [
			{ role: 'system', content: 'You are the account assistant.' },
			{ role: 'user', content: 'Where is my order?' },
			{ role: 'assistant', content: 'Which order?' },
			{ role: 'user', content: 'A-17' },
		];
		const body = llmTurn(messages);
		const delivery = await sender(triggerWorkflow({ mode: 'llmReply' })).deliver(body);

		expect(delivery.result.workflowData![0][0].json).toEqual({ ...body, roomName: session.roomName, messages, lastUserMessage: 'A-17' });
		expect([delivery.responseMode, delivery.responseData, delivery.answer]).toEqual(['lastNode', 'firstEntryJson', undefined]);
	});

	it('refuses a tool call (400)', async () => {
		const delivery = await sender(triggerWorkflow({ mode: 'llmReply' })).deliver(toolCall('x', {}));
		expect(delivery.answer).toMatchObject({ status: 400, body: { mode: 'llmReply', type: 'tool.call' } });
	});
});
