/** `openai`: OpenAI speech (gpt-4o-mini-tts, tts-1) with OPENAI_API_KEY; `voiceId` is the voice name. */
import * as openai from '@livekit/agents-plugin-openai';

import { requireEnv, type TtsProviderModule } from '../types';

export const openaiTts: TtsProviderModule = {
	create: (config, env) =>
		new openai.TTS({
			model: config.model ?? 'gpt-4o-mini-tts',
			voice: config.voiceId as openai.TTSVoices,
			apiKey: requireEnv(env, 'OPENAI_API_KEY', 'tts.default', 'openai'),
			baseURL: config.baseUrl,
		}),
};
