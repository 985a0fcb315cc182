/** Create Client Secret (GA `POST /v1/realtime/client_secrets`): exact requests and both result formats. */
import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { AUTH, EXPIRES_AT, EXPIRES_ISO, gaRealtimeResponse, OPENAI_KEY, openAi, runNode } from './fixtures';

isolateNetwork();

const tools = [{ type: 'function', name: 'lookup_order', description: 'Find an order by number', parameters: { type: 'object', properties: { number: { type: 'string' } }, required: ['number'] } }];

describe('OpenAI Realtime › Create Client Secret › realtime session', () => {
	it('sends every typed field in the GA shape, with org and project headers, and maps the nested answer', async () => {
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
						turn_detection: { type: 'server_vad', threshold: 0.6, prefix_padding_ms: 200, silence_duration_ms: 700, idle_timeout_ms: 6000, create_response: true, interrupt_response: false },
					},
				},
				max_output_tokens: 1024,
				tools,
				tool_choice: { type: 'function', name: 'lookup_order' },
				tracing: { workflow_name: 'support', group_id: 'ada', metadata: { plan: 'pro' } },
				include: ['item.input_audio_transcription.logprobs'],
			},
		};
		const answer = gaRealtimeResponse({ model: 'gpt-realtime-mini', instructions: 'Help Ada with her order.', tools, tool_choice: { type: 'function', name: 'lookup_order' }, max_output_tokens: 1024, tracing: body.session.tracing, audio: body.session.audio });
		openAi(
			{ ...AUTH, 'openai-organization': 'org-test-1', 'openai-project': 'proj_test_1', 'content-type': 'application/json', accept: 'application/json' },
			['openai-beta'],
		)
			.post('/v1/realtime/client_secrets', body)
			.reply(200, answer);

		const run = await runNode(
			{
				operation: 'createClientSecret',
				sessionType: 'realtime',
				expiresAfterSeconds: 120,
				model: 'gpt-realtime-mini',
				instructions: '={{ $json.instructions }}',
				voice: '={{ $json.voice }}',
				turnDetection: { settings: { type: 'server_vad', threshold: 0.6, prefixPaddingMs: 200, silenceDurationMs: 700, idleTimeoutMs: 6000, createResponse: true, interruptResponse: false } },
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
		expect(outputItems(run, 'Node', 0).map((item) => [item.json, item.pairedItem])).toEqual([
			[
				{
					clientSecret: 'ek_test_client_secret_1',
					expiresAt: EXPIRES_ISO,
					sessionId: 'sess_ga_1',
					type: 'realtime',
					model: 'gpt-realtime-mini',
					modalities: '["audio"]',
					instructions: 'Help Ada with her order.',
					voice: 'cedar',
					inputAudioFormat: '{"type":"audio/pcm","rate":24000}',
					outputAudioFormat: '{"type":"audio/pcmu"}',
					inputAudioTranscription: '{"model":"whisper-1","language":"en","prompt":"Order numbers"}',
					turnDetection: JSON.stringify(body.session.audio.input.turn_detection),
					tools: JSON.stringify(tools),
					toolChoice: '{"type":"function","name":"lookup_order"}',
					temperature: null,
					maxResponseOutputTokens: 1024,
					speed: 1.2,
					tracing: '{"workflow_name":"support","group_id":"ada","metadata":{"plan":"pro"}}',
				},
				{ item: 0 },
			],
		]);
		expect(outputJson(run, 'Node', 1)).toEqual([{ instructions: 'Help Ada with her order.', voice: 'cedar' }]);
		expect(JSON.stringify(run.data)).not.toContain(OPENAI_KEY);
	});

	it('sends only the defaults when nothing optional is set, and returns the raw response on request', async () => {
		const answer = gaRealtimeResponse();
		openAi({ ...AUTH }, ['openai-organization', 'openai-project', 'openai-beta'])
			.post('/v1/realtime/client_secrets', { expires_after: { anchor: 'created_at', seconds: 600 }, session: { type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'marin' } } } })
			.reply(200, answer, { 'x-request-id': 'req_ok_1' });

		const run = await runNode({ operation: 'createClientSecret', resultFormat: 'raw' });

		expect(outputJson(run, 'Node', 0)).toEqual([{ body: answer, status: 200 }]);
		expect(outputJson(run, 'Node', 1)).toEqual([{}]);
	});

	it('turns turn detection off with null and sends semantic VAD without server-only fields', async () => {
		openAi()
			.post('/v1/realtime/client_secrets', { expires_after: { anchor: 'created_at', seconds: 600 }, session: { type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'marin' }, input: { turn_detection: null } } } })
			.reply(200, gaRealtimeResponse())
			.post('/v1/realtime/client_secrets', {
				expires_after: { anchor: 'created_at', seconds: 600 },
				session: { type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'marin' }, input: { turn_detection: { type: 'semantic_vad', eagerness: 'low', create_response: true, interrupt_response: true } } } },
			})
			.reply(200, gaRealtimeResponse());

		const run = await runNode({ operation: 'createClientSecret', turnDetection: { settings: { type: '={{ $json.vad }}', eagerness: 'low', threshold: 0.9 } } }, [{ vad: 'none' }, { vad: 'semantic_vad' }]);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 0)).toHaveLength(2);
	});
});

describe('OpenAI Realtime › Create Client Secret › transcription session', () => {
	it('sends a GA transcription session and fills the table from it', async () => {
		const session = {
			type: 'transcription',
			audio: {
				input: {
					transcription: { model: 'gpt-4o-mini-transcribe', language: 'de', prompt: 'Medical terms' },
					format: { type: 'audio/pcma' },
					noise_reduction: null,
					turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true },
				},
			},
			include: ['item.input_audio_transcription.logprobs'],
		};
		openAi().post('/v1/realtime/client_secrets', { expires_after: { anchor: 'created_at', seconds: 7200 }, session }).reply(200, { value: 'ek_test_transcribe', expires_at: EXPIRES_AT, session: { ...session, id: 'sess_tr_1', object: 'realtime.transcription_session' } });

		const run = await runNode({
			operation: 'createClientSecret',
			sessionType: 'transcription',
			expiresAfterSeconds: 7200,
			transcriptionModel: 'gpt-4o-mini-transcribe',
			turnDetection: { settings: { type: 'server_vad' } },
			transcriptionSettings: { inputAudioFormat: 'g711_alaw', noiseReduction: 'off', transcriptionLanguage: 'de', transcriptionPrompt: 'Medical terms', includeLogprobs: true },
		});

		expect(outputJson(run, 'Node', 0)).toEqual([
			{
				clientSecret: 'ek_test_transcribe',
				expiresAt: EXPIRES_ISO,
				sessionId: 'sess_tr_1',
				type: 'transcription',
				model: null,
				modalities: null,
				instructions: null,
				voice: null,
				inputAudioFormat: '{"type":"audio/pcma"}',
				outputAudioFormat: null,
				inputAudioTranscription: '{"model":"gpt-4o-mini-transcribe","language":"de","prompt":"Medical terms"}',
				turnDetection: JSON.stringify(session.audio.input.turn_detection),
				tools: null,
				toolChoice: null,
				temperature: null,
				maxResponseOutputTokens: null,
				speed: null,
				tracing: null,
			},
		]);
	});
});

describe('OpenAI Realtime › Create Client Secret › body from JSON or the input item', () => {
	const jsonBody = { expires_after: { anchor: 'created_at', seconds: 60 }, session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Hi', audio: { output: { voice: 'ash' } }, max_output_tokens: 'inf', tracing: 'auto' } };

	it('sends the JSON parameter as written', async () => {
		openAi().post('/v1/realtime/client_secrets', jsonBody).reply(200, gaRealtimeResponse());
		const run = await runNode({ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify(jsonBody) });
		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 0)[0]).toMatchObject({ clientSecret: 'ek_test_client_secret_1', expiresAt: EXPIRES_ISO });
	});

	it('takes one body per configuration item from a nested field, as an object or as JSON text', async () => {
		const second = { session: { type: 'transcription' } };
		openAi().post('/v1/realtime/client_secrets', jsonBody).reply(200, gaRealtimeResponse()).post('/v1/realtime/client_secrets', second).reply(200, { value: 'ek_2', expires_at: EXPIRES_AT + 60, session: { type: 'transcription', id: 'sess_2' } });

		const records = [{ config: { openai: jsonBody } }, { config: { openai: JSON.stringify(second) } }];
		const run = await runNode({ operation: 'createClientSecret', bodySource: 'inputField', bodyField: 'config.openai' }, records);

		expect(outputItems(run, 'Node', 0).map((item) => [item.json.clientSecret, item.json.expiresAt, item.json.type, item.pairedItem])).toEqual([
			['ek_test_client_secret_1', EXPIRES_ISO, 'realtime', { item: 0 }],
			['ek_2', new Date((EXPIRES_AT + 60) * 1000).toISOString(), 'transcription', { item: 1 }],
		]);
		expect(outputJson(run, 'Node', 1)).toEqual(records);
	});
});
