/** `groq`: Groq's OpenAI-compatible chat endpoint with GROQ_API_KEY. */
import * as openai from '@livekit/agents-plugin-openai';

import { keyedBaseUrl, requireEnv, type LlmProviderModule } from '../types';

export const groqLlm: LlmProviderModule = {
	create: (config, env) =>
		openai.LLM.withGroq({
			model: config.model,
			apiKey: requireEnv(env, 'GROQ_API_KEY', 'llm.default', 'groq'),
			...(config.baseUrl ? { baseURL: keyedBaseUrl(config, env, 'llm.default', 'groq') } : {}),
			temperature: config.temperature,
		}),
};
