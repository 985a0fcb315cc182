/** `openai`: OpenAI chat completions with OPENAI_API_KEY. */
import * as openai from '@livekit/agents-plugin-openai';

import { keyedBaseUrl, requireEnv, type LlmProviderModule } from '../types';

export const openaiLlm: LlmProviderModule = {
	create: (config, env) =>
		new openai.LLM({
			model: config.model,
			apiKey: requireEnv(env, 'OPENAI_API_KEY', 'llm.default', 'openai'),
			baseURL: keyedBaseUrl(config, env, 'llm.default', 'openai'),
			temperature: config.temperature,
		}),
};
