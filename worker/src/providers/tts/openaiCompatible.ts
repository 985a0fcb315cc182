/**
 * `openai-compatible`: a server with an OpenAI `/audio/speech` endpoint at `baseUrl` that can answer
 * `response_format: "pcm"` (24 kHz mono s16le), e.g. Kokoro-FastAPI, openedai-speech, LocalAI.
 */
import { compatibleKey, type TtsProviderModule } from '../types';
import { openAiSpeechTts } from './openaiSpeech';

export const openaiCompatibleTts: TtsProviderModule = {
	create: (config, env) =>
		openAiSpeechTts(config, { provider: 'openai-compatible', baseUrl: config.baseUrl!, apiKey: compatibleKey(env), defaultModel: 'tts-1' }),
};
