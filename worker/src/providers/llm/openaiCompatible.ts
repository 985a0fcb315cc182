/**
 * `openai-compatible`: any server speaking OpenAI chat completions at `baseUrl` (Ollama, vLLM,
 * llama.cpp server, LM Studio). OPENAI_COMPATIBLE_API_KEY is sent when the server wants one.
 */
import * as openai from '@livekit/agents-plugin-openai';

import { compatibleKey, type LlmProviderModule } from '../types';

export const openaiCompatibleLlm: LlmProviderModule = {
	create: (config, env) =>
		new openai.LLM({
			model: config.model,
			apiKey: compatibleKey(env),
			baseURL: config.baseUrl,
			temperature: config.temperature,
		}),
};
