/** `deepgram`: Deepgram streaming recognition (nova-3, nova-2, …) with DEEPGRAM_API_KEY. */
import * as deepgram from '@livekit/agents-plugin-deepgram';

import { requireEnv, type SttProviderModule } from '../types';

export const deepgramStt: SttProviderModule = {
	create: (config, env) =>
		new deepgram.STT({
			model: config.model,
			apiKey: requireEnv(env, 'DEEPGRAM_API_KEY', 'stt.default', 'deepgram'),
			...(config.language ? { language: config.language } : {}),
		}),
};
