/** Create Session and Create Transcription Session (beta endpoints, `OpenAI-Beta: realtime=v1`). */
import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { AUTH, betaSessionResponse, COLUMNS, EXPIRES_AT, EXPIRES_ISO, openAi, runNode, SERVER_VAD_DEFAULTS } from './fixtures';

isolateNetwork();

const BETA = { ...AUTH, 'openai-beta': 'realtime=v1', 'content-type': 'application/json' };
const tools = [{ type: 'function', name: 'book_slot', description: 'Book a slot', parameters: { type: 'object', properties: {} } }];
const transcriptionAnswer = {
	id: 'sess_tr_beta',
	object: 'realtime.transcription_session',
	modalities: ['text'],
	input_audio_format: 'pcm16',
	input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'ur', prompt: '' },
	turn_detection: null,
	client_secret: { value: 'ek_test_transcription', expires_at: EXPIRES_AT },
};

describe('OpenAI Realtime › Create Session (beta POST /v1/realtime/sessions)', () => {
	it('sends every legacy field with the beta header and maps the answer onto the seed-003 columns', async () => {
		const body = {
			model: 'gpt-4o-mini-realtime-preview',
			modalities: ['text'],
			instructions: 'Book appointments.',
			voice: 'verse',
			input_audio_format: 'g711_ulaw',
			output_audio_format: 'g711_alaw',
			input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'fr' },
			input_audio_noise_reduction: { type: 'near_field' },
			turn_detection: { type: 'semantic_vad', eagerness: 'high', create_response: false, interrupt_response: true },
			tools,
			tool_choice: 'required',
			temperature: 0.6,
			max_response_output_tokens: 'inf',
			speed: 0.25,
			tracing: 'auto',
			client_secret: { expires_after: { anchor: 'created_at', seconds: 10 } },
		};
		const { client_secret: _secret, ...echoed } = body;
		openAi({ ...BETA, 'openai-project': 'proj_only' }, ['openai-organization']).post('/v1/realtime/sessions', body).reply(200, betaSessionResponse(echoed));

		const run = await runNode(
			{
				operation: 'createSession',
				model: 'gpt-4o-mini-realtime-preview',
				instructions: 'Book appointments.',
				voice: 'verse',
				turnDetection: { settings: { type: 'semantic_vad', eagerness: 'high', createResponse: false } },
				sessionSettings: {
					modalities: 'text',
					inputAudioFormat: 'g711_ulaw',
					outputAudioFormat: 'g711_alaw',
					transcriptionModel: 'gpt-4o-transcribe',
					transcriptionLanguage: 'fr',
					noiseReduction: 'near_field',
					tools: JSON.stringify(tools),
					toolChoice: 'required',
					temperature: 0.6,
					maxTokens: 'inf',
					speed: 0.25,
					tracing: 'auto',
					expiresAfterSeconds: 10,
				},
			},
			[{ row: 1 }],
			{ credentials: { projectId: 'proj_only' } },
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputItems(run, 'Node', 0).map((item) => [item.json, item.pairedItem])).toEqual([
			[
				{
					clientSecret: 'ek_test_beta_secret',
					expiresAt: EXPIRES_ISO,
					sessionId: 'sess_beta_1',
					type: 'realtime',
					model: 'gpt-4o-mini-realtime-preview',
					modalities: '["text"]',
					instructions: 'Book appointments.',
					voice: 'verse',
					inputAudioFormat: 'g711_ulaw',
					outputAudioFormat: 'g711_alaw',
					inputAudioTranscription: '{"model":"gpt-4o-transcribe","language":"fr"}',
					turnDetection: JSON.stringify(body.turn_detection),
					tools: JSON.stringify(tools),
					toolChoice: 'required',
					temperature: 0.6,
					maxResponseOutputTokens: 'inf',
					speed: 0.25,
					tracing: 'auto',
				},
				{ item: 0 },
			],
		]);
		expect(outputJson(run, 'Node', 1)).toEqual([{ row: 1 }]);
	});

	it('sends model, voice and the default server VAD only; raw format gives body and status', async () => {
		const answer = betaSessionResponse();
		openAi(BETA)
			.post('/v1/realtime/sessions', {
				model: 'gpt-4o-realtime-preview',
				voice: 'alloy',
				turn_detection: { ...SERVER_VAD_DEFAULTS, create_response: true, interrupt_response: true },
			})
			.reply(201, answer);

		const run = await runNode({ operation: 'createSession', resultFormat: 'raw', turnDetection: { settings: { type: 'server_vad', idleTimeoutMs: 5000 } } });

		expect(outputJson(run, 'Node', 0)).toEqual([{ body: answer, status: 201 }]);
	});

	it('sends "Audio and Text" as ["text","audio"], tracing "off" as null, and numbers given as text as numbers', async () => {
		const body = {
			model: 'gpt-4o-realtime-preview',
			voice: 'alloy',
			modalities: ['text', 'audio'],
			temperature: 0.9,
			speed: 1.2,
			tracing: null,
			client_secret: { expires_after: { anchor: 'created_at', seconds: 600 } },
		};
		openAi(BETA).post('/v1/realtime/sessions', body).reply(200, betaSessionResponse({ tracing: null }));

		const sessionSettings = {
			modalities: 'audio',
			temperature: '={{ $json.temperature }}',
			speed: '={{ $json.speed }}',
			tracing: 'off',
			expiresAfterSeconds: '600',
		};
		const run = await runNode({ operation: 'createSession', sessionSettings }, [{ temperature: '0.9', speed: '1.2' }]);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node', 0)[0]).toMatchObject({ modalities: '["audio","text"]', tracing: null });
	});

	it('sends a JSON body unchanged after validating it', async () => {
		const body = {
			model: 'gpt-4o-realtime-preview-2025-06-03',
			temperature: 1.2,
			max_response_output_tokens: 4096,
			speed: 1.5,
			tracing: null,
			input_audio_transcription: null,
			voice: 'a-voice-added-later',
			tools: [{ type: 'function', name: 'hang_up' }],
		};
		openAi(BETA).post('/v1/realtime/sessions', body).reply(200, betaSessionResponse(body));
		const run = await runNode({ operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify(body) });
		expect(outputJson(run, 'Node', 0)[0]).toMatchObject({
			temperature: 1.2,
			maxResponseOutputTokens: 4096,
			speed: 1.5,
			tracing: null,
			inputAudioTranscription: null,
			voice: 'a-voice-added-later',
		});
	});

	it('sends a JSON body of {} as the text {} with a JSON content type ("all defaults")', async () => {
		openAi(BETA)
			.post('/v1/realtime/sessions', '{}')
			.reply(200, betaSessionResponse());
		const run = await runNode({ operation: 'createSession', bodySource: 'json', sessionJson: '{}' });
		expect(nodeError(run, 'Node')).toBeUndefined();
	});
});

describe('OpenAI Realtime › Create Transcription Session (beta POST /v1/realtime/transcription_sessions)', () => {
	it('sends the transcription fields, the secret TTL as client_secret.expires_at, and maps the answer', async () => {
		openAi(BETA)
			.post('/v1/realtime/transcription_sessions', {
				input_audio_format: 'pcm16',
				input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'ur' },
				input_audio_noise_reduction: { type: 'far_field' },
				turn_detection: null,
				include: ['item.input_audio_transcription.logprobs'],
				client_secret: { expires_at: { anchor: 'created_at', seconds: 300 } },
			})
			.reply(200, transcriptionAnswer);

		const run = await runNode(
			{
				operation: 'createTranscriptionSession',
				turnDetection: { settings: { type: 'none' } },
				transcriptionSessionSettings: {
					inputAudioFormat: 'pcm16',
					transcriptionLanguage: 'ur',
					noiseReduction: 'far_field',
					includeLogprobs: true,
					expiresAfterSeconds: 300,
				},
			},
			[{ call: 'call-17', language: 'ur' }],
		);

		const rows = outputJson(run, 'Node', 0);
		expect(rows).toEqual([
			{
				clientSecret: 'ek_test_transcription',
				expiresAt: EXPIRES_ISO,
				modalities: '["text"]',
				instructions: null,
				voice: null,
				inputAudioFormat: 'pcm16',
				outputAudioFormat: null,
				inputAudioTranscription: '{"model":"gpt-4o-transcribe","language":"ur","prompt":""}',
				turnDetection: null,
				tools: null,
				toolChoice: null,
				temperature: null,
				maxResponseOutputTokens: null,
				speed: null,
				tracing: null,
				sessionId: 'sess_tr_beta',
				type: 'transcription',
				model: null,
			},
		]);
		expect(Object.keys(rows[0])).toEqual(COLUMNS);
		expect(outputItems(run, 'Node', 0).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		// The Config output re-emits the input item unchanged, paired.
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: { call: 'call-17', language: 'ur' }, pairedItem: { item: 0 } }]);
	});

	it('sends semantic VAD without create_response / interrupt_response (not available for transcription sessions)', async () => {
		openAi(BETA)
			.post('/v1/realtime/transcription_sessions', {
				input_audio_transcription: { model: 'gpt-4o-transcribe' },
				turn_detection: { type: 'semantic_vad', eagerness: 'low' },
			})
			.reply(200, transcriptionAnswer);

		const run = await runNode({
			operation: 'createTranscriptionSession',
			turnDetection: { settings: { type: 'semantic_vad', eagerness: 'low', createResponse: true, interruptResponse: true } },
		});

		expect(nodeError(run, 'Node')).toBeUndefined();
	});

	it('returns the raw response', async () => {
		openAi(BETA).post('/v1/realtime/transcription_sessions', { input_audio_transcription: { model: 'whisper-1' } }).reply(200, transcriptionAnswer);
		const run = await runNode({ operation: 'createTranscriptionSession', transcriptionModel: 'whisper-1', resultFormat: 'raw' });
		expect(outputJson(run, 'Node', 0)).toEqual([{ body: transcriptionAnswer, status: 200 }]);
	});
});
