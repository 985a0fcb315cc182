/** `groq`: Groq-hosted Whisper models (whisper-large-v3, whisper-large-v3-turbo) with GROQ_API_KEY. */
import * as openai from '@livekit/agents-plugin-openai';

import { keyedBaseUrl, requireEnv, type SttProviderModule } from '../types';

export const groqStt: SttProviderModule = {
	create: (config, env) =>
		openai.STT.withGroq({
			model: config.model,
			apiKey: requireEnv(env, 'GROQ_API_KEY', 'stt.default', 'groq'),
			...(config.baseUrl ? { baseURL: keyedBaseUrl(config, env, 'stt.default', 'groq') } : {}),
			language: config.language ?? 'en',
		}),
};
