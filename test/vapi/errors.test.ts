import nock from 'nock';

import { nodeError, outputItems } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { auth, runVapi, sessionResponse, sessionRowOf, unmatchedRequests, VAPI_BASE, VAPI_KEY } from './fixtures';

isolateNetwork();

const create = (parameters: object) => ({ resource: 'session', operation: 'create', ...parameters });

/** Runs the node and asserts it failed with `message` having sent nothing at all. */
async function expectRefused(parameters: object, message: string, records?: object[]) {
	const unmatched = unmatchedRequests();
	const run = await runVapi(create(parameters), records as never);
	unmatched.stop();
	expect(nodeError(run, 'Node')?.message).toBe(message);
	expect(unmatched.seen).toEqual([]);
	expect(nock.isDone()).toBe(true);
}

describe('Vapi › Session › Create › bad input sends nothing', () => {
	it('refuses expirationSeconds out of range, naming the field and the bound', async () => {
		await expectRefused(
			{ additionalFields: { expirationSeconds: 9_999_999 } },
			'Invalid Vapi request: body.expirationSeconds must be less than or equal to 2592000, got 9999999',
		);
		await expectRefused(
			{ additionalFields: { expirationSeconds: 30 } },
			'Invalid Vapi request: body.expirationSeconds must be greater than or equal to 60, got 30',
		);
	});

	it('refuses a name longer than 40 characters', async () => {
		await expectRefused(
			{ name: 'A name that is far too long for a Vapi session' },
			'Invalid Vapi request: body.name must contain at most 40 character(s), got "A name that is far too long for a Vapi session"',
		);
	});

	it('refuses an unknown status and a message with an unknown role', async () => {
		await expectRefused({ bodySource: 'json', sessionJson: '{"status": "paused"}' }, 'Invalid Vapi request: body.status must be one of "active", "completed", got "paused"');
		await expectRefused(
			{ additionalFields: { messages: '[{"role": "bot", "content": "hi"}]' } },
			'Invalid Vapi request: body.messages.0.role must be one of "system", "user", "assistant", "tool", "developer", got "bot"',
		);
	});

	it('refuses unknown fields in a JSON body, listing the allowed ones', async () => {
		const unmatched = unmatchedRequests();
		const run = await runVapi(create({ bodySource: 'json', sessionJson: '{"assistantID": "asst_1"}' }));
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(
			'Invalid Vapi request: body has unknown field "assistantID"; allowed fields: name, status, expirationSeconds, assistantId, assistant, assistantOverrides, squadId, squad, messages, customer, customerId, phoneNumberId, phoneNumber',
		);
		expect(unmatched.seen).toEqual([]);
	});

	it.each([
		[
			{ assistantId: 'asst_1', additionalFields: { assistant: '{"firstMessage": "Hi"}' } },
			'Set either "Assistant ID" or "Assistant (JSON)", not both: keep Assistant ID to use the stored assistant, or clear it to send the inline assistant',
		],
		[
			{ additionalFields: { squadId: 'sq_1', squad: '{"members": []}' } },
			'Set either "Squad ID" or "Squad (JSON)", not both: keep Squad ID to use the stored squad, or clear it to send the inline squad',
		],
		[
			{ additionalFields: { customerId: 'cus_1', customerNumber: '+14155550100' } },
			'Set either "Customer ID" or "Customer (JSON) / Customer fields", not both: keep Customer ID to use the stored customer, or clear it to send the inline customer',
		],
		[
			{ additionalFields: { phoneNumberId: 'pn_1', phoneNumber: '{"provider": "twilio"}' } },
			'Set either "Phone Number ID" or "Phone Number (JSON)", not both: keep Phone Number ID to use the stored phone number, or clear it to send the inline phone number',
		],
		[
			{ bodySource: 'json', sessionJson: '{"squadId": "sq_1", "squad": {"members": []}}' },
			'The session body sets both "squadId" and "squad": keep "squadId" to use the stored squad, or remove it to send the inline squad',
		],
	])('refuses both sides of an exclusive pair: %j', async (parameters, message) => {
		await expectRefused(parameters, message);
	});

	it.each([
		[{ additionalFields: { assistant: '{"firstMessage": ' } }, /^"Assistant \(JSON\)" is not valid JSON: /],
		[{ additionalFields: { messages: 'not json' } }, /^"Messages \(JSON\)" is not valid JSON: /],
		[{ additionalFields: { customer: '"+1415"' } }, /^"Customer \(JSON\)" must be a JSON object \(\{ … \}\), got "\+1415"$/],
		[{ bodySource: 'json', sessionJson: '{' }, /^"Session \(JSON\)" is not valid JSON: /],
	])('refuses bad JSON, naming the field: %j', async (parameters, message) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi(create(parameters));
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toMatch(message);
		expect(unmatched.seen).toEqual([]);
	});

	it('refuses an input item without the session field', async () => {
		await expectRefused({ bodySource: 'inputField', sessionField: 'session' }, 'Input item 1 has no field "session" holding a session body', [{ other: 1 }]);
	});

	it('validates every item first: one bad record stops the run before any session is created', async () => {
		await expectRefused(
			{ name: '={{ $json.name }}' },
			'Invalid Vapi request: body.name must contain at most 40 character(s), got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
			[{ name: 'ok' }, { name: 'x'.repeat(50) }, { name: 'fine' }],
		);
	});
});

describe('Vapi › API errors, retries and continue-on-fail', () => {
	it('retries a 429 after Retry-After and succeeds on the 201', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.post('/session', { assistantId: 'asst_1' })
			.reply(429, { message: 'Too Many Requests', statusCode: 429 }, { 'Retry-After': '1' })
			.post('/session', { assistantId: 'asst_1' })
			.reply(201, sessionResponse());

		const started = Date.now();
		const run = await runVapi(create({ assistantId: 'asst_1' }));

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(outputItems(run, 'Node')).toEqual([{ json: sessionRowOf(), pairedItem: { item: 0 } }]);
	});

	it('turns the Vapi 400 envelope (message list) into an error with its messages', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.post('/session', { assistantId: 'asst_missing' })
			.reply(400, { message: ['assistantId must be a UUID', 'assistant not found'], error: 'Bad Request', statusCode: 400 });

		const run = await runVapi(create({ assistantId: 'asst_missing' }));

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe('Vapi API error 400: assistantId must be a UUID; assistant not found');
		expect(error.description).toBe('Type: Bad Request');
	});

	it('never echoes the API key in an error', async () => {
		nock(VAPI_BASE).get('/session/ses_1').reply(401, { message: `Invalid key ${VAPI_KEY}`, error: 'Unauthorized', statusCode: 401 });
		const run = await runVapi({ resource: 'session', operation: 'get', sessionId: 'ses_1' });
		expect(nodeError(run, 'Node')?.message).toBe('Vapi API error 401: Invalid key [redacted]');
	});

	it('under continue-on-fail, gives the failed and the invalid record paired error rows and creates the rest', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.post('/session', { assistantId: 'asst_1', name: 'Ada' })
			.reply(201, sessionResponse({ name: 'Ada' }))
			.post('/session', { assistantId: 'asst_1', name: 'Bob' })
			.reply(400, { message: 'customer.number must be a valid phone number', error: 'Bad Request', statusCode: 400 });

		const run = await runVapi(
			create({ assistantId: 'asst_1', name: '={{ $json.name }}' }),
			[{ name: 'Ada' }, { name: 'Bob' }, { name: 'x'.repeat(41) }],
			{ continueOnFail: true },
		);

		expect(outputItems(run, 'Node')).toEqual([
			{ json: sessionRowOf({ name: 'Ada' }), pairedItem: { item: 0 } },
			{
				json: { error: 'Vapi API error 400: customer.number must be a valid phone number', description: 'Type: Bad Request', httpCode: 400, type: 'Bad Request' },
				pairedItem: { item: 1 },
			},
			{
				json: {
					error: `Invalid Vapi request: body.name must contain at most 40 character(s), got "${'x'.repeat(41)}"`,
					description: `body.name must contain at most 40 character(s), got "${'x'.repeat(41)}"`,
					field: 'body.name',
				},
				pairedItem: { item: 2 },
			},
		]);
	});
});
