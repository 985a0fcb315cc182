/** `openai`: OpenAI transcriptions (whisper-1, gpt-4o-transcribe, …) with OPENAI_API_KEY. */
import * as openai from '@livekit/agents-plugin-openai';

import { keyedBaseUrl, requireEnv, type SttProviderModule } from '../types';

export const openaiStt: SttProviderModule = {
	create: (config, env) =>
		new openai.STT({
			model: config.model,
			apiKey: requireEnv(env, 'OPENAI_API_KEY', 'stt.default', 'openai'),
			baseURL: keyedBaseUrl(config, env, 'stt.default', 'openai'),
			language: config.language ?? 'en',
			// The transcriptions endpoint, segmented by the session's VAD: works with every model and server.
			useRealtime: false,
		}),
};
