/** Create Client Secret for a GA transcription session: no voice, no answers, the same table columns. */
import { nodeError, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { EXPIRES_AT, EXPIRES_ISO, openAi, runNode, SERVER_VAD_DEFAULTS } from './fixtures';

isolateNetwork();

describe('OpenAI Realtime › Create Client Secret › transcription session', () => {
	it('sends a GA transcription session without the response switches and fills the table from it', async () => {
		const session = {
			type: 'transcription',
			audio: {
				input: {
					transcription: { model: 'gpt-4o-mini-transcribe', language: 'de', prompt: 'Medical terms' },
					format: { type: 'audio/pcma' },
					noise_reduction: null,
					turn_detection: SERVER_VAD_DEFAULTS,
				},
			},
			include: ['item.input_audio_transcription.logprobs'],
		};
		openAi()
			.post('/v1/realtime/client_secrets', { expires_after: { anchor: 'created_at', seconds: 7200 }, session })
			.reply(200, { value: 'ek_test_transcribe', expires_at: EXPIRES_AT, session: { ...session, id: 'sess_tr_1', object: 'realtime.transcription_session' } });

		const run = await runNode({
			operation: 'createClientSecret',
			sessionType: 'transcription',
			expiresAfterSeconds: 7200,
			transcriptionModel: 'gpt-4o-mini-transcribe',
			turnDetection: { settings: { type: 'server_vad' } },
			transcriptionSettings: {
				inputAudioFormat: 'g711_alaw',
				noiseReduction: 'off',
				transcriptionLanguage: 'de',
				transcriptionPrompt: 'Medical terms',
				includeLogprobs: true,
			},
		});

		expect(outputJson(run, 'Node', 0)).toEqual([
			{
				clientSecret: 'ek_test_transcribe',
				expiresAt: EXPIRES_ISO,
				modalities: null,
				instructions: null,
				voice: null,
				inputAudioFormat: 'g711_alaw',
				outputAudioFormat: null,
				inputAudioTranscription: '{"model":"gpt-4o-mini-transcribe","language":"de","prompt":"Medical terms"}',
				turnDetection: JSON.stringify(SERVER_VAD_DEFAULTS),
				tools: null,
				toolChoice: null,
				temperature: null,
				maxResponseOutputTokens: null,
				speed: null,
				tracing: null,
				sessionId: 'sess_tr_1',
				type: 'transcription',
				model: null,
			},
		]);
	});

	it('sends semantic VAD with its eagerness only', async () => {
		const input = { transcription: { model: 'gpt-4o-transcribe' }, turn_detection: { type: 'semantic_vad', eagerness: 'high' } };
		const session = { type: 'transcription', audio: { input } };
		openAi()
			.post('/v1/realtime/client_secrets', { expires_after: { anchor: 'created_at', seconds: 600 }, session })
			.reply(200, { value: 'ek_t', expires_at: EXPIRES_AT, session });

		const run = await runNode({
			operation: 'createClientSecret',
			sessionType: 'transcription',
			turnDetection: { settings: { type: 'semantic_vad', eagerness: 'high', createResponse: false, interruptResponse: false } },
		});

		expect(nodeError(run, 'Node')).toBeUndefined();
	});
});
