/** Throttling, OpenAI's error envelope, continue-on-fail rows, and the API key kept out of everything. */
import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { AUTH, betaSessionResponse, EXPIRES_AT, GA_DEFAULT_BODY as GA_BODY, gaRealtimeResponse, OPENAI_KEY, openAi, runNode } from './fixtures';

isolateNetwork();

/** What Create Session sends when nothing optional is set. */
const BETA_BODY = { model: 'gpt-4o-realtime-preview', voice: 'alloy' };
const BETA = { ...AUTH, 'openai-beta': 'realtime=v1' };
const envelope = (message: string, code: string, param: string | null = null) => ({ error: { message, type: 'invalid_request_error', param, code } });

describe('429 with Retry-After', () => {
	it('waits the Retry-After seconds, sends the same request again and succeeds', async () => {
		const rateLimited = { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
		openAi()
			.post('/v1/realtime/client_secrets', GA_BODY)
			.reply(429, rateLimited, { 'Retry-After': '1', 'x-request-id': 'req_429' })
			.post('/v1/realtime/client_secrets', GA_BODY)
			.reply(200, gaRealtimeResponse());

		const started = Date.now();
		const run = await runNode({ operation: 'createClientSecret' });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(outputJson(run, 'Node')[0]).toMatchObject({ clientSecret: 'ek_test_client_secret_1' });
	});

	it('gives up clearly when the retries run out', async () => {
		const slowDown = { error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
		openAi(BETA).post('/v1/realtime/sessions', BETA_BODY).times(2).reply(429, slowDown, { 'Retry-After': '0', 'x-request-id': 'req_slow' });

		const run = await runNode({ operation: 'createSession', options: { maxRetries: 1 } });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe('OpenAI API error 429 [rate_limit_exceeded]: Slow down');
		expect(error.description).toBe('Type: requests · Request ID: req_slow · gave up after 1 retry (Max Retries is 1)');
	});
});

describe('503 with Retry-After', () => {
	it('is retried once with the same request, then the answer is used', async () => {
		const body = { input_audio_transcription: { model: 'gpt-4o-transcribe' } };
		openAi(BETA)
			.post('/v1/realtime/transcription_sessions', body)
			.reply(503, { error: { message: 'The server is overloaded', type: 'server_error', param: null, code: null } }, { 'Retry-After': '0' })
			.post('/v1/realtime/transcription_sessions', body)
			.reply(200, { id: 'sess_tr', client_secret: { value: 'ek_after_retry', expires_at: EXPIRES_AT } });

		const run = await runNode({ operation: 'createTranscriptionSession' });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')[0]).toMatchObject({ clientSecret: 'ek_after_retry', sessionId: 'sess_tr' });
	});
});

describe('a 2xx answer without a client secret', () => {
	it('fails the item like an API error, naming the status and the missing field (GA)', async () => {
		openAi().post('/v1/realtime/client_secrets', GA_BODY).reply(200, { session: { type: 'realtime' } }, { 'x-request-id': 'req_nosecret' });

		const run = await runNode({ operation: 'createClientSecret', resultFormat: 'raw' });

		const error = nodeError(run, 'Node')!;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('OpenAI API error 200: the answer holds no client secret ("value" is missing), so there is no key to hand to a client');
		expect(error.description).toBe('Request ID: req_nosecret · A proxy or gateway at the Base URL may have changed the answer');
	});

	it('becomes an error row under continue-on-fail (beta)', async () => {
		const { client_secret: _secret, ...withoutSecret } = betaSessionResponse();
		openAi(BETA).post('/v1/realtime/sessions', BETA_BODY).reply(201, withoutSecret);

		const run = await runNode({ operation: 'createSession' }, [{}], { continueOnFail: true });

		expect(outputJson(run, 'Node')).toEqual([
			{
				error: 'OpenAI API error 201: the answer holds no client secret ("client_secret.value" is missing), so there is no key to hand to a client',
				description: 'A proxy or gateway at the Base URL may have changed the answer',
				httpCode: 201,
			},
		]);
	});
});

describe("OpenAI's error envelope", () => {
	it('reports message, code, param and the x-request-id header', async () => {
		openAi()
			.post('/v1/realtime/client_secrets', GA_BODY)
			.reply(400, envelope("Invalid value: 'gpt-unknown'. Supported values are: 'gpt-realtime'.", 'invalid_value', 'session.model'), {
				'x-request-id': 'req_abc123',
			});

		const run = await runNode({ operation: 'createClientSecret' });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe("OpenAI API error 400 [invalid_value]: Invalid value: 'gpt-unknown'. Supported values are: 'gpt-realtime'.");
		expect(error.description).toBe('Type: invalid_request_error · Field: session.model · Request ID: req_abc123');
	});

	it('never repeats the API key, even when the API echoes it', async () => {
		const refused = envelope(`Incorrect API key provided: ${OPENAI_KEY}.`, 'invalid_api_key');
		openAi(BETA).post('/v1/realtime/sessions', BETA_BODY).reply(401, refused, { 'x-request-id': 'req_key' });

		const run = await runNode({ operation: 'createSession' });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe('OpenAI API error 401 [invalid_api_key]: Incorrect API key provided: [redacted].');
		expect(JSON.stringify(run.data)).not.toContain(OPENAI_KEY);
	});
});

describe('continue on fail', () => {
	it('gives an API failure its paired error row with the envelope fields; the other items succeed', async () => {
		openAi()
			.post('/v1/realtime/sessions', { ...BETA_BODY, instructions: 'first' })
			.reply(200, betaSessionResponse({ instructions: 'first' }))
			.post('/v1/realtime/sessions', { ...BETA_BODY, instructions: 'second' })
			.reply(400, envelope('Unknown parameter', 'unknown_parameter', 'instructions'), { 'x-request-id': 'req_cof' })
			.post('/v1/realtime/sessions', { ...BETA_BODY, instructions: 'third' })
			.reply(200, betaSessionResponse({ instructions: 'third' }));

		const records = [{ text: 'first' }, { text: 'second' }, { text: 'third' }];
		const parameters = { operation: 'createSession', instructions: '={{ $json.text }}', options: { maxConcurrency: 1 } };
		const run = await runNode(parameters, records, { continueOnFail: true });

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
