import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError, outputItems, outputJson } from '../harness/engine';
import { completeConfig, fakeJwt, isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, upliftCredentials, workflowWith } from '../harness/fixtures';

isolateNetwork();

const sessionBody = { token: fakeJwt({ exp: 1_900_000_000 }), wsUrl: 'wss://lk.example', roomName: 'r' };
const adhoc = (options: object = {}, extra: { continueOnFail?: boolean; errorOutput?: boolean } = {}) =>
	workflowWith({
		type: 'upliftAiRealtime',
		parameters: { resource: 'session', operation: 'createAdhoc', participantName: '={{ $json.name }}', configSource: 'inputField', options },
		...extra,
	}, undefined);
const records = (...configs: unknown[]) => configs.map((config, i) => ({ name: `User ${i + 1}`, config: config as IDataObject }));

/** Records every request nock could not match, so "nothing was sent" is asserted, not assumed. */
function unmatchedRequests() {
	const seen: string[] = [];
	const listener = (req: { method?: string; path?: string }) => seen.push(`${req.method} ${req.path}`);
	nock.emitter.on('no match', listener);
	return { seen, stop: () => nock.emitter.removeListener('no match', listener) };
}

describe('bad input', () => {
	it('names the missing section and sends nothing', async () => {
		const { llm: _llm, ...incomplete } = completeConfig();
		const unmatched = unmatchedRequests();
		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: records(incomplete) });
		unmatched.stop();

		expect(nodeError(run, 'Node')?.message).toBe('Invalid assistant configuration: config.llm is required (object)');
		expect(unmatched.seen).toEqual([]);
	});

	it('names a wrong-typed field with what it got, and lists every problem', async () => {
		const config = completeConfig() as Record<string, any>;
		config.session.ttl = 'long';
		config.tts.default.outputFormat = 'MP3';
		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: records(config) });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe('Invalid assistant configuration: config.session.ttl must be number, got string "long" (and 1 more problem)');
		expect(error.description).toContain(
			'config.tts.default.outputFormat must be one of "PCM_22050_16", "WAV_22050_16", "WAV_22050_32", "MP3_22050_32", "MP3_22050_64", "MP3_22050_128", "OGG_22050_16", "ULAW_8000_8", got "MP3"',
		);
	});

	it('validates every record before the first request: one bad record stops the run with nothing created', async () => {
		const unmatched = unmatchedRequests();
		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: records(completeConfig(), { agent: {} }, completeConfig()) });
		unmatched.stop();

		expect(nodeError(run, 'Node')?.message).toMatch(/^Invalid assistant configuration: config\.agent\.instructions is required/);
		expect(unmatched.seen).toEqual([]);
	});

	it('under continue-on-fail, turns the bad record into a paired error row and creates the others', async () => {
		nock(UPLIFT_BASE).post('/v1/realtime-assistants/adhoc/createSession').times(2).reply(200, sessionBody);

		const run = await executeWorkflow(adhoc({}, { continueOnFail: true }), {
			credentials: upliftCredentials,
			records: records(completeConfig(), { ...completeConfig(), stt: { default: { provider: 'whisperx', model: 'x' } } }, completeConfig()),
		});

		const items = outputItems(run, 'Node');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.roomName).toBe('r');
		expect(items[1].json).toEqual({
			error: 'Invalid assistant configuration: config.stt.default.provider must be one of "groq", "openai", "openai-compatible", "deepgram", got "whisperx"',
			description: 'config.stt.default.provider must be one of "groq", "openai", "openai-compatible", "deepgram", got "whisperx"',
			field: 'config.stt.default.provider',
		});
		expect(items[2].json.roomName).toBe('r');
	});

	it('requires a participant name, naming the parameter', async () => {
		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: [{ name: '  ', config: completeConfig() }] });
		expect(nodeError(run, 'Node')?.message).toBe('Participant Name is required');
	});
});

describe('throttling: 429/503 with Retry-After', () => {
	it('retries a 429 after the Retry-After seconds and succeeds on the 201', async () => {
		const body = { participantName: 'User 1', config: completeConfig() };
		nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession', body)
			.reply(429, { error: { type: 'rate_limit', code: 'too_many_requests', message: 'slow down' } }, { 'Retry-After': '1' })
			.post('/v1/realtime-assistants/adhoc/createSession', body)
			.reply(201, sessionBody);

		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: records(completeConfig()) });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')[0]).toMatchObject({ roomName: 'r' });
	});

	it('gives up on a 503 beyond the retry budget with a clear error', async () => {
		nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession')
			.times(3)
			.reply(503, { error: { type: 'service_unavailable', code: 'at_capacity', message: 'No capacity', request_id: 'req_cap' } }, { 'Retry-After': '0' });

		const run = await executeWorkflow(adhoc({ maxRetries: 2 }), { credentials: upliftCredentials, records: records(completeConfig()) });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe('UpliftAI API error 503 [at_capacity]: No capacity');
		expect(error.description).toBe('Type: service_unavailable · Request ID: req_cap · gave up after 2 retries (Max Retries is 2)');
	});

	it('fails at once when Retry-After exceeds the remaining wait budget', async () => {
		nock(UPLIFT_BASE).post('/v1/realtime-assistants/adhoc/createSession').reply(429, { message: 'quota' }, { 'Retry-After': '120' });

		const run = await executeWorkflow(adhoc({ maxRetryWait: 30 }), { credentials: upliftCredentials, records: records(completeConfig()) });

		expect(nodeError(run, 'Node')?.description).toBe(
			'the server asked to wait 120 s, beyond the remaining retry wait budget of 30 s (Max Retry Wait)',
		);
	});
});

describe('vendor error envelopes', () => {
	const envelope = { error: { type: 'unprocessable', code: 'invalid_voice', message: 'Voice not found', param: 'config.tts.default.voiceId', request_id: 'req_42' } };

	it('become a NodeApiError with the code, message, field and request id', async () => {
		nock(UPLIFT_BASE).post('/v1/realtime-assistants/adhoc/createSession').reply(422, envelope);

		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: records(completeConfig()) });

		const error = nodeError(run, 'Node')!;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('UpliftAI API error 422 [invalid_voice]: Voice not found');
		expect(error.description).toBe('Type: unprocessable · Field: config.tts.default.voiceId · Request ID: req_42');
		expect((error as unknown as { httpCode: string }).httpCode).toBe('422');
	});

	it('become error rows under continue-on-fail, NestJS-style and header request ids included', async () => {
		nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 1')
			.reply(422, envelope)
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 2')
			.reply(400, { message: ['participantName must be shorter'], error: 'Bad Request', statusCode: 400 }, { 'x-request-id': 'req_hdr' });

		const run = await executeWorkflow(adhoc({}, { continueOnFail: true }), { credentials: upliftCredentials, records: records(completeConfig(), completeConfig()) });

		expect(outputJson(run, 'Node')).toEqual([
			{
				error: 'UpliftAI API error 422 [invalid_voice]: Voice not found',
				description: 'Type: unprocessable · Field: config.tts.default.voiceId · Request ID: req_42',
				httpCode: 422,
				type: 'unprocessable',
				code: 'invalid_voice',
				param: 'config.tts.default.voiceId',
				requestId: 'req_42',
			},
			{
				error: 'UpliftAI API error 400: participantName must be shorter',
				description: 'Type: Bad Request · Request ID: req_hdr',
				httpCode: 400,
				type: 'Bad Request',
				requestId: 'req_hdr',
			},
		]);
	});
});

describe('secrets', () => {
	it('never appear in outputs or errors, even when the vendor echoes the key', async () => {
		nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 1')
			.reply(401, { error: { code: 'invalid_api_key', message: `Incorrect API key provided: ${UPLIFT_KEY}` } })
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 2')
			.reply(200, sessionBody);

		const run = await executeWorkflow(adhoc({}, { continueOnFail: true }), { credentials: upliftCredentials, records: records(completeConfig(), completeConfig()) });
		expect(outputJson(run, 'Node')[0].error).toBe('UpliftAI API error 401 [invalid_api_key]: Incorrect API key provided: [redacted]');
		expect(JSON.stringify(run.data)).not.toContain(UPLIFT_KEY);

		// The run that stops on the failure: answered too (a request nock cannot match is reported as an
		// unhandled error, which a busy machine delivers during the next test).
		nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession')
			.reply(401, { error: { code: 'invalid_api_key', message: `Incorrect API key provided: ${UPLIFT_KEY}` } });
		const failed = await executeWorkflow(adhoc(), {
			credentials: upliftCredentials,
			records: records(completeConfig()),
		});
		expect(nodeError(failed, 'Node')?.message).toBe('UpliftAI API error 401 [invalid_api_key]: Incorrect API key provided: [redacted]');
		expect(JSON.stringify(failed.data)).not.toContain(UPLIFT_KEY);
	});

	it('a failure stops requests in flight, and the run reports that failure, not the requests it aborted', async () => {
		// Item 2 fails only once item 1's request is at the server: on a busy machine item 1's request could
		// otherwise reach nock after the run ended and its interceptors were cleaned up (an unmatched
		// request, reported as an unhandled error).
		let firstArrived!: () => void;
		const first = new Promise<void>((resolve) => (firstArrived = resolve));
		nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 1' && (firstArrived(), true))
			.delay(5_000)
			.reply(200, sessionBody)
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 2')
			.reply(async () => {
				await first;
				return [400, { error: { code: 'invalid_config', message: 'Voice not found' } }];
			});

		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: records(completeConfig(), completeConfig()) });

		// Item 1 has the lower index, but its request was only aborted because item 2 failed.
		expect(nodeError(run, 'Node')!.message).toBe('UpliftAI API error 400 [invalid_config]: Voice not found');
		nock.abortPendingRequests();
	});

	it('are scrubbed from a validation error that stops the run, even when a field quotes the key', async () => {
		const config = completeConfig();
		(config.stt.default as { provider: string }).provider = UPLIFT_KEY;

		const run = await executeWorkflow(adhoc(), { credentials: upliftCredentials, records: records(config) });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe(
			'Invalid assistant configuration: config.stt.default.provider must be one of "groq", "openai", "openai-compatible", "deepgram", got "[redacted]"',
		);
		expect(`${error.message} ${(error as { description?: string }).description}`).not.toContain(UPLIFT_KEY);
	});

	it('are not leaked by network failures', async () => {
		const credentials = { upliftAiApi: { apiKey: UPLIFT_KEY, baseUrl: 'http://127.0.0.1:9/v1' } };
		const run = await executeWorkflow(adhoc({ maxRetries: 0 }), { credentials, records: records(completeConfig()) });

		const error = nodeError(run, 'Node')!;
		expect(error.message).toMatch(/^UpliftAI API error \[ECONNREFUSED\]: could not be reached at http:\/\/127\.0\.0\.1:9\/v1 \(/);
		expect(JSON.stringify(run.data)).not.toContain(UPLIFT_KEY);
	});
});

describe('continue (using error output)', () => {
	it('moves failed items to the error output, paired, and keeps the rest on Result', async () => {
		nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 1')
			.reply(200, sessionBody)
			.post('/v1/realtime-assistants/adhoc/createSession', (body) => body.participantName === 'User 3')
			.reply(409, { error: { code: 'room_exists', message: 'Room already exists', request_id: 'req_9' } });

		const run = await executeWorkflow(adhoc({}, { errorOutput: true }), {
			credentials: upliftCredentials,
			records: records(completeConfig(), { agent: {} }, completeConfig()),
		});

		expect(outputItems(run, 'Node', 0).map((item) => [item.json.roomName, item.pairedItem])).toEqual([['r', { item: 0 }]]);
		expect(outputItems(run, 'Node', 1)).toHaveLength(3);
		const failed = outputItems(run, 'Node', 2);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(failed[0].json.error).toMatch(/^Invalid assistant configuration: config\.agent\.instructions is required/);
		// n8n merges the failed input record into the error item, so the record travels with its error.
		expect(failed[1].json).toMatchObject({
			name: 'User 3',
			error: 'UpliftAI API error 409 [room_exists]: Room already exists',
			details: { description: 'Request ID: req_9', httpCode: 409, code: 'room_exists', requestId: 'req_9' },
		});
	});
});

describe('options', () => {
	it.each([
		[{ maxConcurrency: '={{ "many" }}' }, 'Option "Max Concurrency" must be a number from 1 to 256, got "many"'],
		[{ maxRetries: -1 }, 'Option "Max Retries" must be a number from 0 to 10, got -1'],
		[{ timeout: 0 }, 'Option "Timeout (Ms)" must be a number from 1 to 3600000, got 0'],
	])('%j is refused before anything is sent', async (options, message) => {
		const run = await executeWorkflow(adhoc(options), { credentials: upliftCredentials, records: records(completeConfig()) });
		expect(nodeError(run, 'Node')?.message).toBe(message);
	});
});

/** A local stand-in for a rate-limited vendor: counts requests truly in flight, throttles above a limit. */
async function throttlingVendor(limit: number, latencyMs: number) {
	const stats = { inFlight: 0, peak: 0, throttled: 0, served: 0 };
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			stats.peak = Math.max(stats.peak, ++stats.inFlight);
			const finish = (status: number, payload: object, headers: Record<string, string> = {}) =>
				setTimeout(() => {
					stats.inFlight--;
					res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
					res.end(JSON.stringify(payload));
				}, latencyMs);
			if (stats.inFlight > limit) {
				stats.throttled++;
				finish(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '0' });
			} else {
				stats.served++;
				finish(200, { ...sessionBody, roomName: `room-${JSON.parse(body).participantName}` });
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { stats, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, close: () => new Promise((r) => server.close(r)) };
}

describe('adaptive concurrency', () => {
	it('never exceeds the ceiling, backs off when throttled, and keeps input order and pairing', async () => {
		const vendor = await throttlingVendor(4, 30);
		const many = Array.from({ length: 40 }, (_, i) => ({ name: `u${i}`, config: completeConfig() as IDataObject }));
		try {
			const run = await executeWorkflow(adhoc({ maxConcurrency: 6, maxRetries: 10 }), {
				credentials: { upliftAiApi: { apiKey: UPLIFT_KEY, baseUrl: vendor.baseUrl } },
				records: many,
			});
			const items = outputItems(run, 'Node');
			expect(items.map((item) => item.json.roomName)).toEqual(many.map((r) => `room-${r.name}`));
			expect(items.map((item) => item.pairedItem)).toEqual(many.map((_, item) => ({ item })));
			expect(vendor.stats.peak).toBeGreaterThan(1);
			expect(vendor.stats.peak).toBeLessThanOrEqual(6);
			// Throttled at 5-6 in flight, the limiter halves: far fewer 429s than records.
			expect(vendor.stats.throttled).toBeGreaterThan(0);
			expect(vendor.stats.throttled).toBeLessThan(many.length / 2);
		} finally {
			await vendor.close();
		}
	});
});
