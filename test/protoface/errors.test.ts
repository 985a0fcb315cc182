import nock from 'nock';
import { TokenVerifier } from 'livekit-server-sdk';
import type { IDataObject } from 'n8n-workflow';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork, LIVEKIT_KEY, LIVEKIT_SECRET } from '../harness/fixtures';
import { auth, PASTED_TOKEN, PROTOFACE_BASE, PROTOFACE_KEY, runNode, session } from './fixtures';

isolateNetwork();

const create = (extra: IDataObject = {}) => ({
	resource: 'session',
	operation: 'create',
	avatarId: 'av_demo',
	roomName: 'demo-room',
	transportUrl: 'wss://my-app.livekit.cloud',
	workerToken: PASTED_TOKEN,
	...extra,
});
const envelope = (type: string, code: string, message: string, param?: string) => ({
	error: { type, code, message, ...(param ? { param } : {}), request_id: `req_${code}` },
});

describe('Protoface › retries', () => {
	it('retries 503 at_capacity after Retry-After once, sending the same Idempotency-Key, body and content type again', async () => {
		const attempts: Array<{ key: string; contentType: string; body: unknown; at: number }> = [];
		const record = function (this: { req: { headers: Record<string, string> } }, body: unknown) {
			attempts.push({ key: this.req.headers['idempotency-key'], contentType: this.req.headers['content-type'], body, at: Date.now() });
		};
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions')
			.reply(function (_uri, body) {
				record.call(this, body);
				return [503, envelope('service_unavailable', 'at_capacity', 'No free workers right now'), { 'Retry-After': '1' }];
			})
			.post('/v1/sessions')
			.reply(function (_uri, body) {
				record.call(this, body);
				return [201, session()];
			});

		const run = await runNode(create());

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(attempts).toHaveLength(2);
		expect(attempts[1].key).toBe(attempts[0].key);
		expect(attempts[1].body).toEqual(attempts[0].body);
		expect(attempts[0].body).toEqual({
			avatar_id: 'av_demo',
			idle_timeout_seconds: 30,
			quality: 'standard',
			transport: { type: 'livekit', url: 'wss://my-app.livekit.cloud', room_name: 'demo-room', worker_token: PASTED_TOKEN, worker_identity: 'protoface-worker' },
		});
		expect(attempts[0].contentType).toMatch(/^application\/json/);
		expect(attempts[1].contentType).toBe(attempts[0].contentType);
		expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
		expect(outputJson(run, 'Node')).toEqual([expect.objectContaining({ id: session().id, idempotencyKey: attempts[0].key })]);
	});

	it('429 quota_exceeded honours Retry-After, and says retrying will not help yet when it gives up', async () => {
		const quota = envelope('quota_exceeded', 'concurrent_sessions', 'Org org_1 already has 5 concurrent sessions (max 5).');
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions')
			.reply(429, quota, { 'Retry-After': '0' })
			.post('/v1/sessions')
			.reply(201, session())
			.post('/v1/sessions')
			.reply(429, quota, { 'Retry-After': '120' });

		const retried = await runNode(create());
		expect(nodeError(retried, 'Node')).toBeUndefined();
		expect(outputJson(retried, 'Node')[0].id).toBe(session().id);

		const rows = outputJson(await runNode(create({ options: { maxRetryWait: 10 } }), [{}], { continueOnFail: true }), 'Node');
		expect(rows).toEqual([
			{
				error: 'Protoface API error 429 [concurrent_sessions]: Org org_1 already has 5 concurrent sessions (max 5).',
				description:
					'Type: quota_exceeded · Request ID: req_concurrent_sessions · the server asked to wait 120 s, beyond the remaining retry wait budget of 10 s (Max Retry Wait) · ' +
					'A plan limit is full (e.g. concurrent sessions): retrying helps only once capacity frees up. End sessions you no longer need (Session → End) or raise your plan',
				httpCode: 429,
				type: 'quota_exceeded',
				code: 'concurrent_sessions',
				requestId: 'req_concurrent_sessions',
			},
		]);
	});
});

describe('Protoface › API errors', () => {
	it('402: the API code and request id, and what to do', async () => {
		nock(PROTOFACE_BASE)
			.post('/v1/sessions')
			.reply(402, envelope('quota_exceeded', 'insufficient_credit_balance', 'Your credit balance is too low to start a session'));

		const error = nodeError(await runNode(create()), 'Node')!;

		expect(error.message).toBe('Protoface API error 402 [insufficient_credit_balance]: Your credit balance is too low to start a session');
		expect(error.description).toBe(
			'Type: quota_exceeded · Request ID: req_insufficient_credit_balance · Protoface has no credits left for this: top up credits (or change plan) in the Protoface dashboard, then run again',
		);
	});

	const conflict = envelope('conflict', 'idempotency_key_reused', 'Idempotency-Key was used with a different request');
	const conflictRow = (hint: string) => ({
		error: 'Protoface API error 409 [idempotency_key_reused]: Idempotency-Key was used with a different request',
		description: `Type: conflict · Request ID: req_idempotency_key_reused · ${hint}`,
		httpCode: 409,
		type: 'conflict',
		code: 'idempotency_key_reused',
		requestId: 'req_idempotency_key_reused',
	});

	it('409 with a given key and a pasted token explains both causes; the error row keeps code and request id', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(409, conflict);
		const rows = outputJson(await runNode(create({ additionalFields: { idempotencyKey: 'order-9' } }), [{}], { continueOnFail: true }), 'Node');
		expect(rows).toEqual([
			conflictRow(
				'Conflict: either the resource is not ready (e.g. the avatar is still processing; retry later) or this Idempotency-Key was already used with a different body within 24 h (use a new key, or leave it empty to generate one)',
			),
		]);
	});

	it('409 with a given key and a minted token: a re-run mints a new token, so the body differs', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(409, conflict);
		const parameters = { resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'r1', workerTokenSource: 'mint', additionalFields: { idempotencyKey: 'order-9' } };
		const rows = outputJson(await runNode(parameters, [{}], { continueOnFail: true, liveKit: true }), 'Node');
		expect(rows).toEqual([
			conflictRow(
				'Conflict: either the resource is not ready (e.g. the avatar is still processing; retry later) or this Idempotency-Key was already used within 24 h: ' +
					'every run mints a new worker token, so a re-run with the same key sends a different body, which Protoface refuses. Use a key that is new for each run, or leave it empty to generate one',
			),
		]);
	});

	it('409 with a generated key does not blame the key (it is new for every item)', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(409, envelope('conflict', 'avatar_not_ready', 'Avatar av_demo is still processing'));
		const [row] = outputJson(await runNode(create(), [{}], { continueOnFail: true }), 'Node');
		expect(row.description).toBe(
			'Type: conflict · Request ID: req_avatar_not_ready · Conflict: the resource is not in a state that allows this yet (e.g. the avatar is still processing); retry later',
		);
	});

	it('422 names the field', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(422, envelope('unprocessable', 'value_error', 'room_name is not a valid LiveKit room name', 'transport.room_name'));

		const error = nodeError(await runNode(create()), 'Node')!;

		expect(error.message).toBe('Protoface API error 422 [value_error]: room_name is not a valid LiveKit room name');
		expect(error.description).toBe(
			'Type: unprocessable · Field: transport.room_name · Request ID: req_value_error · Protoface rejected a field value (value_error); see Field for which one',
		);
	});

	it('never repeats a pasted worker token an error message echoes', async () => {
		nock(PROTOFACE_BASE)
			.post('/v1/sessions')
			.times(2)
			.reply(400, envelope('invalid_request', 'transport.invalid_token', `worker_token ${PASTED_TOKEN} is not a JWT`, 'transport.worker_token'));

		const failed = await runNode(create());
		const rows = outputJson(await runNode(create(), [{}], { continueOnFail: true }), 'Node');

		const error = nodeError(failed, 'Node')!;
		expect(error.message).toBe('Protoface API error 400 [transport.invalid_token]: worker_token [redacted] is not a JWT');
		// The error's `node` is the workflow node itself, whose parameters hold the pasted token as typed.
		const { node: _node, stack: _stack, ...reported } = JSON.parse(JSON.stringify(error));
		expect(JSON.stringify(reported)).not.toContain(PASTED_TOKEN);
		expect(JSON.stringify(failed.data.resultData.runData.Node[0].data ?? {})).not.toContain(PASTED_TOKEN);
		expect(rows[0].error).toBe('Protoface API error 400 [transport.invalid_token]: worker_token [redacted] is not a JWT');
		expect(JSON.stringify(rows)).not.toContain(PASTED_TOKEN);
	});
});

describe('Protoface › secrets an error envelope echoes back', () => {
	const mint = { resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'support-7', workerTokenSource: 'mint', workerIdentity: 'avatar-bot' };

	/**
	 * Create (minting) answered 400 by an API that quotes, in message and param, the Protoface API key,
	 * the LiveKit API secret and the worker token it was just sent (captured from the request body).
	 */
	function echoingApi() {
		const sent: IDataObject[] = [];
		nock(PROTOFACE_BASE, { reqheaders: { ...auth, 'content-type': /^application\/json/, 'idempotency-key': /^[0-9a-f-]{36}$/ } })
			.post('/v1/sessions')
			.reply(400, (_uri, body) => {
				sent.push(body as IDataObject);
				const token = ((body as IDataObject).transport as IDataObject).worker_token as string;
				return envelope(
					'invalid_request',
					'transport.invalid_token',
					`key ${PROTOFACE_KEY} with secret ${LIVEKIT_SECRET} signed ${token}, which is refused`,
					`transport.worker_token=${token};key=${PROTOFACE_KEY};secret=${LIVEKIT_SECRET}`,
				);
			});
		return sent;
	}

	/** The token minted for the one request sent: checked against the body and the LiveKit key pair. */
	async function mintedToken(sent: IDataObject[]) {
		expect(sent).toEqual([
			{
				avatar_id: 'av_demo',
				idle_timeout_seconds: 30,
				quality: 'standard',
				transport: { type: 'livekit', url: 'ws://livekit.test:7880', room_name: 'support-7', worker_identity: 'avatar-bot', worker_token: expect.any(String) },
			},
		]);
		const token = (sent[0].transport as IDataObject).worker_token as string;
		const claims = await new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET).verify(token);
		expect([claims.sub, claims.video?.room]).toEqual(['avatar-bot', 'support-7']);
		return token;
	}

	const secretsIn = (text: string, token: string) => [PROTOFACE_KEY, LIVEKIT_SECRET, token].filter((secret) => text.includes(secret));

	const MESSAGE = 'Protoface API error 400 [transport.invalid_token]: key [redacted] with secret [redacted] signed [redacted token], which is refused';
	const PARAM = 'transport.worker_token=[redacted token];key=[redacted];secret=[redacted]';
	const DESCRIPTION = `Type: invalid_request · Field: ${PARAM} · Request ID: req_transport.invalid_token`;

	it('continue-on-fail: the error row names none of them, and says [redacted] / [redacted token] where they were', async () => {
		const sent = echoingApi();

		const run = await runNode(mint, [{ visitor: 'v-1' }], { continueOnFail: true, liveKit: true });

		const token = await mintedToken(sent);
		expect(outputItems(run, 'Node')).toEqual([
			{
				json: {
					error: MESSAGE,
					description: DESCRIPTION,
					httpCode: 400,
					type: 'invalid_request',
					code: 'transport.invalid_token',
					param: PARAM,
					requestId: 'req_transport.invalid_token',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(secretsIn(JSON.stringify(run.data.resultData.runData.Node), token)).toEqual([]);
	});

	it('stopping the run: message, description and context of the node error name none of them', async () => {
		const sent = echoingApi();

		const run = await runNode(mint, [{ visitor: 'v-1' }], { liveKit: true });

		const token = await mintedToken(sent);
		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe(MESSAGE);
		expect(error.description).toBe(DESCRIPTION);
		expect(error.context).toMatchObject({
			api: 'Protoface',
			httpCode: 400,
			type: 'invalid_request',
			code: 'transport.invalid_token',
			message: 'key [redacted] with secret [redacted] signed [redacted token], which is refused',
			param: PARAM,
			requestId: 'req_transport.invalid_token',
		});
		const contextStrings = Object.values(error.context).filter((value): value is string => typeof value === 'string');
		expect(contextStrings.flatMap((value) => secretsIn(value, token))).toEqual([]);
		expect(secretsIn(`${error.message}\n${error.description}`, token)).toEqual([]);
		// Everything else the error carries (its cause, messages, stack …); `node` is the workflow node itself.
		const { node: _node, ...reported } = error as unknown as IDataObject;
		const everything = JSON.stringify({ ...reported, stack: error.stack, messages: (error as unknown as IDataObject).messages });
		expect(secretsIn(everything, token)).toEqual([]);
		expect(secretsIn(JSON.stringify(run.data.resultData), token)).toEqual([]);
	});
});
