/**
 * OpenAI's `POST {base}/audio/speech` with `response_format: "pcm"` (24 kHz mono s16le), streamed.
 * The agents openai plugin buffers the whole clip before framing it; reading the body as it arrives
 * lets the first frame leave after the server's first bytes and keeps per-session CPU flat, which is
 * what lets one worker hold many concurrent sessions.
 */
import type { TtsConfig } from '../types';
import { postForPcm } from './httpPcm';
import { PcmTts } from './pcmTts';

const OPENAI_PCM_SAMPLE_RATE = 24_000;

export function openAiSpeechTts(config: TtsConfig, options: { provider: string; baseUrl: string; apiKey: string; defaultModel: string }) {
	const model = config.model ?? options.defaultModel;
	const url = `${options.baseUrl.replace(/\/+$/, '')}/audio/speech`;
	return new PcmTts({
		label: `${options.provider}.tts`,
		provider: options.provider,
		model,
		sampleRate: OPENAI_PCM_SAMPLE_RATE,
		source: (text, signal, timeoutMs) => postForPcm(url, options.apiKey, { model, voice: config.voiceId, input: text, response_format: 'pcm' }, signal, timeoutMs),
	});
}
