/**
 * Provider names accepted in an assistant configuration.
 *
 * UpliftAI's documentation shows `groq`/`deepgram` (STT), `upliftai` (TTS) and `groq` (LLM) without
 * publishing a full catalogue; the bundled worker implements the rest. One list serves both so that a
 * workflow built for the cloud runs unchanged on the self-hosted worker and vice versa.
 */
/** `webhook`: each turn is answered by an HTTP endpoint (an n8n workflow), self-hosted worker only. */
export const LLM_PROVIDERS = ['groq', 'openai', 'openai-compatible', 'webhook'] as const;
export const STT_PROVIDERS = ['groq', 'openai', 'openai-compatible', 'deepgram'] as const;
export const TTS_PROVIDERS = ['upliftai', 'openai', 'openai-compatible', 'espeak'] as const;

/** UpliftAI TTS output formats (UpliftAI TTS API reference). */
export const TTS_OUTPUT_FORMATS = [
	'PCM_22050_16',
	'WAV_22050_16',
	'WAV_22050_32',
	'MP3_22050_32',
	'MP3_22050_64',
	'MP3_22050_128',
	'OGG_22050_16',
	'ULAW_8000_8',
] as const;

export type LlmProvider = (typeof LLM_PROVIDERS)[number];
export type SttProvider = (typeof STT_PROVIDERS)[number];
export type TtsProvider = (typeof TTS_PROVIDERS)[number];

/** Providers that need an explicit `baseUrl` because they have no fixed endpoint. */
export const PROVIDERS_NEEDING_BASE_URL = ['openai-compatible'] as const;

/** Session lifetime used when a configuration does not set `session.ttl` (UpliftAI's example value). */
export const DEFAULT_SESSION_TTL_SECONDS = 1800;
export const MAX_SESSION_TTL_SECONDS = 86_400;

/** Tool call timeout used when a tool does not set `timeout`. */
export const DEFAULT_TOOL_TIMEOUT_SECONDS = 10;

/** Agent name the worker registers under and the node dispatches to, unless both are told otherwise. */
export const DEFAULT_AGENT_NAME = 'n8n-realtime-voice';

/** UpliftAI's API root (assistants, sessions and TTS); regional endpoints replace it. */
export const UPLIFTAI_DEFAULT_BASE_URL = 'https://api.upliftai.org/v1';
