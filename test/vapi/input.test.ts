/**
 * Values as expressions deliver them from CSV rows, sheets and webhooks: numbers where text is meant,
 * text where numbers are meant, nothing at all. Each is read the same way from every body source.
 */
import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { assistantResponse, assistantRowOf, auth, runVapi, sessionResponse, sessionRowOf, unmatchedRequests, VAPI_BASE } from './fixtures';

isolateNetwork();

const createSession = (parameters: object) => ({ resource: 'session', operation: 'create', ...parameters });
const createAssistant = (parameters: object) => ({ resource: 'assistant', operation: 'create', ...parameters });

describe('Vapi › Session › Create › values from expressions', () => {
	it('sends numbers given to ID and text fields as text, and "3600" as a number', async () => {
		const body = {
			assistantId: '12345',
			name: '42',
			expirationSeconds: 3600,
			squadId: '7',
			customer: { number: '14155550100', name: '1001', email: 'a@example.com', externalId: '1001', sipUri: '99' },
			assistantOverrides: { variableValues: { plan: '3' } },
		};
		nock(VAPI_BASE, { reqheaders: { ...auth, 'content-type': /^application\/json/ } }).post('/session', body).reply(201, sessionResponse());

		const run = await runVapi(
			createSession({
				assistantId: '={{ $json.assistant }}',
				name: '={{ $json.n }}',
				variableValues: { values: [{ name: 'plan', value: '={{ $json.plan }}' }] },
				additionalFields: {
					expirationSeconds: '={{ $json.ttl }}',
					squadId: '={{ $json.squad }}',
					customerNumber: '={{ $json.phone }}',
					customerName: '={{ $json.crm }}',
					customerEmail: 'a@example.com',
					customerExternalId: '={{ $json.crm }}',
					customerSipUri: '={{ $json.sip }}',
				},
			}),
			[{ assistant: 12345, n: 42, ttl: '3600', squad: 7, phone: 14155550100, crm: 1001, sip: 99, plan: 3 }],
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')).toEqual([sessionRowOf()]);
	});

	it('leaves out an Assistant ID whose expression gives nothing (no TypeError)', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).post('/session', { name: 'No assistant yet' }).reply(201, sessionResponse());
		const run = await runVapi(createSession({ assistantId: '={{ $json.missing }}', name: 'No assistant yet' }), [{ other: 1 }]);
		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')).toEqual([sessionRowOf()]);
	});

	it('takes "600" as a number from the JSON and the input field sources too; the Config output keeps the input as it was', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.post('/session', { assistantId: 'asst_1', expirationSeconds: 600 })
			.reply(201, sessionResponse())
			.post('/session', { assistantId: 'asst_2', expirationSeconds: 900 })
			.reply(201, sessionResponse());

		const fromJson = await runVapi(createSession({ bodySource: 'json', sessionJson: '{"assistantId": "asst_1", "expirationSeconds": "600"}' }));
		expect(nodeError(fromJson, 'Node')).toBeUndefined();

		const record = { session: { assistantId: 'asst_2', expirationSeconds: '900' } };
		const fromField = await runVapi(createSession({ bodySource: 'inputField', sessionField: 'session' }), [record]);
		expect(nodeError(fromField, 'Node')).toBeUndefined();
		expect(outputItems(fromField, 'Node', 1)).toEqual([{ json: { session: { assistantId: 'asst_2', expirationSeconds: '900' } }, pairedItem: { item: 0 } }]);
	});

	it.each([
		[[{ name: 'plan', value: 'a' }, { name: ' plan ', value: 'b' }], 'Variable Values has the name "plan" more than once; give each variable one value'],
		[[{ name: '={{ "x" }}', value: '1' }, { name: 'x', value: '2' }], 'Variable Values has the name "x" more than once; give each variable one value'],
	])('refuses a variable name given twice, sending nothing: %j', async (values, message) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi(createSession({ assistantId: 'asst_1', variableValues: { values } }));
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(message);
		expect(unmatched.seen).toEqual([]);
	});
});

describe('Vapi › Assistant › values from expressions', () => {
	it('sends numbers given to text fields as text, and numeric text as numbers (typed fields and JSON alike)', async () => {
		const body = {
			name: '2025',
			firstMessage: '7',
			maxDurationSeconds: 900,
			model: { provider: 'openai', model: 'gpt-4o', temperature: 0.5 },
			voice: { provider: 'vapi', voiceId: '12' },
		};
		nock(VAPI_BASE, { reqheaders: auth }).post('/assistant', body).reply(201, assistantResponse());

		const run = await runVapi(
			createAssistant({
				name: '={{ $json.year }}',
				firstMessage: '={{ $json.seven }}',
				additionalFields: { modelProvider: 'openai', model: 'gpt-4o', voiceProvider: 'vapi', voiceId: '={{ $json.voice }}' },
				additionalJson: '{"maxDurationSeconds": "900", "model": {"temperature": "0.5"}}',
			}),
			[{ year: 2025, seven: 7, voice: 12 }],
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')).toEqual([assistantRowOf()]);
	});

	it('takes Max Duration and Temperature as numbers when an expression gives text', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.post('/assistant', { name: 'A', maxDurationSeconds: 300, model: { provider: 'openai', model: 'gpt-4o', temperature: 1.2 } })
			.reply(201, assistantResponse());
		const run = await runVapi(
			createAssistant({
				name: 'A',
				additionalFields: { maxDurationSeconds: '={{ $json.max }}', temperature: '={{ $json.t }}', modelProvider: 'openai', model: 'gpt-4o' },
			}),
			[{ max: '300', t: '1.2' }],
		);
		expect(nodeError(run, 'Node')).toBeUndefined();
	});

	it.each([['ftp://files.example/hook'], ['javascript:alert(1)'], ['hooks.example/vapi']])('refuses a Server URL that is not http(s), sending nothing: %s', async (serverUrl) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi(createAssistant({ name: 'A', additionalFields: { serverUrl } }));
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(`Invalid Vapi request: body.server.url must be an http(s) URL, got "${serverUrl}"`);
		expect(unmatched.seen).toEqual([]);
	});

	it('accepts an http Server URL', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).post('/assistant', { name: 'A', server: { url: 'http://localhost:5678/webhook/vapi' } }).reply(201, assistantResponse());
		const run = await runVapi(createAssistant({ name: 'A', additionalFields: { serverUrl: 'http://localhost:5678/webhook/vapi' } }));
		expect(nodeError(run, 'Node')).toBeUndefined();
	});
});
