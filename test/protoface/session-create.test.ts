import nock from 'nock';
import { TokenVerifier } from 'livekit-server-sdk';
import type { IDataObject } from 'n8n-workflow';

import { nodeError, outputJson } from '../harness/engine';
import { isolateNetwork, LIVEKIT_KEY, LIVEKIT_SECRET } from '../harness/fixtures';
import { auth, PASTED_TOKEN, PROTOFACE_BASE, PROTOFACE_KEY, refused, runNode, session, sessionRowOf } from './fixtures';

isolateNetwork();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const pasted = (extra: IDataObject = {}) => ({
	resource: 'session',
	operation: 'create',
	avatarId: 'av_demo',
	roomName: 'demo-room',
	transportUrl: 'wss://my-app.livekit.cloud',
	workerTokenSource: 'paste',
	workerToken: PASTED_TOKEN,
	...extra,
});

const seedBody = {
	avatar_id: 'av_demo',
	idle_timeout_seconds: 30,
	quality: 'standard',
	transport: { type: 'livekit', url: 'wss://my-app.livekit.cloud', room_name: 'demo-room', worker_token: PASTED_TOKEN, worker_identity: 'protoface-worker' },
};

describe('Protoface › Session › Create with a pasted worker token', () => {
	it('posts the seed body with the given Idempotency-Key and reports it', async () => {
		const body = {
			...seedBody,
			max_duration_seconds: 600,
			metadata: { customer_session_id: 'abc123' },
			quality: 'pro',
			transport: { ...seedBody.transport, audio_source: 'track', subscribe_to_identity: 'visitor-1', synthetic_audio_if_no_input: true },
		};
		nock(PROTOFACE_BASE, { reqheaders: { ...auth, 'idempotency-key': 'order-42', 'content-type': /application\/json/ } })
			.post('/v1/sessions', body)
			.reply(201, session({ quality: 'pro' }));

		const run = await runNode(
			pasted({
				quality: 'pro',
				additionalFields: {
					idempotencyKey: 'order-42',
					maxDurationSeconds: 600,
					metadata: '{"customer_session_id":"abc123"}',
					audioSource: 'track',
					subscribeToIdentity: 'visitor-1',
					syntheticAudioIfNoInput: true,
				},
			}),
			[{ visitor: 'Ada' }],
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(run.data.resultData.runData.Node[0].data!.main[0]).toEqual([
			{ json: { ...sessionRowOf(session({ quality: 'pro' })), idempotencyKey: 'order-42' }, pairedItem: { item: 0 } },
		]);
		expect(outputJson(run, 'Node', 1)).toEqual([{ visitor: 'Ada' }]);
	});

	it('generates one Idempotency-Key per item, sends it and reports it', async () => {
		const seen: string[] = [];
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions', seedBody)
			.times(2)
			.reply(function () {
				seen.push(String(this.req.headers['idempotency-key']));
				return [201, session()];
			});

		const run = await runNode(pasted(), [{}, {}]);

		const keys = outputJson(run, 'Node').map((row) => row.idempotencyKey);
		expect(keys).toHaveLength(2);
		keys.forEach((key) => expect(key).toMatch(UUID));
		expect(keys[0]).not.toBe(keys[1]);
		expect([...seen].sort()).toEqual([...keys].sort());
	});

	it('never outputs the worker token, even when a response echoes it (both formats)', async () => {
		const echoing = session({
			transport: { ...(session().transport as IDataObject), worker_token: PASTED_TOKEN },
			metadata: { note: `token was ${PASTED_TOKEN}` },
		});
		nock(PROTOFACE_BASE, { reqheaders: auth }).post('/v1/sessions', seedBody).times(2).reply(201, echoing);

		const structured = await runNode(pasted());
		const raw = await runNode(pasted({ resultFormat: 'raw' }));

		expect(JSON.stringify(structured.data.resultData)).not.toContain(PASTED_TOKEN);
		expect(JSON.stringify(raw.data.resultData)).not.toContain(PASTED_TOKEN);
		const [rawRow] = outputJson(raw, 'Node');
		expect(rawRow.status).toBe(201);
		expect(rawRow.body).toEqual({
			...echoing,
			transport: { ...(echoing.transport as IDataObject), worker_token: '[redacted]' },
			metadata: { note: 'token was [redacted]' },
		});
	});
});

describe('Protoface › Session › Create minting the worker token from the LiveKit credential', () => {
	it('signs a token for the room and identity, defaults the URL to the credential, and never outputs it', async () => {
		let sent: IDataObject | undefined;
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions')
			.reply(201, (_uri, body) => {
				sent = body as IDataObject;
				const transport = { ...(sent.transport as IDataObject) };
				// A misbehaving API echoing the token back.
				return session({ transport: { ...transport, worker_token: transport.worker_token } });
			});

		const run = await runNode(
			{
				resource: 'session',
				operation: 'create',
				avatarId: 'av_demo',
				roomName: 'support-7',
				workerTokenSource: 'mint',
				workerIdentity: 'avatar-bot',
				tokenTtlSeconds: 900,
			},
			[{}],
			{ liveKit: true },
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		const transport = sent!.transport as IDataObject;
		expect(transport).toEqual({
			type: 'livekit',
			url: 'ws://livekit.test:7880',
			room_name: 'support-7',
			worker_identity: 'avatar-bot',
			worker_token: expect.any(String),
		});
		const token = transport.worker_token as string;
		const claims = await new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET).verify(token);
		expect(claims.sub).toBe('avatar-bot');
		expect(claims.video).toEqual({ room: 'support-7', roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
		// The lifetime as signed (not against the wall clock): exactly the TTL.
		expect(Number(claims.exp) - Number(claims.nbf)).toBe(900);

		const output = JSON.stringify(run.data.resultData);
		expect(output).not.toContain(token);
		expect(output).not.toContain(LIVEKIT_SECRET);
		expect(outputJson(run, 'Node')[0]).toMatchObject({ id: session().id, workerIdentity: 'avatar-bot', roomName: 'support-7' });
	});

	it('uses the given LiveKit URL and refuses to mint without a LiveKit credential (nothing sent)', async () => {
		nock(PROTOFACE_BASE)
			.post('/v1/sessions', (body) => (body.transport as IDataObject).url === 'wss://rooms.example.com')
			.reply(201, session());
		const withUrl = await runNode(
			{ resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'r1', workerTokenSource: 'mint', transportUrl: 'wss://rooms.example.com' },
			[{}],
			{ liveKit: true },
		);
		expect(nodeError(withUrl, 'Node')).toBeUndefined();

		const without = await runNode({ resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'r1', workerTokenSource: 'mint' });
		expect(nodeError(without, 'Node')?.message).toBe(
			'Worker Token Source "Mint From My LiveKit Credential" needs a LiveKit API credential with an API Key and API Secret',
		);
		expect(nock.isDone()).toBe(true);
	});
});

describe('Protoface › Session › Create: transport URL, base URL and the Config output', () => {
	it('converts a typed http(s) URL to ws(s), strips a trailing /v1 from the Base URL and sends the key trimmed', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions', { ...seedBody, transport: { ...seedBody.transport, url: 'wss://my-app.livekit.cloud' } })
			.reply(201, session());

		const run = await runNode(pasted({ transportUrl: 'https://my-app.livekit.cloud/' }), [{}], {
			protoface: { apiKey: ` ${PROTOFACE_KEY}\n`, baseUrl: ' https://api.protoface.com/v1/ ' },
		});

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')[0].id).toBe(session().id);
	});

	it('refuses a loopback LiveKit URL (typed or from the LiveKit credential), sending nothing', async () => {
		for (const url of ['ws://localhost:7880', 'wss://127.0.0.2', 'ws://[::1]:7880']) {
			const error = await refused(pasted({ transportUrl: url }));
			expect(error.message).toBe(`LiveKit URL ${url} is a loopback address, which Protoface's cloud workers cannot reach`);
			expect(error.context.field).toBe('transportUrl');
		}
		const minted = await refused(
			{ resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'r1', workerTokenSource: 'mint' },
			[{}],
			{ liveKit: { clientUrl: 'http://127.0.0.1:7880' } },
		);
		expect(minted.message).toBe("LiveKit URL ws://127.0.0.1:7880 is a loopback address, which Protoface's cloud workers cannot reach");
		expect(minted.description).toBe(
			"Set the LiveKit credential's Client WebSocket URL, or the LiveKit URL field, to the address your LiveKit server has on the internet (e.g. wss://my-app.livekit.cloud)",
		);
	});

	it('accepts a loopback LiveKit URL when Protoface itself is on loopback (a local test setup)', async () => {
		nock('http://localhost:8080', { reqheaders: auth })
			.post('/v1/sessions', { ...seedBody, transport: { ...seedBody.transport, url: 'ws://localhost:7880' } })
			.reply(201, session());
		const run = await runNode(pasted({ transportUrl: 'ws://localhost:7880' }), [{}], { protoface: { baseUrl: 'http://localhost:8080' } });
		expect(nodeError(run, 'Node')).toBeUndefined();
	});

	it('replaces a worker token pasted through an input field in the Config output too', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth }).post('/v1/sessions', seedBody).reply(201, session());
		const record = { token: PASTED_TOKEN, note: `token ${PASTED_TOKEN} for the room`, nested: { list: [PASTED_TOKEN, 'kept'] }, other: 'kept' };

		const run = await runNode(pasted({ workerToken: '={{ $json.token }}' }), [record]);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 1)).toEqual([
			{ token: '[redacted]', note: 'token [redacted] for the room', nested: { list: ['[redacted]', 'kept'] }, other: 'kept' },
		]);
		expect(JSON.stringify(run.data.resultData.runData.Node)).not.toContain(PASTED_TOKEN);
	});
});

describe('Protoface › Session › Create mints the token when the item is sent', () => {
	it('a retry re-sends the identical body with the same minted token', async () => {
		const bodies: IDataObject[] = [];
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions')
			.reply(503, (_uri, body) => {
				bodies.push(body as IDataObject);
				return { error: { type: 'service_unavailable', code: 'at_capacity', message: 'No free workers' } };
			}, { 'Retry-After': '0' })
			.post('/v1/sessions')
			.reply(201, (_uri, body) => {
				bodies.push(body as IDataObject);
				return session();
			});

		const run = await runNode(
			{ resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'r1', workerTokenSource: 'mint', tokenTtlSeconds: 120 },
			[{}],
			{ liveKit: true },
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(bodies).toHaveLength(2);
		expect(bodies[1]).toEqual(bodies[0]);
		const claims = await new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET).verify((bodies[0].transport as IDataObject).worker_token as string);
		expect(Number(claims.exp) - Number(claims.nbf)).toBe(120);
	});

	it('refuses a Token TTL shorter than Wait Timeout (the worker may join at any time during the wait)', async () => {
		const error = await refused(
			{ resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'r1', workerTokenSource: 'mint', tokenTtlSeconds: 60, waitUntilRunning: true, waitTimeoutSeconds: 90 },
			[{}],
			{ liveKit: true },
		);
		expect(error.message).toBe('Token TTL (Seconds) must be at least Wait Timeout (Seconds) (90), got 60');
		expect(error.context.field).toBe('tokenTtlSeconds');
	});
});
