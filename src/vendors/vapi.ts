/**
 * Vapi request bodies (docs digest §b, seed 002) as zod schemas. The Vapi node validates typed fields
 * and any JSON the user gives with the same schema, so a field is checked the same way wherever it
 * came from. Nested Vapi DTOs (assistant, squad, phone number) are only checked for being objects:
 * their full shape is large and changes often, and Vapi answers a precise 400 for them anyway.
 */
import { z } from 'zod';

export const VAPI_DEFAULT_BASE_URL = 'https://api.vapi.ai';

export const SESSION_STATUSES = ['active', 'completed'] as const;
export const MIN_EXPIRATION_SECONDS = 60;
export const MAX_EXPIRATION_SECONDS = 2_592_000;
export const DEFAULT_EXPIRATION_SECONDS = 86_400;
export const MAX_NAME_LENGTH = 40;
export const MAX_LIST_LIMIT = 1000;

export const FIRST_MESSAGE_MODES = [
	'assistant-speaks-first',
	'assistant-speaks-first-with-model-generated-message',
	'assistant-waits-for-user',
] as const;

export const MODEL_PROVIDERS = [
	'anthropic', 'anthropic-bedrock', 'anyscale', 'cerebras', 'custom-llm', 'deepinfra', 'deep-seek', 'google',
	'groq', 'inflection-ai', 'minimax', 'openai', 'openrouter', 'perplexity-ai', 'together-ai', 'xai',
] as const;

export const VOICE_PROVIDERS = [
	'azure', 'cartesia', 'custom-voice', 'deepgram', '11labs', 'hume', 'lmnt', 'neuphonic', 'openai', 'playht',
	'wellsaid', 'rime-ai', 'smallest-ai', 'tavus', 'vapi', 'sesame', 'inworld', 'minimax', 'xai',
] as const;

export const TRANSCRIBER_PROVIDERS = [
	'assembly-ai', 'azure', 'custom-transcriber', 'deepgram', '11labs', 'gladia', 'google', 'speechmatics',
	'talkscriber', 'openai', 'cartesia', 'soniox', 'xai',
] as const;

export const MESSAGE_ROLES = ['system', 'user', 'assistant', 'tool', 'developer'] as const;

const jsonObject = z.record(z.string(), z.unknown());
const nonEmpty = z.string().min(1, 'must not be empty');
const name = z.string().max(MAX_NAME_LENGTH);
const expirationSeconds = z.number().min(MIN_EXPIRATION_SECONDS).max(MAX_EXPIRATION_SECONDS);
const messages = z.array(z.object({ role: z.enum(MESSAGE_ROLES) }).passthrough());

/** CreateCustomerDTO: the fields people set from a CRM row are checked; the rest passes through. */
const customer = z
	.object({
		number: z.string().min(3).max(40).optional(),
		sipUri: z.string().optional(),
		name: z.string().max(40).optional(),
		email: z.string().max(40).optional(),
		externalId: z.string().max(40).optional(),
	})
	.passthrough();

const assistantOverrides = z.object({ variableValues: jsonObject.optional() }).passthrough();

/** CreateSessionDTO: every field optional (seed 002). */
export const createSessionSchema = z
	.object({
		name: name.optional(),
		status: z.enum(SESSION_STATUSES).optional(),
		expirationSeconds: expirationSeconds.optional(),
		assistantId: nonEmpty.optional(),
		assistant: jsonObject.optional(),
		assistantOverrides: assistantOverrides.optional(),
		squadId: nonEmpty.optional(),
		squad: jsonObject.optional(),
		messages: messages.optional(),
		customer: customer.optional(),
		customerId: nonEmpty.optional(),
		phoneNumberId: nonEmpty.optional(),
		phoneNumber: jsonObject.optional(),
	})
	.strict();

/** UpdateSessionDTO. */
export const updateSessionSchema = z
	.object({
		name: name.optional(),
		status: z.enum(SESSION_STATUSES).optional(),
		expirationSeconds: expirationSeconds.optional(),
		messages: messages.optional(),
	})
	.strict();

const model = z
	.object({
		provider: z.enum(MODEL_PROVIDERS),
		model: nonEmpty,
		temperature: z.number().min(0).max(2).optional(),
		messages: messages.optional(),
	})
	.passthrough();

const voice = z.object({ provider: z.enum(VOICE_PROVIDERS), voiceId: nonEmpty.optional() }).passthrough();

const transcriber = z
	.object({ provider: z.enum(TRANSCRIBER_PROVIDERS), model: z.string().optional(), language: z.string().optional() })
	.passthrough();

/** Vapi posts server messages over HTTP: `ftp:`, `javascript:` or a bare host name are refused. */
const httpUrl = z.string().refine((value) => {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}, 'must be an http(s) URL');

/**
 * CreateAssistantDTO (and UpdateAssistantDTO, which has the same optional fields). The main fields
 * are typed; unknown fields pass through (the many plans and hooks, from the node's Additional Fields
 * (JSON)) and Vapi validates them. The session schemas above are strict instead: they are small and
 * stable, so a misspelt session field is caught before anything is sent.
 */
export const assistantSchema = z
	.object({
		name: name.optional(),
		firstMessage: z.string().optional(),
		firstMessageMode: z.enum(FIRST_MESSAGE_MODES).optional(),
		firstMessageInterruptionsEnabled: z.boolean().optional(),
		model: model.optional(),
		voice: voice.optional(),
		transcriber: transcriber.optional(),
		maxDurationSeconds: z.number().min(10).max(43_200).optional(),
		voicemailMessage: z.string().max(1000).optional(),
		endCallMessage: z.string().max(1000).optional(),
		endCallPhrases: z.array(z.string()).optional(),
		server: z.object({ url: httpUrl }).passthrough().optional(),
		metadata: jsonObject.optional(),
	})
	.passthrough();

export type CreateSessionBody = z.infer<typeof createSessionSchema>;
export type UpdateSessionBody = z.infer<typeof updateSessionSchema>;
export type AssistantBody = z.infer<typeof assistantSchema>;

/**
 * Pairs where Vapi takes a stored resource by id or an inline one. Vapi silently ignores the inline
 * side when both are sent; the node refuses instead, because silently dropping a config is a bug
 * the user would only notice on a live call.
 */
export const EXCLUSIVE_PAIRS = [
	{ id: 'assistantId', inline: 'assistant', noun: 'assistant' },
	{ id: 'squadId', inline: 'squad', noun: 'squad' },
	{ id: 'customerId', inline: 'customer', noun: 'customer' },
	{ id: 'phoneNumberId', inline: 'phoneNumber', noun: 'phone number' },
] as const;

export type ExclusivePair = (typeof EXCLUSIVE_PAIRS)[number];

const isSet = (value: unknown) =>
	value !== undefined && value !== null && value !== '' && !(typeof value === 'object' && Object.keys(value).length === 0);

/** The first pair of which both sides are set, if any. */
export function exclusiveConflict(body: Record<string, unknown>): ExclusivePair | undefined {
	return EXCLUSIVE_PAIRS.find((pair) => isSet(body[pair.id]) && isSet(body[pair.inline]));
}
