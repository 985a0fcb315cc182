/** `openai`: OpenAI speech (gpt-4o-mini-tts, tts-1) with OPENAI_API_KEY; `voiceId` is the voice name. */
import { keyedBaseUrl, requireEnv, type TtsProviderModule } from '../types';
import { openAiSpeechTts } from './openaiSpeech';

export const openaiTts: TtsProviderModule = {
	create: (config, env) =>
		openAiSpeechTts(config, {
			provider: 'openai',
			baseUrl: keyedBaseUrl(config, env, 'tts.default', 'openai') ?? 'https://api.openai.com/v1',
			apiKey: requireEnv(env, 'OPENAI_API_KEY', 'tts.default', 'openai'),
			defaultModel: 'gpt-4o-mini-tts',
		}),
};
