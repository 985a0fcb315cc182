/** Throttling, OpenAI's error envelope, continue-on-fail rows, and the API key kept out of everything. */
import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { betaSessionResponse, gaRealtimeResponse, OPENAI_KEY, openAi, runNode } from './fixtures';

isolateNetwork();

const GA_BODY = { expires_after: { anchor: 'created_at', seconds: 600 }, session: { type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'marin' } } } };
const envelope = (message: string, code: string, param: string | null = null) => ({ error: { message, type: 'invalid_request_error', param, code } });

describe('429 with Retry-After', () => {
	it('waits the Retry-After seconds, sends the same request again and succeeds', async () => {
		openAi()
			.post('/v1/realtime/client_secrets', GA_BODY)
			.reply(429, { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { 'Retry-After': '1', 'x-request-id': 'req_429' })
			.post('/v1/realtime/client_secrets', GA_BODY)
			.reply(200, gaRealtimeResponse());

		const started = Date.now();
		const run = await runNode({ operation: 'createClientSecret' });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(outputJson(run, 'Node')[0]).toMatchObject({ clientSecret: 'ek_test_client_secret_1' });
	});

	it('gives up clearly when the retries run out', async () => {
		openAi().post('/v1/realtime/sessions').times(2).reply(429, { error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { 'Retry-After': '0', 'x-request-id': 'req_slow' });

		const run = await runNode({ operation: 'createSession', options: { maxRetries: 1 } });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe('OpenAI API error 429 [rate_limit_exceeded]: Slow down');
		expect(error.description).toBe('Type: requests · Request ID: req_slow · gave up after 1 retry (Max Retries is 1)');
	});
});

describe("OpenAI's error envelope", () => {
	it('reports message, code, param and the x-request-id header', async () => {
		openAi()
			.post('/v1/realtime/client_secrets', GA_BODY)
			.reply(400, envelope("Invalid value: 'gpt-unknown'. Supported values are: 'gpt-realtime'.", 'invalid_value', 'session.model'), { 'x-request-id': 'req_abc123' });

		const run = await runNode({ operation: 'createClientSecret' });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe("OpenAI API error 400 [invalid_value]: Invalid value: 'gpt-unknown'. Supported values are: 'gpt-realtime'.");
		expect(error.description).toBe('Type: invalid_request_error · Field: session.model · Request ID: req_abc123');
	});

	it('never repeats the API key, even when the API echoes it', async () => {
		openAi().post('/v1/realtime/sessions').reply(401, envelope(`Incorrect API key provided: ${OPENAI_KEY}.`, 'invalid_api_key'), { 'x-request-id': 'req_key' });

		const run = await runNode({ operation: 'createSession' });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe('OpenAI API error 401 [invalid_api_key]: Incorrect API key provided: [redacted].');
		expect(JSON.stringify(run.data)).not.toContain(OPENAI_KEY);
	});
});

describe('continue on fail', () => {
	it('gives an API failure its paired error row with the envelope fields; the other items succeed', async () => {
		openAi()
			.post('/v1/realtime/sessions', { model: 'gpt-4o-realtime-preview', instructions: 'first', voice: 'alloy' })
			.reply(200, betaSessionResponse({ instructions: 'first' }))
			.post('/v1/realtime/sessions', { model: 'gpt-4o-realtime-preview', instructions: 'second', voice: 'alloy' })
			.reply(400, envelope('Unknown parameter', 'unknown_parameter', 'instructions'), { 'x-request-id': 'req_cof' })
			.post('/v1/realtime/sessions', { model: 'gpt-4o-realtime-preview', instructions: 'third', voice: 'alloy' })
			.reply(200, betaSessionResponse({ instructions: 'third' }));

		const records = [{ text: 'first' }, { text: 'second' }, { text: 'third' }];
		const run = await runNode({ operation: 'createSession', instructions: '={{ $json.text }}', options: { maxConcurrency: 1 } }, records, { continueOnFail: true });

		const items = outputItems(run, 'Node');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.instructions ?? null)).toEqual(['first', null, 'third']);
		expect(items[1].json).toEqual({
			error: 'OpenAI API error 400 [unknown_parameter]: Unknown parameter',
			description: 'Type: invalid_request_error · Field: instructions · Request ID: req_cof',
			httpCode: 400,
			type: 'invalid_request_error',
			code: 'unknown_parameter',
			param: 'instructions',
			requestId: 'req_cof',
		});
		expect(outputJson(run, 'Node', 1)).toEqual(records);
	});
});

describe('a custom Base URL', () => {
	it('sends to the gateway given in the credential', async () => {
		nock('https://gateway.example.test', { reqheaders: { authorization: `Bearer ${OPENAI_KEY}` } })
			.post('/openai/v1/realtime/client_secrets', GA_BODY)
			.reply(200, gaRealtimeResponse());

		const run = await runNode({ operation: 'createClientSecret' }, [{}], { credentials: { baseUrl: 'https://gateway.example.test/openai/v1/' } });
		expect(nodeError(run, 'Node')).toBeUndefined();
	});
});
