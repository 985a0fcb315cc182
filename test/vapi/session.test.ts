import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { auth, runVapi, sessionResponse, sessionRowOf, unmatchedRequests, VAPI_BASE } from './fixtures';

isolateNetwork();

const session = (parameters: object) => ({ resource: 'session', ...parameters });

describe('Vapi › Session › Create', () => {
	it('sends every typed field of seed 002, with variable values inside assistantOverrides', async () => {
		const body = {
			name: 'Ada renewal',
			status: 'active',
			expirationSeconds: 3600,
			assistantId: 'asst_1',
			assistantOverrides: { firstMessageMode: 'assistant-waits-for-user', variableValues: { plan: 'Enterprise', firstName: 'Ada' } },
			messages: [{ role: 'system', content: 'The customer is renewing.' }],
			customer: { number: '+14155550100', name: 'Ada Lovelace', email: 'ada@example.com', externalId: 'crm-1', sipUri: 'sip:ada@example.com' },
			phoneNumberId: 'pn_1',
			squadId: 'sq_1',
		};
		nock(VAPI_BASE, { reqheaders: { ...auth, 'content-type': /application\/json/, accept: 'application/json' } })
			.post('/session', body)
			.reply(201, sessionResponse());

		const run = await runVapi(
			session({
				operation: 'create',
				assistantId: '={{ $json.assistant }}',
				name: '={{ $json.name }} renewal',
				variableValues: { values: [{ name: 'plan', value: '={{ $json.plan }}' }, { name: 'firstName', value: 'Ada' }] },
				additionalFields: {
					status: 'active',
					expirationSeconds: 3600,
					assistantOverrides: '{"firstMessageMode": "assistant-waits-for-user", "variableValues": {"plan": "ignored"}}',
					messages: '[{"role": "system", "content": "The customer is renewing."}]',
					customer: '{"sipUri": "sip:ada@example.com"}',
					customerNumber: '+14155550100',
					customerName: 'Ada Lovelace',
					customerEmail: 'ada@example.com',
					customerExternalId: 'crm-1',
					phoneNumberId: 'pn_1',
					squadId: 'sq_1',
				},
			}),
			[{ assistant: 'asst_1', name: 'Ada', plan: 'Enterprise' }],
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputItems(run, 'Node', 0)).toEqual([{ json: sessionRowOf(), pairedItem: { item: 0 } }]);
		expect(outputJson(run, 'Node', 1)).toEqual([{ assistant: 'asst_1', name: 'Ada', plan: 'Enterprise' }]);
	});

	it('sends an inline assistant, squad and phone number, and only what was set', async () => {
		const assistant = { model: { provider: 'openai', model: 'gpt-4o' }, firstMessage: 'Hello' };
		const phoneNumber = { provider: 'twilio', number: '+14155550199', twilioAccountSid: 'AC1', twilioAuthToken: 'tok' };
		nock(VAPI_BASE, { reqheaders: auth })
			.post('/session', { assistant, squad: { members: [] }, phoneNumber })
			.reply(201, sessionResponse({ assistantId: undefined, artifact: undefined, customer: undefined }));

		const run = await runVapi(
			session({
				operation: 'create',
				additionalFields: { assistant: JSON.stringify(assistant), squad: '{"members": []}', phoneNumber: JSON.stringify(phoneNumber), messages: '[]' },
			}),
		);

		const { 'customer.name': _name, 'artifact.messages': _messages, ...row } = sessionRowOf({ assistantId: null, customerNumber: null, transcript: null, recordingUrl: null });
		expect(outputJson(run, 'Node')).toEqual([row]);
	});

	it('takes the whole session body from an input item field (object or JSON text) and gives the raw response', async () => {
		const first = { assistantId: 'asst_1', name: 'Row 1', assistantOverrides: { variableValues: { company: 'Acme' } } };
		const second = { assistantId: 'asst_2', expirationSeconds: 600 };
		nock(VAPI_BASE, { reqheaders: auth })
			.post('/session', first)
			.reply(201, sessionResponse({ id: 'ses_a' }))
			.post('/session', second)
			.reply(201, sessionResponse({ id: 'ses_b' }));

		const run = await runVapi(
			session({ operation: 'create', bodySource: 'inputField', sessionField: 'vapi.session', resultFormat: 'raw' }),
			[{ vapi: { session: first } }, { vapi: { session: JSON.stringify(second) } }],
		);

		expect(outputItems(run, 'Node')).toEqual([
			{ json: { body: sessionResponse({ id: 'ses_a' }), status: 201 }, pairedItem: { item: 0 } },
			{ json: { body: sessionResponse({ id: 'ses_b' }), status: 201 }, pairedItem: { item: 1 } },
		]);
	});

	it('takes the body from the Session (JSON) parameter', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).post('/session', { customerId: 'cus_1', status: 'completed' }).reply(201, sessionResponse());

		const run = await runVapi(session({ operation: 'create', bodySource: 'json', sessionJson: '={{ JSON.stringify({ customerId: $json.customer, status: "completed" }) }}' }), [
			{ customer: 'cus_1' },
		]);

		expect(outputJson(run, 'Node')).toEqual([sessionRowOf()]);
	});
});

describe('Vapi › Session › Get, Update, Delete', () => {
	it('gets a session by ID (encoded into the path)', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).get('/session/ses%2F1').reply(200, sessionResponse());

		const run = await runVapi(session({ operation: 'get', sessionId: ' ses/1 ' }), [{ crm: 7 }]);

		expect(outputJson(run, 'Node')).toEqual([sessionRowOf()]);
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: { crm: 7 }, pairedItem: { item: 0 } }]);
	});

	it('gets the raw response', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).get('/session/ses_1').reply(200, sessionResponse());

		const run = await runVapi(session({ operation: 'get', sessionId: 'ses_1', resultFormat: 'raw' }));

		expect(outputJson(run, 'Node')).toEqual([{ body: sessionResponse(), status: 200 }]);
	});

	it('patches name, status, expiration and messages; Config re-emits the input', async () => {
		const body = { name: 'Closed', status: 'completed', expirationSeconds: 120, messages: [{ role: 'user', content: 'Thanks' }] };
		nock(VAPI_BASE, { reqheaders: { ...auth, accept: 'application/json', 'content-type': /^application\/json/ } })
			.patch('/session/ses_1', body)
			.reply(200, sessionResponse({ name: 'Closed', status: 'completed', expirationSeconds: 120 }));

		const run = await runVapi(
			session({ operation: 'update', sessionId: 'ses_1', updateFields: { name: 'Closed', status: 'completed', expirationSeconds: '120', messages: JSON.stringify(body.messages) } }),
			[{ crm: 7 }],
		);

		expect(outputJson(run, 'Node')).toEqual([sessionRowOf({ name: 'Closed', status: 'completed', expirationSeconds: 120 })]);
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: { crm: 7 }, pairedItem: { item: 0 } }]);
	});

	it('gives the raw response of an update', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).patch('/session/ses_1', { status: 'completed' }).reply(200, sessionResponse({ status: 'completed' }));
		const run = await runVapi(session({ operation: 'update', sessionId: 'ses_1', updateFields: { status: 'completed' }, resultFormat: 'raw' }));
		expect(outputJson(run, 'Node')).toEqual([{ body: sessionResponse({ status: 'completed' }), status: 200 }]);
	});

	it('sends messages: [] only for Clear Messages; an empty Messages (JSON) list is not set', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).patch('/session/ses_1', { name: 'Kept', messages: [] }).reply(200, sessionResponse());
		nock(VAPI_BASE, { reqheaders: auth }).patch('/session/ses_1', { name: 'Kept' }).reply(200, sessionResponse());

		const cleared = await runVapi(session({ operation: 'update', sessionId: 'ses_1', updateFields: { name: 'Kept', clearMessages: true } }));
		expect(nodeError(cleared, 'Node')).toBeUndefined();
		const kept = await runVapi(session({ operation: 'update', sessionId: 'ses_1', updateFields: { name: 'Kept', messages: '[]' } }));
		expect(nodeError(kept, 'Node')).toBeUndefined();
	});

	it.each([
		[{}, 'Nothing to update: add at least one field under "Update Fields" (Name, Status, Expiration (Seconds), Messages (JSON) or Clear Messages)'],
		[{ messages: '[]' }, 'Nothing to update: add at least one field under "Update Fields" (Name, Status, Expiration (Seconds), Messages (JSON) or Clear Messages)'],
		[
			{ clearMessages: true, messages: '[{"role": "user", "content": "hi"}]' },
			'Set either "Clear Messages" or "Messages (JSON)", not both: Clear Messages empties the history, Messages (JSON) replaces it',
		],
		[{ expirationSeconds: 59 }, 'Invalid Vapi request: body.expirationSeconds must be greater than or equal to 60, got 59'],
		[{ expirationSeconds: '2592001' }, 'Invalid Vapi request: body.expirationSeconds must be less than or equal to 2592000, got 2592001'],
		[{ status: 'paused' }, 'Invalid Vapi request: body.status must be one of "active", "completed", got "paused"'],
		[{ name: 'x'.repeat(41) }, `Invalid Vapi request: body.name must contain at most 40 character(s), got "${'x'.repeat(41)}"`],
	])('refuses a bad update before sending anything: %j', async (updateFields, message) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi(session({ operation: 'update', sessionId: 'ses_1', updateFields }));
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(message);
		expect(unmatched.seen).toEqual([]);
	});

	it('deletes a session and shows what was deleted; Config re-emits the input', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).delete('/session/ses_1').reply(200, sessionResponse());

		const run = await runVapi(session({ operation: 'delete', sessionId: '={{ $json.id }}' }), [{ id: 'ses_1', crm: 7 }]);

		expect(outputJson(run, 'Node')).toEqual([sessionRowOf()]);
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: { id: 'ses_1', crm: 7 }, pairedItem: { item: 0 } }]);
	});

	it('gives the raw response of a delete', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).delete('/session/ses_1').reply(200, sessionResponse());
		const run = await runVapi(session({ operation: 'delete', sessionId: 'ses_1', resultFormat: 'raw' }));
		expect(outputJson(run, 'Node')).toEqual([{ body: sessionResponse(), status: 200 }]);
	});

	it('an empty delete answer (204) becomes {id, deleted: true}', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).delete('/session/ses_1').reply(204);
		const run = await runVapi(session({ operation: 'delete', sessionId: 'ses_1' }));
		expect(outputItems(run, 'Node')).toEqual([{ json: { id: 'ses_1', deleted: true }, pairedItem: { item: 0 } }]);
	});
});
