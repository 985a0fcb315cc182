/** Create Client Secret (GA `POST /v1/realtime/client_secrets`): exact requests and both result formats. */
import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import {
	AUTH,
	COLUMNS,
	EXPIRES_AT,
	EXPIRES_ISO,
	GA_DEFAULT_BODY,
	gaRealtimeResponse,
	OPENAI_KEY,
	openAi,
	runNode,
	SERVER_VAD_DEFAULTS,
} from './fixtures';

isolateNetwork();

const tools = [
	{
		type: 'function',
		name: 'lookup_order',
		description: 'Find an order by number',
		parameters: { type: 'object', properties: { number: { type: 'string' } }, required: ['number'] },
	},
];
const GA_HEADERS = {
	...AUTH,
	'openai-organization': 'org-test-1',
	'openai-project': 'proj_test_1',
	'content-type': 'application/json',
	accept: 'application/json',
};
/** A GA body with the defaults and these session fields. */
const gaBody = (session: object, seconds = 600) => ({ expires_after: { anchor: 'created_at', seconds }, session: { ...GA_DEFAULT_BODY.session, ...session } });

describe('OpenAI Realtime › Create Client Secret › realtime session', () => {
	it('sends every typed field in the GA shape, with org and project headers, and maps the nested answer', async () => {
		const turnDetection = {
			...SERVER_VAD_DEFAULTS,
			threshold: 0.6,
			prefix_padding_ms: 200,
			silence_duration_ms: 700,
			idle_timeout_ms: 6000,
			create_response: true,
			interrupt_response: false,
		};
		const body = {
			expires_after: { anchor: 'created_at', seconds: 120 },
			session: {
				type: 'realtime',
				model: 'gpt-realtime-mini',
				instructions: 'Help Ada with her order.',
				output_modalities: ['audio'],
				audio: {
					output: { voice: 'cedar', format: { type: 'audio/pcmu' }, speed: 1.2 },
					input: {
						transcription: { model: 'whisper-1', language: 'en', prompt: 'Order numbers' },
						format: { type: 'audio/pcm', rate: 24000 },
						noise_reduction: { type: 'far_field' },
						turn_detection: turnDetection,
					},
				},
				max_output_tokens: 1024,
				tools,
				tool_choice: { type: 'function', name: 'lookup_order' },
				tracing: { workflow_name: 'support', group_id: 'ada', metadata: { plan: 'pro' } },
				include: ['item.input_audio_transcription.logprobs'],
			},
		};
		const { type: _type, output_modalities: _modalities, include: _include, ...echoed } = body.session;
		const answer = gaRealtimeResponse(echoed);
		openAi(GA_HEADERS, ['openai-beta']).post('/v1/realtime/client_secrets', body).reply(200, answer);

		const run = await runNode(
			{
				operation: 'createClientSecret',
				sessionType: 'realtime',
				expiresAfterSeconds: 120,
				model: 'gpt-realtime-mini',
				instructions: '={{ $json.instructions }}',
				voice: '={{ $json.voice }}',
				turnDetection: {
					settings: { type: 'server_vad', threshold: 0.6, prefixPaddingMs: 200, silenceDurationMs: 700, idleTimeoutMs: 6000, interruptResponse: false },
				},
				realtimeSettings: {
					modalities: 'audio',
					inputAudioFormat: 'pcm16',
					outputAudioFormat: 'g711_ulaw',
					speed: 1.2,
					maxTokens: '1024',
					noiseReduction: 'far_field',
					transcriptionModel: 'whisper-1',
					transcriptionLanguage: 'en',
					transcriptionPrompt: 'Order numbers',
					tools: JSON.stringify(tools),
					toolChoice: 'function',
					toolChoiceFunction: 'lookup_order',
					tracing: 'custom',
					tracingWorkflowName: 'support',
					tracingGroupId: 'ada',
					tracingMetadata: '{"plan":"pro"}',
					includeLogprobs: true,
				},
			},
			[{ instructions: 'Help Ada with her order.', voice: 'cedar' }],
			{ credentials: { organizationId: 'org-test-1', projectId: 'proj_test_1' } },
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		const items = outputItems(run, 'Node', 0);
		expect(items.map((item) => [item.json, item.pairedItem])).toEqual([
			[
				{
					clientSecret: 'ek_test_client_secret_1',
					expiresAt: EXPIRES_ISO,
					modalities: '["audio"]',
					instructions: 'Help Ada with her order.',
					voice: 'cedar',
					// GA format objects under the beta names, so the column means the same for both APIs.
					inputAudioFormat: 'pcm16',
					outputAudioFormat: 'g711_ulaw',
					inputAudioTranscription: '{"model":"whisper-1","language":"en","prompt":"Order numbers"}',
					turnDetection: JSON.stringify(turnDetection),
					tools: JSON.stringify(tools),
					toolChoice: '{"type":"function","name":"lookup_order"}',
					temperature: null,
					maxResponseOutputTokens: 1024,
					speed: 1.2,
					tracing: '{"workflow_name":"support","group_id":"ada","metadata":{"plan":"pro"}}',
					sessionId: 'sess_ga_1',
					type: 'realtime',
					model: 'gpt-realtime-mini',
				},
				{ item: 0 },
			],
		]);
		expect(Object.keys(items[0].json)).toEqual(COLUMNS);
		expect(outputJson(run, 'Node', 1)).toEqual([{ instructions: 'Help Ada with her order.', voice: 'cedar' }]);
		expect(JSON.stringify(run.data)).not.toContain(OPENAI_KEY);
	});

	it('sends only the defaults when nothing optional is set, and returns the raw response on request', async () => {
		const answer = gaRealtimeResponse();
		openAi({ ...AUTH }, ['openai-organization', 'openai-project', 'openai-beta'])
			.post('/v1/realtime/client_secrets', GA_DEFAULT_BODY)
			.reply(200, answer, { 'x-request-id': 'req_ok_1' });

		const run = await runNode({ operation: 'createClientSecret', resultFormat: 'raw' });

		expect(outputJson(run, 'Node', 0)).toEqual([{ body: answer, status: 200 }]);
		expect(outputJson(run, 'Node', 1)).toEqual([{}]);
	});

	it('turns turn detection off with null and sends semantic VAD without server-only fields', async () => {
		const semantic = { type: 'semantic_vad', eagerness: 'low', create_response: true, interrupt_response: true };
		openAi()
			.post('/v1/realtime/client_secrets', gaBody({ audio: { output: { voice: 'marin' }, input: { turn_detection: null } } }))
			.reply(200, gaRealtimeResponse())
			.post('/v1/realtime/client_secrets', gaBody({ audio: { output: { voice: 'marin' }, input: { turn_detection: semantic } } }))
			.reply(200, gaRealtimeResponse());

		const turnDetection = { settings: { type: '={{ $json.vad }}', eagerness: 'low', threshold: 0.9 } };
		const run = await runNode({ operation: 'createClientSecret', turnDetection }, [{ vad: 'none' }, { vad: 'semantic_vad' }]);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 0)).toHaveLength(2);
	});

	it('reads numbers given as text (sheets, webhooks) as numbers', async () => {
		const turnDetection = { ...SERVER_VAD_DEFAULTS, threshold: 0.7, prefix_padding_ms: 200, silence_duration_ms: 700, idle_timeout_ms: 6000 };
		openAi()
			.post(
				'/v1/realtime/client_secrets',
				gaBody(
					{
						audio: {
							output: { voice: 'marin', speed: 1.2 },
							input: { turn_detection: { ...turnDetection, create_response: true, interrupt_response: true } },
						},
						max_output_tokens: 300,
					},
					900,
				),
			)
			.reply(200, gaRealtimeResponse());

		const number = (name: string) => `={{ $json.${name} }}`;
		const run = await runNode(
			{
				operation: 'createClientSecret',
				expiresAfterSeconds: number('ttl'),
				turnDetection: {
					settings: {
						type: 'server_vad',
						threshold: number('threshold'),
						prefixPaddingMs: number('padding'),
						silenceDurationMs: number('silence'),
						idleTimeoutMs: number('idle'),
					},
				},
				realtimeSettings: { speed: number('speed'), maxTokens: ' 300 ' },
			},
			[{ ttl: '900', threshold: '0.7', padding: '200', silence: '700', idle: '6000', speed: '1.2' }],
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
	});

	it('sends tracing "off" as null, and leaves out what an expression gives as null where null is not "off"', async () => {
		const body = { expires_after: { anchor: 'created_at', seconds: 600 }, session: { type: 'realtime', model: 'gpt-realtime', tracing: null } };
		openAi().post('/v1/realtime/client_secrets', body).reply(200, gaRealtimeResponse());

		const run = await runNode(
			{ operation: 'createClientSecret', instructions: '={{ null }}', voice: '={{ null }}', realtimeSettings: { tracing: 'off', speed: '={{ null }}' } },
			[{}],
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
	});

	it('sends a voice that is not in the list, and a custom voice object', async () => {
		openAi()
			.post('/v1/realtime/client_secrets', gaBody({ audio: { output: { voice: 'aurora' } } }))
			.reply(200, gaRealtimeResponse({ audio: { output: { voice: 'aurora' } } }))
			.post('/v1/realtime/client_secrets', gaBody({ audio: { output: { voice: { id: 'voice_1234' } } } }))
			.reply(200, gaRealtimeResponse({ audio: { output: { voice: { id: 'voice_1234' } } } }));

		const run = await runNode({ operation: 'createClientSecret', voice: '={{ $json.voice }}' }, [{ voice: 'aurora' }, { voice: { id: 'voice_1234' } }]);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 0).map((row) => row.voice)).toEqual(['aurora', '{"id":"voice_1234"}']);
	});
});

describe('OpenAI Realtime › Create Client Secret › body from JSON or the input item', () => {
	const jsonBody = {
		expires_after: { anchor: 'created_at', seconds: 60 },
		session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Hi', audio: { output: { voice: 'ash' } }, max_output_tokens: 'inf', tracing: 'auto' },
	};

	it('sends the JSON parameter as written', async () => {
		openAi().post('/v1/realtime/client_secrets', jsonBody).reply(200, gaRealtimeResponse());
		const run = await runNode({ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify(jsonBody) });
		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 0)[0]).toMatchObject({ clientSecret: 'ek_test_client_secret_1', expiresAt: EXPIRES_ISO });
	});

	it('accepts what the spec allows: no seconds, tools without description or parameters, reasoning "xhigh"', async () => {
		const body = {
			expires_after: { anchor: 'created_at' },
			session: { type: 'realtime', tools: [{ type: 'function', name: 'hang_up' }], reasoning: { effort: 'xhigh' } },
		};
		openAi().post('/v1/realtime/client_secrets', body).reply(200, gaRealtimeResponse());
		const run = await runNode({ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify(body) });
		expect(nodeError(run, 'Node')).toBeUndefined();
	});

	it('takes one body per configuration item from a nested field, as an object or as JSON text', async () => {
		const second = { session: { type: 'transcription' } };
		openAi()
			.post('/v1/realtime/client_secrets', jsonBody)
			.reply(200, gaRealtimeResponse())
			.post('/v1/realtime/client_secrets', second)
			.reply(200, { value: 'ek_2', expires_at: EXPIRES_AT + 60, session: { type: 'transcription', id: 'sess_2' } });

		const records = [{ config: { openai: jsonBody } }, { config: { openai: JSON.stringify(second) } }];
		const run = await runNode({ operation: 'createClientSecret', bodySource: 'inputField', bodyField: 'config.openai' }, records);

		const rows = outputItems(run, 'Node', 0).map((item) => [item.json.clientSecret, item.json.expiresAt, item.json.type, item.pairedItem]);
		expect(rows).toEqual([
			['ek_test_client_secret_1', EXPIRES_ISO, 'realtime', { item: 0 }],
			['ek_2', new Date((EXPIRES_AT + 60) * 1000).toISOString(), 'transcription', { item: 1 }],
		]);
		expect(outputJson(run, 'Node', 1)).toEqual(records);
	});
});
