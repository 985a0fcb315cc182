/**
 * The Realtime Voice Trigger in a real n8n 2.41.1, in its three modes (test/n8n/workflows/
 * realtime-voice-trigger-modes.json: Session Events → Code; Tool Call → a Set node mapping the call's
 * `toolArguments` with an expression; LLM Reply → Code; calls are answered with the last node's item). The workflow is activated through the REST API
 * as the editor's Publish does; requests go to the production URLs, signed with the secret the worker
 * has (the "Realtime Voice Webhook" credential holds it) exactly as the worker signs them.
 *
 * Two limits of n8n 2.41 the trigger is shaped by: n8n's Respond to Webhook (from typeVersion 1.1, the
 * editor adds 1.5) fails unless one of n8n's own Webhook, Form Trigger, Chat Trigger or Wait nodes
 * precedes it ("No Webhook node found in the workflow", RespondToWebhook.node.js), so the trigger
 * answers with the last node's item; and expressions may not read a property named "arguments"
 * (n8n-workflow expression-sandboxing.js), so the trigger also emits them as `toolArguments`.
 */
import { TOOL_CALL_TYPE, LLM_REPLY_TYPE } from '../../src/events/types';
import { testState } from './state';
import { api, envelope, executionOutputs, postSigned, triggerUrl, waitForExecutions } from './webhooks';

const state = testState();
const WORKFLOW = 'rtvTestTriggers1';
const urls = {
	events: triggerUrl(state, '7e57e0e1-0000-4000-8000-0000000000e1'),
	toolCall: triggerUrl(state, '7e57e0e1-0000-4000-8000-0000000000e2'),
	llmReply: triggerUrl(state, '7e57e0e1-0000-4000-8000-0000000000e3'),
};
const started = () => envelope('session.started', { startedAt: new Date().toISOString(), deadline: new Date(Date.now() + 900_000).toISOString(), agentIdentity: 'agent-AJ_test' }, { metadata: { crmId: 'CUST-1001' } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('Realtime Voice Trigger in a real n8n 2.41.1', () => {
	let runs = 0;
	/** Waits until the workflow has run `more` more times than counted so far (and nothing runs), then checks it settles there. */
	const expectRuns = async (more: number) => {
		runs += more;
		const executions = await waitForExecutions(state, WORKFLOW, (all) => all.length >= runs);
		await settle();
		expect(await api(state).executions(WORKFLOW)).toHaveLength(runs);
		return executions;
	};

	beforeAll(async () => {
		runs = (await api(state).executions(WORKFLOW)).length;
	});

	it('activates through the REST API (POST /rest/workflows/:id/activate with its versionId); its webhooks answer from then on', async () => {
		expect(await api(state).activateWorkflow(WORKFLOW)).toBe(true);
		expect((await api(state).workflow(WORKFLOW)).active).toBe(true);
		expect(await api(state).activateWorkflow(WORKFLOW)).toBe(false);
	});

	it('events: a signed event starts exactly one run, whose item is the envelope', async () => {
		const event = started();
		const answer = await postSigned(urls.events, state.webhookSecret, event);
		expect({ status: answer.status, body: answer.json }).toEqual({ status: 200, body: { received: true, id: event.id } });
		const [execution] = await expectRuns(1);
		expect(execution.status).toBe('success');
		const outputs = await executionOutputs(state, execution.id);
		expect(outputs['Session Events']).toHaveLength(1);
		expect(outputs['Session Events'][0].json).toMatchObject(JSON.parse(JSON.stringify(event)));
		expect(outputs['Seen Event'][0].json).toEqual(outputs['Session Events'][0].json);
	});

	it('events: a wrong secret, bytes other than the signed ones, no signature, and a replay signed 6 minutes ago get 401 and run nothing', async () => {
		const event = started();
		expect((await postSigned(urls.events, 'not-the-secret', event)).status).toBe(401);
		expect((await postSigned(urls.events, state.webhookSecret, event, { text: JSON.stringify({ ...event, metadata: { crmId: 'CUST-6666' } }) })).status).toBe(401);
		const unsigned = await fetch(urls.events, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
		expect(unsigned.status).toBe(401);
		const replay = await postSigned(urls.events, state.webhookSecret, event, { nowMs: Date.now() - 6 * 60_000 });
		expect(replay.status).toBe(401);
		await expectRuns(0);
	});

	it('events: the same event id twice runs once; the second is answered as a duplicate', async () => {
		const event = started();
		expect((await postSigned(urls.events, state.webhookSecret, event)).status).toBe(200);
		await expectRuns(1);
		const again = await postSigned(urls.events, state.webhookSecret, event);
		expect(again.status).toBe(200);
		expect(again.json).toEqual({ received: true, duplicate: true, id: event.id });
		await expectRuns(0);
	});

	it('events: a tool call sent to the events URL gets 400 and runs nothing', async () => {
		const call = envelope(TOOL_CALL_TYPE, { name: 'lookup_order', arguments: { orderId: 'A-17' }, callId: 'call_1' }, { sequence: 0 });
		expect((await postSigned(urls.events, state.webhookSecret, call)).status).toBe(400);
		await expectRuns(0);
	});

	it("tool call: the answer is the last node's item, mapped from the call's toolArguments by an expression", async () => {
		const call = envelope(TOOL_CALL_TYPE, { name: 'lookup_order', arguments: { orderId: 'A-17' }, callId: 'call_2' }, { sequence: 0 });
		const answer = await postSigned(urls.toolCall, state.webhookSecret, call);
		expect({ status: answer.status, body: answer.json }).toEqual({ status: 200, body: { status: 'shipped', orderId: 'A-17' } });
		expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
		await expectRuns(1);
		expect((await postSigned(urls.toolCall, 'not-the-secret', { ...call, id: `${call.id}-2` })).status).toBe(401);
		await expectRuns(0);
	});

	it("LLM turn: the answer is the last node's item, {text}", async () => {
		const turn = envelope(
			LLM_REPLY_TYPE,
			{
				messages: [
					{ role: 'system', content: 'You are the account assistant.' },
					{ role: 'user', content: 'Where is my order?' },
				],
			},
			{ sequence: 0 },
		);
		const answer = await postSigned(urls.llmReply, state.webhookSecret, turn);
		expect({ status: answer.status, body: answer.json }).toEqual({ status: 200, body: { text: 'You asked: Where is my order? Your order shipped yesterday.' } });
		await expectRuns(1);
	});
});
