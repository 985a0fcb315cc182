/**
 * Request bodies of OpenAI's Realtime session endpoints as zod schemas (spec digest §c, seed 003).
 * The node validates what its typed fields build and what a JSON body or input field holds with the
 * same functions below, so both paths fail the same way, naming the field and its range.
 *
 * Objects are strict: a misspelt field ("temprature") is refused with the list of allowed fields
 * instead of being silently ignored by the API.
 */
import { z } from 'zod';

import { validateWith, type ValidationResult } from '../config/validate';

export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;
export const BETA_AUDIO_FORMATS = ['pcm16', 'g711_ulaw', 'g711_alaw'] as const;
export const REALTIME_MODELS = ['gpt-realtime', 'gpt-realtime-mini', 'gpt-4o-realtime-preview', 'gpt-4o-mini-realtime-preview'] as const;
export const TRANSCRIPTION_MODELS = ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'whisper-1'] as const;
export const LOGPROBS_INCLUDE = 'item.input_audio_transcription.logprobs';
export const EXPIRES_MIN_SECONDS = 10;
export const EXPIRES_MAX_SECONDS = 7200;
export const EXPIRES_DEFAULT_SECONDS = 600;

/** The GA API names audio formats as MIME-like objects; the beta API as plain strings. */
export const GA_FORMAT_OF: Record<(typeof BETA_AUDIO_FORMATS)[number], { type: string; rate?: number }> = {
	pcm16: { type: 'audio/pcm', rate: 24000 },
	g711_ulaw: { type: 'audio/pcmu' },
	g711_alaw: { type: 'audio/pcma' },
};

const text = z.string().min(1, 'must not be empty');
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const maxOutputTokens = z.custom<number | 'inf'>(
	(value) => value === 'inf' || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4096),
	{ message: 'must be an integer from 1 to 4096 or "inf"' },
);

const expiresAfter = z
	.object({
		anchor: z.literal('created_at'),
		seconds: z.number().int().min(EXPIRES_MIN_SECONDS).max(EXPIRES_MAX_SECONDS),
	})
	.strict();

const noiseReduction = z.object({ type: z.enum(['near_field', 'far_field']) }).strict().nullable();

const transcription = z
	.object({ model: text.optional(), language: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO-639-1 code such as "en"').optional(), prompt: z.string().optional() })
	.strict();

/** GA transcription sessions accept a few more hints than the beta endpoints do. */
const gaTranscription = transcription
	.extend({ languages: z.array(z.string()).optional(), keywords: z.array(z.string()).optional(), delay: z.unknown().optional() })
	.strict();

/** Fields that belong to one VAD type only are refused on the other, instead of being ignored. */
function turnDetection(ga: boolean) {
	const fields = {
		type: z.enum(['server_vad', 'semantic_vad']),
		threshold: z.number().min(0).max(1).optional(),
		prefix_padding_ms: z.number().int().min(0).optional(),
		silence_duration_ms: z.number().int().min(0).optional(),
		create_response: z.boolean().optional(),
		interrupt_response: z.boolean().optional(),
		eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
		...(ga ? { idle_timeout_ms: z.number().int().min(0).nullable().optional() } : {}),
	};
	const serverOnly = ['threshold', 'prefix_padding_ms', 'silence_duration_ms', 'idle_timeout_ms'];
	return z
		.object(fields)
		.strict()
		.superRefine((value, ctx) => {
			const record = value as Record<string, unknown>;
			const wrong = value.type === 'semantic_vad' ? serverOnly : ['eagerness'];
			for (const key of wrong.filter((k) => record[k] !== undefined)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `applies only to ${value.type === 'semantic_vad' ? 'server_vad' : 'semantic_vad'}, not ${value.type}` });
			}
		})
		.nullable();
}

const functionTool = z
	.object({
		type: z.literal('function'),
		name: z.string().regex(TOOL_NAME, 'must be 1-64 characters of letters, digits, "_" or "-"'),
		description: text,
		parameters: z.object({ type: z.literal('object') }).passthrough(),
	})
	.strict();

/** GA sessions may also attach remote MCP servers; their many options are left to the API. */
const mcpTool = z.object({ type: z.literal('mcp'), server_label: text }).passthrough();

const toolChoice = (ga: boolean) =>
	z.union(
		[
			z.enum(['auto', 'none', 'required']),
			z.object({ type: z.literal('function'), name: text }).strict(),
			...(ga ? [z.object({ type: z.literal('mcp'), server_label: text, name: text.optional() }).strict()] : []),
		] as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]],
		{ errorMap: () => ({ message: `must be "auto", "none", "required" or {"type":"function","name":"…"}${ga ? ' or {"type":"mcp","server_label":"…"}' : ''}` }) },
	);

const tracing = z.union(
	[
		z.literal('auto'),
		z.object({ workflow_name: z.string().optional(), group_id: z.string().optional(), metadata: z.record(z.unknown()).optional() }).strict(),
		z.null(),
	],
	{ errorMap: () => ({ message: 'must be "auto", null or {"workflow_name", "group_id", "metadata"}' }) },
);

const modalities = z.array(z.enum(['text', 'audio'])).min(1);
const include = z.array(z.literal(LOGPROBS_INCLUDE));

/** Beta `POST /realtime/sessions` (legacy session-update fields). */
export const betaSessionSchema = z
	.object({
		model: text.optional(),
		modalities: modalities.optional(),
		instructions: z.string().optional(),
		voice: z.enum(VOICES).optional(),
		input_audio_format: z.enum(BETA_AUDIO_FORMATS).optional(),
		output_audio_format: z.enum(BETA_AUDIO_FORMATS).optional(),
		input_audio_transcription: transcription.nullable().optional(),
		input_audio_noise_reduction: noiseReduction.optional(),
		turn_detection: turnDetection(false).optional(),
		tools: z.array(functionTool).optional(),
		tool_choice: toolChoice(false).optional(),
		temperature: z.number().min(0.6).max(1.2).optional(),
		max_response_output_tokens: maxOutputTokens.optional(),
		speed: z.number().min(0.25).max(1.5).optional(),
		tracing: tracing.optional(),
		client_secret: z.object({ expires_after: expiresAfter }).strict().optional(),
	})
	.strict();

/** Beta `POST /realtime/transcription_sessions`; note its secret TTL is `client_secret.expires_at`. */
export const betaTranscriptionSessionSchema = z
	.object({
		modalities: modalities.optional(),
		input_audio_format: z.enum(BETA_AUDIO_FORMATS).optional(),
		input_audio_transcription: transcription.nullable().optional(),
		input_audio_noise_reduction: noiseReduction.optional(),
		turn_detection: turnDetection(false).optional(),
		include: include.optional(),
		client_secret: z.object({ expires_at: expiresAfter }).strict().optional(),
	})
	.strict();

const gaFormat = z.union(
	[
		z.object({ type: z.literal('audio/pcm'), rate: z.literal(24000).optional() }).strict(),
		z.object({ type: z.enum(['audio/pcmu', 'audio/pcma']) }).strict(),
	],
	{ errorMap: () => ({ message: 'must be {"type":"audio/pcm","rate":24000}, {"type":"audio/pcmu"} or {"type":"audio/pcma"}' }) },
);

const gaInputAudio = (transcriptionSchema: z.ZodTypeAny) =>
	z
		.object({
			format: gaFormat.optional(),
			noise_reduction: noiseReduction.optional(),
			transcription: transcriptionSchema.nullable().optional(),
			turn_detection: turnDetection(true).optional(),
		})
		.strict();

/** GA realtime session (`session.type: "realtime"`). GA has no temperature. */
export const gaRealtimeSessionSchema = z
	.object({
		type: z.literal('realtime'),
		model: text.optional(),
		instructions: z.string().optional(),
		output_modalities: z.array(z.enum(['text', 'audio'])).min(1).max(1, 'must hold one modality: ["audio"] or ["text"]').optional(),
		audio: z
			.object({
				input: gaInputAudio(transcription).optional(),
				output: z.object({ format: gaFormat.optional(), speed: z.number().min(0.25).max(1.5).optional(), voice: z.enum(VOICES).optional() }).strict().optional(),
			})
			.strict()
			.optional(),
		include: include.optional(),
		max_output_tokens: maxOutputTokens.optional(),
		tools: z.array(z.discriminatedUnion('type', [functionTool, mcpTool])).optional(),
		tool_choice: toolChoice(true).optional(),
		parallel_tool_calls: z.boolean().optional(),
		prompt: z.object({ id: text }).passthrough().nullable().optional(),
		reasoning: z.object({ effort: z.enum(['minimal', 'low', 'medium', 'high']) }).strict().optional(),
		tracing: tracing.optional(),
		truncation: z
			.union([z.enum(['auto', 'disabled']), z.object({ type: z.literal('retention_ratio'), retention_ratio: z.number().min(0).max(1) }).passthrough()], {
				errorMap: () => ({ message: 'must be "auto", "disabled" or {"type":"retention_ratio","retention_ratio":0–1}' }),
			})
			.optional(),
	})
	.strict();

/** GA transcription session (`session.type: "transcription"`). */
export const gaTranscriptionSessionSchema = z
	.object({
		type: z.literal('transcription'),
		audio: z.object({ input: gaInputAudio(gaTranscription).optional() }).strict().optional(),
		include: include.optional(),
	})
	.strict();

/** The GA envelope; `session` is checked by the schema its `type` selects. */
const gaEnvelopeSchema = z
	.object({ expires_after: expiresAfter.optional(), session: z.object({ type: z.enum(['realtime', 'transcription']) }).passthrough().optional() })
	.strict();

export type BetaSessionBody = z.infer<typeof betaSessionSchema>;
export type BetaTranscriptionSessionBody = z.infer<typeof betaTranscriptionSessionSchema>;
export interface ClientSecretBody {
	expires_after?: z.infer<typeof expiresAfter>;
	session?: z.infer<typeof gaRealtimeSessionSchema> | z.infer<typeof gaTranscriptionSessionSchema>;
}

export const validateBetaSession = (input: unknown, root = 'body') => validateWith(betaSessionSchema, input, root);
export const validateBetaTranscriptionSession = (input: unknown, root = 'body') => validateWith(betaTranscriptionSessionSchema, input, root);

const GA_TEMPERATURE =
	'is not accepted by POST /realtime/client_secrets: GA realtime sessions have no temperature. Remove it, or use the Create Session (beta) operation, which takes 0.6–1.2';

/** Validates a `POST /realtime/client_secrets` body (envelope, then the session its type names). */
export function validateClientSecret(input: unknown, root = 'body'): ValidationResult<ClientSecretBody> {
	const envelope = validateWith(gaEnvelopeSchema, input, root);
	if (!envelope.ok) return envelope;
	const session = envelope.value.session as Record<string, unknown> | undefined;
	if (!session) return { ok: true, value: envelope.value as ClientSecretBody };
	const errors: string[] = [];
	let candidate: Record<string, unknown> = session;
	if (session.temperature !== undefined) {
		errors.push(`${root}.session.temperature ${GA_TEMPERATURE}, got ${JSON.stringify(session.temperature)}`);
		const { temperature: _refused, ...rest } = session;
		candidate = rest;
	}
	const schema = session.type === 'realtime' ? gaRealtimeSessionSchema : gaTranscriptionSessionSchema;
	const checked = validateWith<Record<string, unknown>>(schema as z.ZodType<Record<string, unknown>>, candidate, `${root}.session`);
	if (!checked.ok) errors.push(...checked.errors);
	if (errors.length) return { ok: false, errors };
	return { ok: true, value: { ...envelope.value, session: checked.ok ? checked.value : {} } as ClientSecretBody };
}
