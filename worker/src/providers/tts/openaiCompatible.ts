/**
 * `openai-compatible`: a server with an OpenAI `/audio/speech` endpoint at `baseUrl` that can answer
 * `response_format: "pcm"` (24 kHz mono s16le), e.g. Kokoro-FastAPI, openedai-speech, LocalAI.
 */
import * as openai from '@livekit/agents-plugin-openai';

import { compatibleKey, type TtsProviderModule } from '../types';

export const openaiCompatibleTts: TtsProviderModule = {
	create: (config, env) =>
		new openai.TTS({
			model: config.model ?? 'tts-1',
			voice: config.voiceId as openai.TTSVoices,
			apiKey: compatibleKey(env),
			baseURL: config.baseUrl,
		}),
};
