/**
 * Provider registry: the `provider` string of each config section picks one module. The keys are
 * checked against the shared provider lists at compile time, so the schema the nodes validate with
 * and what the worker can run never drift apart.
 */
import type { LlmProvider, SttProvider, TtsProvider } from '../../../src/config';
import { groqLlm } from './llm/groq';
import { openaiLlm } from './llm/openai';
import { openaiCompatibleLlm } from './llm/openaiCompatible';
import { webhookLlm } from './llm/webhook';
import { deepgramStt } from './stt/deepgram';
import { groqStt } from './stt/groq';
import { openaiStt } from './stt/openai';
import { openaiCompatibleStt } from './stt/openaiCompatible';
import { espeakTts } from './tts/espeak';
import { openaiTts } from './tts/openai';
import { openaiCompatibleTts } from './tts/openaiCompatible';
import { upliftaiTts } from './tts/upliftai';
import type { Env, LlmConfig, LlmProviderModule, ProviderContext, SttConfig, SttProviderModule, TtsConfig, TtsProviderModule } from './types';

const llmProviders: Record<LlmProvider, LlmProviderModule> = {
	openai: openaiLlm,
	groq: groqLlm,
	'openai-compatible': openaiCompatibleLlm,
	webhook: webhookLlm,
};

const sttProviders: Record<SttProvider, SttProviderModule> = {
	openai: openaiStt,
	groq: groqStt,
	'openai-compatible': openaiCompatibleStt,
	deepgram: deepgramStt,
};

const ttsProviders: Record<TtsProvider, TtsProviderModule> = {
	openai: openaiTts,
	'openai-compatible': openaiCompatibleTts,
	upliftai: upliftaiTts,
	espeak: espeakTts,
};

/** `context` is required by the `webhook` LLM (it signs each turn's request for this session). */
export const buildLlm = (config: LlmConfig, env: Env, context?: ProviderContext) => llmProviders[config.provider].create(config, env, context);
export const buildStt = (config: SttConfig, env: Env) => sttProviders[config.provider].create(config, env);
export const buildTts = (config: TtsConfig, env: Env) => ttsProviders[config.provider].create(config, env);
