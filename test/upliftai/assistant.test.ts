import nock from 'nock';

import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { completeConfig, isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, upliftCredentials, workflowWith } from '../harness/fixtures';

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
