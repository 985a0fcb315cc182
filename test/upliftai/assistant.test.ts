import nock from 'nock';

import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, upliftCredentials, workflowWith } from '../harness/fixtures';

isolateNetwork();

const auth = { authorization: `Bearer ${UPLIFT_KEY}`, 'content-type': /application\/json/ };

describe('UpliftAI Realtime › Assistant › Create', () => {
	const fieldsParameters = {
		resource: 'assistant',
		operation: 'create',
		name: 'Support',
		description: 'Answers support calls',
		public: true,
		configSource: 'fields',
		instructions: 'Be helpful.',
		initialGreeting: true,
		greetingInstructions: 'Say hello.',
		sessionTtl: 900,
		sttProvider: 'deepgram',
		sttModel: 'nova-3',
		sttLanguage: 'en',
		ttsProvider: 'upliftai',
		ttsVoiceId: 'v_8eelc901',
		ttsOutputFormat: 'WAV_22050_16',
		llmProvider: 'groq',
		llmModel: 'llama-3.3-70b-versatile',
		tools: JSON.stringify([{ name: 'lookup_order', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, timeout: 5 }]),
	};
	const expectedBody = {
		name: 'Support',
		description: 'Answers support calls',
		public: true,
		config: {
			session: { ttl: 900 },
			agent: {
				instructions: 'Be helpful.',
				initialGreeting: true,
				greetingInstructions: 'Say hello.',
				tools: [{ name: 'lookup_order', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, timeout: 5 }],
			},
			stt: { default: { provider: 'deepgram', model: 'nova-3', language: 'en' } },
			tts: { default: { provider: 'upliftai', voiceId: 'v_8eelc901', outputFormat: 'WAV_22050_16' } },
			llm: { default: { provider: 'groq', model: 'llama-3.3-70b-versatile' } },
		},
	};

	it('sends the configuration built from the fields and returns a structured row', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth })
			.post('/v1/realtime-assistants', expectedBody)
			.reply(201, { realtimeAssistantId: 'ra_123', name: 'Support', public: true, config: expectedBody.config });

		const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters: fieldsParameters }, [{ crm: 1 }]), { credentials: upliftCredentials });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 0)).toEqual([
			{
				assistantId: 'ra_123',
				name: 'Support',
				description: 'Answers support calls',
				public: true,
				sttProvider: 'deepgram',
				sttModel: 'nova-3',
				ttsProvider: 'upliftai',
				ttsVoiceId: 'v_8eelc901',
				ttsOutputFormat: 'WAV_22050_16',
				llmProvider: 'groq',
				llmModel: 'llama-3.3-70b-versatile',
			},
		]);
		expect(outputJson(run, 'Node', 1)).toEqual([{ crm: 1 }]);
	});

	it('returns the raw body and status, with headers on request', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth })
			.post('/v1/realtime-assistants', expectedBody)
			.reply(201, { id: 'ra_9' }, { 'x-request-id': 'req_1' });

		const parameters = { ...fieldsParameters, resultFormat: 'raw', options: { includeResponseHeaders: true } };
		const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters }), { credentials: upliftCredentials });

		const [row] = outputJson(run, 'Node', 0);
		expect(row.body).toEqual({ id: 'ra_9' });
		expect(row.status).toBe(201);
		expect(row.headers).toMatchObject({ 'x-request-id': 'req_1', 'content-type': 'application/json' });
	});
});

describe('UpliftAI Realtime › Assistant › Update', () => {
	it('sends only the partial configuration given as JSON', async () => {
		const patch = { tts: { default: { provider: 'upliftai', voiceId: 'v_kwmp7zxt', outputFormat: 'OGG_22050_16' } } };
		nock(UPLIFT_BASE, { reqheaders: auth }).post('/v1/realtime-assistants/ra_123', { config: patch }).reply(200, { realtimeAssistantId: 'ra_123', name: 'Support' });

		const parameters = { resource: 'assistant', operation: 'update', assistantId: 'ra_123', configSource: 'json', configPatchJson: JSON.stringify(patch) };
		const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters }), { credentials: upliftCredentials });

		expect(outputJson(run, 'Node', 0)).toEqual([
			expect.objectContaining({ assistantId: 'ra_123', ttsVoiceId: 'v_kwmp7zxt', ttsOutputFormat: 'OGG_22050_16', sttProvider: null }),
		]);
	});

	it('builds the patch from the fields set in "Fields to Update"', async () => {
		nock(UPLIFT_BASE, { reqheaders: auth })
			.post('/v1/realtime-assistants/ra_7', { config: { agent: { instructions: 'Be brief.' }, llm: { default: { model: 'llama-3.1-8b-instant' } } } })
			.reply(200, {});

		const parameters = { resource: 'assistant', operation: 'update', assistantId: 'ra_7', configSource: 'fields', configUpdate: { instructions: 'Be brief.', llmModel: 'llama-3.1-8b-instant' } };
		const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters }), { credentials: upliftCredentials });

		expect(outputJson(run, 'Node', 0)[0]).toMatchObject({ assistantId: 'ra_7' });
	});

	it('refuses an empty update and a wrong provider before sending anything', async () => {
		const empty = await executeWorkflow(
			workflowWith({ type: 'upliftAiRealtime', parameters: { resource: 'assistant', operation: 'update', assistantId: 'ra_7', configSource: 'fields', configUpdate: {} } }),
			{ credentials: upliftCredentials },
		);
		expect(nodeError(empty, 'Node')?.message).toMatch(/set at least one field to update/);

		const wrong = await executeWorkflow(
			workflowWith({ type: 'upliftAiRealtime', parameters: { resource: 'assistant', operation: 'update', assistantId: 'ra_7', configSource: 'json', configPatchJson: '{"llm":{"default":{"provider":"azure"}}}' } }),
			{ credentials: upliftCredentials },
		);
		expect(nodeError(wrong, 'Node')?.message).toBe(
			'Invalid assistant configuration: config.llm.default.provider must be one of "groq", "openai", "openai-compatible", "webhook", got "azure"',
		);
	});
});
