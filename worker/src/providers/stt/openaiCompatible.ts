/**
 * `openai-compatible`: any server with an OpenAI `/audio/transcriptions` endpoint at `baseUrl`
 * (faster-whisper-server, whisper.cpp server, vLLM, LocalAI, …).
 */
import * as openai from '@livekit/agents-plugin-openai';

import { compatibleKey, type SttProviderModule } from '../types';

export const openaiCompatibleStt: SttProviderModule = {
	create: (config, env) =>
		new openai.STT({
			model: config.model,
			apiKey: compatibleKey(env),
			baseURL: config.baseUrl,
			language: config.language ?? 'en',
			useRealtime: false,
		}),
};
