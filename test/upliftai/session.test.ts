import nock from 'nock';

import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { completeConfig, fakeJwt, isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, upliftCredentials, workflowWith } from '../harness/fixtures';

isolateNetwork();

const auth = { authorization: `Bearer ${UPLIFT_KEY}` };
const exp = 1_900_000_000;
const token = fakeJwt({ exp, room: 'support-1', name: 'Ada', video: { room: 'support-1', roomJoin: true } });
const sessionBody = { token, wsUrl: 'wss://upliftai-livekit.example', roomName: 'support-1' };

const run = (parameters: object, records?: object[], extra: { credentials?: boolean } = {}) =>
	executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters: { resource: 'session', ...parameters }, ...extra }, records as never), {
		credentials: upliftCredentials,
	});

describe('UpliftAI Realtime › Session › Create (stored assistant)', () => {
	it('posts participant and room name and decodes the token expiry', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth }).post('/v1/realtime-assistants/ra_1/createSession', { participantName: 'Ada', roomName: 'support-1' }).reply(200, sessionBody);

		const result = await run({ operation: 'create', assistantId: 'ra_1', participantName: 'Ada', roomName: 'support-1' });

		expect(outputJson(result, 'Node', 0)).toEqual([
			{
				roomName: 'support-1',
				wsUrl: 'wss://upliftai-livekit.example',
				token,
				tokenExpiresAt: new Date(exp * 1000).toISOString(),
				participantName: 'Ada',
				assistantId: 'ra_1',
				mode: 'assistant',
			},
		]);
	});

	it('leaves roomName out when empty and returns the raw response on request', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth }).post('/v1/realtime-assistants/ra_1/createSession', { participantName: 'Ada' }).reply(200, sessionBody);

		const result = await run({ operation: 'create', assistantId: 'ra_1', participantName: 'Ada', resultFormat: 'raw' });

		expect(outputJson(result, 'Node', 0)).toEqual([{ body: sessionBody, status: 200 }]);
	});
});

describe('UpliftAI Realtime › Session › Create Public', () => {
	it('sends no Authorization header and needs no credential', async () => {
		nock(UPLIFT_BASE, { badheaders: ['authorization'] })
			.post('/v1/realtime-assistants/ra_pub/createPublicSession', { participantName: 'Visitor' })
			.reply(200, sessionBody);

		const result = await run({ operation: 'createPublic', assistantId: 'ra_pub', participantName: 'Visitor' }, [{ visitor: 1 }], { credentials: false });

		expect(nodeError(result, 'Node')).toBeUndefined();
		expect(outputJson(result, 'Node', 0)[0]).toMatchObject({ mode: 'public', assistantId: 'ra_pub', participantName: 'Visitor', roomName: 'support-1' });
		expect(outputJson(result, 'Node', 1)).toEqual([{ visitor: 1 }]);
	});

	it('uses the Base URL parameter for regional endpoints', async () => {
		nock('https://ap-southeast-1.api.upliftai.org', { badheaders: ['authorization'] })
			.post('/v1/realtime-assistants/ra_pub/createPublicSession', { participantName: 'Visitor' })
			.reply(200, sessionBody);

		const result = await run(
			{ operation: 'createPublic', assistantId: 'ra_pub', participantName: 'Visitor', baseUrl: 'https://ap-southeast-1.api.upliftai.org/v1/' },
			[{}],
			{ credentials: false },
		);
		expect(outputJson(result, 'Node', 0)).toHaveLength(1);
	});
});

describe('UpliftAI Realtime › Session › Create Ad-hoc', () => {
	it('sends the complete configuration taken from a nested input field', async () => {
		const config = completeConfig();
		nock(UPLIFT_BASE, { reqheaders: { ...auth, 'content-type': /application\/json/ } })
			.post('/v1/realtime-assistants/adhoc/createSession', { participantName: 'Test User', config })
			.reply(200, sessionBody);

		const result = await run(
			{ operation: 'createAdhoc', participantName: '={{ $json.name }}', configSource: 'inputField', configField: 'assistant.config' },
			[{ name: 'Test User', assistant: { config } }],
		);

		expect(outputJson(result, 'Node', 0)[0]).toMatchObject({ mode: 'adhoc', assistantId: null, participantName: 'Test User', token });
		expect(outputJson(result, 'Node', 1)).toEqual([{ name: 'Test User', assistant: { config } }]);
	});

	it('accepts the configuration as JSON text in the input field', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth }).post('/v1/realtime-assistants/adhoc/createSession', { participantName: 'Row', config: completeConfig() }).reply(200, sessionBody);

		const result = await run({ operation: 'createAdhoc', participantName: 'Row', configSource: 'inputField' }, [{ config: JSON.stringify(completeConfig()) }]);
		expect(outputJson(result, 'Node', 0)).toHaveLength(1);
	});

	it('refuses an incomplete configuration naming each missing field, before any request (UpliftAI requires it complete)', async () => {
		const { session: _session, ...config } = completeConfig();
		config.stt = { default: { provider: 'groq', model: 'whisper-large-v3' } } as never;
		config.tts = { default: { provider: 'upliftai', voiceId: 'v_meklc281' } } as never;
		const result = await run({ operation: 'createAdhoc', participantName: 'Row', configSource: 'json', configJson: JSON.stringify(config) });
		const error = nodeError(result, 'Node')!;
		expect(error.message).toBe('Incomplete configuration for UpliftAI: config.session.ttl is required (UpliftAI needs a complete configuration), e.g. 1800 (seconds) (and 2 more problems)');
		expect(error.description).toBe(
			[
				'config.session.ttl is required (UpliftAI needs a complete configuration), e.g. 1800 (seconds)',
				'config.stt.default.language is required (UpliftAI needs a complete configuration), e.g. "en"',
				'config.tts.default.outputFormat is required (UpliftAI needs a complete configuration): one of "PCM_22050_16", "WAV_22050_16", "WAV_22050_32", "MP3_22050_32", "MP3_22050_64", "MP3_22050_128", "OGG_22050_16", "ULAW_8000_8"',
			].join('\n'),
		);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('UpliftAI Realtime › Session › Get and List', () => {
	it('gets one session and flattens nested fields into dotted columns', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth })
			.get('/v1/realtime-assistants/sessions/s_1')
			.reply(200, { id: 's_1', status: 'active', room: { name: 'support-1', participants: ['Ada', 'agent'] } });

		const result = await run({ operation: 'get', sessionId: 's_1' });

		expect(outputJson(result, 'Node', 0)).toEqual([
			{ sessionId: 's_1', id: 's_1', status: 'active', 'room.name': 'support-1', 'room.participants': '["Ada","agent"]' },
		]);
	});

	it('lists sessions of an assistant as one row each, from either response shape', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth })
			.get('/v1/realtime-assistants/ra_1/sessions')
			.query({ limit: 2 })
			.reply(200, { sessions: [{ id: 's_1' }, { id: 's_2' }] })
			.get('/v1/realtime-assistants/ra_2/sessions')
			.query({ limit: 2 })
			.reply(200, [{ id: 's_3' }]);

		const result = await run({ operation: 'list', assistantId: '={{ $json.assistant }}', limit: 2 }, [{ assistant: 'ra_1' }, { assistant: 'ra_2' }]);

		const items = result.data.resultData.runData.Node[0].data!.main[0]!;
		expect(items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ assistantId: 'ra_1', id: 's_1' }, { item: 0 }],
			[{ assistantId: 'ra_1', id: 's_2' }, { item: 0 }],
			[{ assistantId: 'ra_2', id: 's_3' }, { item: 1 }],
		]);
	});
});
