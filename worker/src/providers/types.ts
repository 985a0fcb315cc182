/**
 * The provider registry's contract. Each provider is one small module keyed by the `provider` string
 * of the assistant configuration; it turns that section of the config (already validated by the
 * shared zod schema) plus the worker's environment into a LiveKit agents plugin instance.
 */
import type { llm, stt, tts } from '@livekit/agents';

import type { AssistantConfig } from '../../../src/config';
import type { SessionScope } from '../webhooks/session';

export type LlmConfig = AssistantConfig['llm']['default'];
export type SttConfig = AssistantConfig['stt']['default'];
export type TtsConfig = AssistantConfig['tts']['default'];

/** Provider keys are read from the worker's environment, never from dispatch metadata. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What a provider may need to know about the session it serves (the `webhook` LLM signs requests for it). */
export interface ProviderContext {
	scope: SessionScope;
}

export interface LlmProviderModule {
	create(config: LlmConfig, env: Env, context?: ProviderContext): llm.LLM;
}
export interface SttProviderModule {
	create(config: SttConfig, env: Env): stt.STT;
}
export interface TtsProviderModule {
	create(config: TtsConfig, env: Env): tts.TTS;
}

/** A provider that cannot be built: the message names the config field or environment variable. */
export class ProviderSetupError extends Error {
	override name = 'ProviderSetupError';
}

export function requireEnv(env: Env, name: string, field: string, provider: string): string {
	const value = env[name];
	if (!value) throw new ProviderSetupError(`${field}.provider "${provider}" needs ${name} in the worker's environment`);
	return value;
}

/**
 * Local OpenAI-compatible servers (Ollama, vLLM, llama.cpp, LM Studio) usually ignore the key, but
 * the OpenAI client refuses an empty one.
 */
export function compatibleKey(env: Env): string {
	return env.OPENAI_COMPATIBLE_API_KEY || 'no-key';
}

/**
 * Where a provider that uses one of the operator's keys may be reached. The dispatch comes from
 * workflow data, so a `baseUrl` in it must not be able to send OPENAI_API_KEY (say) to a server of
 * the workflow author's choosing: it is honoured only when the operator listed it in
 * N8N_VOICE_ALLOWED_BASE_URLS (comma-separated, e.g. an Azure or proxy endpoint). `openai-compatible`
 * providers are exempt: they get OPENAI_COMPATIBLE_API_KEY, which exists for exactly that server.
 */
export function keyedBaseUrl(config: { baseUrl?: string }, env: Env, field: string, provider: string): string | undefined {
	if (!config.baseUrl) return undefined;
	const allowed = (env.N8N_VOICE_ALLOWED_BASE_URLS ?? '')
		.split(',')
		.map((url) => url.trim().replace(/\/+$/, ''))
		.filter(Boolean);
	if (allowed.includes(config.baseUrl.replace(/\/+$/, ''))) return config.baseUrl;
	throw new ProviderSetupError(
		`${field}.baseUrl "${config.baseUrl}" is not allowed for provider "${provider}": the worker's API key would be sent there. Remove it, or let the worker operator add it to N8N_VOICE_ALLOWED_BASE_URLS`,
	);
}
