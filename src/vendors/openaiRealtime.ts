/**
 * Request bodies of OpenAI's Realtime session endpoints as zod schemas (spec digest §c, seed 003,
 * checked against the openai-node 6.x request types). The node validates what its typed fields build
 * and what a JSON body or input field holds with the same functions below, so both paths fail the same
 * way, naming the field and its range.
 *
 * Objects are strict: a misspelt field ("temprature") is refused with the list of allowed fields
 * instead of being silently ignored by the API.
 */
import { z } from 'zod';

import { validateWith, type ValidationResult } from '../config/validate';

/** The built-in voices: suggestions in the UI; the API also takes newer names (and GA custom voices). */
export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;
export const BETA_AUDIO_FORMATS = ['pcm16', 'g711_ulaw', 'g711_alaw'] as const;
export const REALTIME_MODELS = ['gpt-realtime', 'gpt-realtime-mini', 'gpt-4o-realtime-preview', 'gpt-4o-mini-realtime-preview'] as const;
export const TRANSCRIPTION_MODELS = ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'whisper-1'] as const;
export const LOGPROBS_INCLUDE = 'item.input_audio_transcription.logprobs';
export const EXPIRES_MIN_SECONDS = 10;
export const EXPIRES_MAX_SECONDS = 7200;
export const EXPIRES_DEFAULT_SECONDS = 600;
export const TEMPERATURE_RANGE = { min: 0.6, max: 1.2 } as const;
export const SPEED_RANGE = { min: 0.25, max: 1.5 } as const;

export type BetaAudioFormat = (typeof BETA_AUDIO_FORMATS)[number];

/** The GA API names audio formats as MIME-like objects; the beta API as plain strings. */
export const GA_FORMAT_OF: Record<BetaAudioFormat, { type: string; rate?: number }> = {
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

/** `seconds` may be left out: the API then applies its default (600 s for GA). */
const expiresAfter = z
	.object({
		anchor: z.literal('created_at'),
		seconds: z.number().int().min(EXPIRES_MIN_SECONDS).max(EXPIRES_MAX_SECONDS).optional(),
	})
	.strict();

const noiseReduction = z.object({ type: z.enum(['near_field', 'far_field']) }).strict().nullable();

const transcription = z
	.object({
		model: text.optional(),
		language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO-639-1 code such as "en"').optional(),
		prompt: z.string().optional(),
	})
	.strict();

/** GA transcription sessions accept a few more hints than the beta endpoints do. */
const gaTranscription = transcription
	.extend({ languages: z.array(z.string()).optional(), keywords: z.array(z.string()).optional(), delay: z.unknown().optional() })
	.strict();

const SERVER_VAD_ONLY = ['threshold', 'prefix_padding_ms', 'silence_duration_ms', 'idle_timeout_ms'];
const SEMANTIC_VAD_ONLY = ['eagerness'];
/** openai-node documents both as "Not available for transcription sessions": nothing answers there. */
const RESPONSE_ONLY = ['create_response', 'interrupt_response'];

/**
 * Fields that belong to one VAD type only are refused on the other, and the response switches on a
 * transcription session, instead of being ignored.
 */
function turnDetection({ ga, forTranscription }: { ga: boolean; forTranscription: boolean }) {
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
	return z
		.object(fields)
		.strict()
		.superRefine((value, ctx) => {
			const record = value as Record<string, unknown>;
			const other = value.type === 'semantic_vad' ? 'server_vad' : 'semantic_vad';
			const wrong = value.type === 'semantic_vad' ? SERVER_VAD_ONLY : SEMANTIC_VAD_ONLY;
			for (const key of wrong.filter((k) => record[k] !== undefined)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `applies only to ${other}, not ${value.type}` });
			}
			if (!forTranscription) return;
			for (const key of RESPONSE_ONLY.filter((k) => record[k] !== undefined)) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [key],
					message: 'is not available for transcription sessions (they never answer); remove it',
				});
			}
		})
		.nullable();
}

const functionTool = z
	.object({
		type: z.literal('function'),
		name: z.string().regex(TOOL_NAME, 'must be 1-64 characters of letters, digits, "_" or "-"'),
		description: z.string().optional(),
		parameters: z.object({ type: z.literal('object') }).passthrough().optional(),
	})
	.strict();

/** GA sessions may also attach remote MCP servers; their many options are left to the API. */
const mcpTool = z.object({ type: z.literal('mcp'), server_label: text }).passthrough();

const TOOL_CHOICE_MODES = z.enum(['auto', 'none', 'required']);
const functionChoice = z.object({ type: z.literal('function'), name: text }).strict();
const mcpChoice = z.object({ type: z.literal('mcp'), server_label: text, name: text.optional() }).strict();
const FUNCTION_CHOICE_TEXT = 'must be "auto", "none", "required" or {"type":"function","name":"…"}';

const betaToolChoice = z.union([TOOL_CHOICE_MODES, functionChoice], { errorMap: () => ({ message: FUNCTION_CHOICE_TEXT }) });
const gaToolChoice = z.union([TOOL_CHOICE_MODES, functionChoice, mcpChoice], {
	errorMap: () => ({ message: `${FUNCTION_CHOICE_TEXT} or {"type":"mcp","server_label":"…"}` }),
});

const tracing = z.union(
	[
		z.literal('auto'),
		z.object({ workflow_name: z.string().optional(), group_id: z.string().optional(), metadata: z.record(z.unknown()).optional() }).strict(),
		z.null(),
	],
	{ errorMap: () => ({ message: 'must be "auto", null or {"workflow_name", "group_id", "metadata"}' }) },
);

/** Any voice name (newer voices need no node update); GA also takes a custom voice as `{"id": "voice_…"}`. */
const betaVoice = text;
const gaVoice = z.union([text, z.object({ id: text }).strict()], {
	errorMap: () => ({ message: 'must be a voice name such as "marin", or a custom voice {"id":"voice_…"}' }),
});

const modalities = z.array(z.enum(['text', 'audio'])).min(1);
const include = z.array(z.literal(LOGPROBS_INCLUDE));
const temperature = z.number().min(TEMPERATURE_RANGE.min).max(TEMPERATURE_RANGE.max);
const speed = z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max);

/** Beta `POST /realtime/sessions` (legacy session-update fields). */
export const betaSessionSchema = z
	.object({
		model: text.optional(),
		modalities: modalities.optional(),
		instructions: z.string().optional(),
		voice: betaVoice.optional(),
		input_audio_format: z.enum(BETA_AUDIO_FORMATS).optional(),
		output_audio_format: z.enum(BETA_AUDIO_FORMATS).optional(),
		input_audio_transcription: transcription.nullable().optional(),
		input_audio_noise_reduction: noiseReduction.optional(),
		turn_detection: turnDetection({ ga: false, forTranscription: false }).optional(),
		tools: z.array(functionTool).optional(),
		tool_choice: betaToolChoice.optional(),
		temperature: temperature.optional(),
		max_response_output_tokens: maxOutputTokens.optional(),
		speed: speed.optional(),
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
		turn_detection: turnDetection({ ga: false, forTranscription: true }).optional(),
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

const gaInputAudio = (transcriptionSchema: z.ZodTypeAny, forTranscription: boolean) =>
	z
		.object({
			format: gaFormat.optional(),
			noise_reduction: noiseReduction.optional(),
			transcription: transcriptionSchema.nullable().optional(),
			turn_detection: turnDetection({ ga: true, forTranscription }).optional(),
		})
		.strict();

const gaOutputAudio = z.object({ format: gaFormat.optional(), speed: speed.optional(), voice: gaVoice.optional() }).strict();

const truncation = z.union(
	[z.enum(['auto', 'disabled']), z.object({ type: z.literal('retention_ratio'), retention_ratio: z.number().min(0).max(1) }).passthrough()],
	{ errorMap: () => ({ message: 'must be "auto", "disabled" or {"type":"retention_ratio","retention_ratio":0–1}' }) },
);

/** GA realtime session (`session.type: "realtime"`). GA has no temperature. */
export const gaRealtimeSessionSchema = z
	.object({
		type: z.literal('realtime'),
		model: text.optional(),
		instructions: z.string().optional(),
		output_modalities: z.array(z.enum(['text', 'audio'])).min(1).max(1, 'must hold one modality: ["audio"] or ["text"]').optional(),
		audio: z.object({ input: gaInputAudio(transcription, false).optional(), output: gaOutputAudio.optional() }).strict().optional(),
		include: include.optional(),
		max_output_tokens: maxOutputTokens.optional(),
		tools: z.array(z.discriminatedUnion('type', [functionTool, mcpTool])).optional(),
		tool_choice: gaToolChoice.optional(),
		parallel_tool_calls: z.boolean().optional(),
		prompt: z.object({ id: text }).passthrough().nullable().optional(),
		reasoning: z.object({ effort: z.enum(['minimal', 'low', 'medium', 'high', 'xhigh']) }).strict().optional(),
		tracing: tracing.optional(),
		truncation: truncation.optional(),
	})
	.strict();

/** GA transcription session (`session.type: "transcription"`). */
export const gaTranscriptionSessionSchema = z
	.object({
		type: z.literal('transcription'),
		audio: z.object({ input: gaInputAudio(gaTranscription, true).optional() }).strict().optional(),
		include: include.optional(),
	})
	.strict();

/** The GA envelope; `session` is checked by the schema its `type` selects. */
const gaEnvelopeSchema = z
	.object({
		expires_after: expiresAfter.optional(),
		session: z.object({ type: z.enum(['realtime', 'transcription']) }).passthrough().optional(),
	})
	.strict();

type GaSession = z.infer<typeof gaRealtimeSessionSchema> | z.infer<typeof gaTranscriptionSessionSchema>;
export type BetaSessionBody = z.infer<typeof betaSessionSchema>;
export type BetaTranscriptionSessionBody = z.infer<typeof betaTranscriptionSessionSchema>;
export interface ClientSecretBody {
	expires_after?: z.infer<typeof expiresAfter>;
	session?: GaSession;
}

export const validateBetaSession = (input: unknown, root = 'body') => validateWith(betaSessionSchema, input, root);
export const validateBetaTranscriptionSession = (input: unknown, root = 'body') => validateWith(betaTranscriptionSessionSchema, input, root);

const GA_TEMPERATURE =
	'is not accepted by POST /realtime/client_secrets: GA realtime sessions have no temperature. ' +
	`Remove it, or use the Create Session (beta) operation, which takes ${TEMPERATURE_RANGE.min}–${TEMPERATURE_RANGE.max}`;

function validateGaSession(session: Record<string, unknown>, root: string): ValidationResult<GaSession> {
	return session.type === 'realtime'
		? validateWith(gaRealtimeSessionSchema, session, root)
		: validateWith(gaTranscriptionSessionSchema, session, root);
}

/** Validates a `POST /realtime/client_secrets` body (envelope, then the session its type names). */
export function validateClientSecret(input: unknown, root = 'body'): ValidationResult<ClientSecretBody> {
	const envelope = validateWith(gaEnvelopeSchema, input, root);
	if (!envelope.ok) return envelope;
	const { session, ...rest } = envelope.value;
	if (!session) return { ok: true, value: rest as ClientSecretBody };
	// Temperature is named on its own (the most common beta → GA mistake), then the rest is checked.
	const { temperature, ...withoutTemperature } = session as Record<string, unknown>;
	const errors = temperature === undefined ? [] : [`${root}.session.temperature ${GA_TEMPERATURE}, got ${JSON.stringify(temperature)}`];
	const checked = validateGaSession(withoutTemperature, `${root}.session`);
	if (!checked.ok) return { ok: false, errors: [...errors, ...checked.errors] };
	if (errors.length) return { ok: false, errors };
	return { ok: true, value: { ...rest, session: checked.value } as ClientSecretBody };
}
