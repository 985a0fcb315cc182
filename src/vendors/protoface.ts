/**
 * Protoface `POST /v1/sessions` request body (openapi.json v0.1.0, SessionCreateRequest with the BYO
 * LiveKit transport). One schema checks both the node's typed fields and anything built from them,
 * so every range and allowed value lives here once.
 */
import { z } from 'zod';

export const QUALITIES = ['mock', 'lite', 'standard', 'pro'] as const;
export const AUDIO_SOURCES = ['data_stream', 'track'] as const;
/** Listed by the API so clients parse future responses; POST rejects them with `transport.unsupported`. */
export const RESERVED_TRANSPORTS = ['websocket', 'pipecat'] as const;
export const SESSION_STATUSES = ['created', 'queued', 'starting', 'running', 'ending', 'ended', 'failed', 'canceled'] as const;
export const TERMINAL_STATUSES: readonly string[] = ['ended', 'failed', 'canceled'];
/** List filters also take these aliases. */
export const STATUS_ALIASES = ['active', 'terminal'] as const;

export const METADATA_MAX_BYTES = 8 * 1024;
export const RESERVED_METADATA_PREFIX = '_avatar.';
/** The header's documented shape (1–255 characters); header values must be printable ASCII. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7E]{1,255}$/;
export const IDEMPOTENCY_KEY_MAX = 255;

const whole = (min: number, max: number) =>
	z
		.number()
		.int()
		.min(min, `must be a whole number from ${min} to ${max}`)
		.max(max, `must be a whole number from ${min} to ${max}`);

const isScalar = (value: unknown) =>
	value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/**
 * The API takes flat metadata: each value a string, number, boolean or null. The 8 KB limit is
 * counted here as the UTF-8 bytes of the compact JSON text (`JSON.stringify`, no spaces). That is an
 * assumption: the API docs say "<= 8 KB" without saying how they count.
 */
export const metadataSchema = z.record(z.unknown()).superRefine((metadata, ctx) => {
	for (const [key, value] of Object.entries(metadata)) {
		if (!isScalar(value)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [key],
				message: `must be a string, number, boolean or null (Protoface metadata is flat: no nested objects or lists)`,
			});
		}
	}
	const bytes = Buffer.byteLength(JSON.stringify(metadata), 'utf8');
	if (bytes > METADATA_MAX_BYTES) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is ${bytes} bytes as JSON; at most ${METADATA_MAX_BYTES} bytes (8 KB) are allowed` });
	}
	const reserved = Object.keys(metadata).filter((key) => key.startsWith(RESERVED_METADATA_PREFIX));
	if (reserved.length) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `uses reserved key${reserved.length > 1 ? 's' : ''} ${reserved.map((k) => JSON.stringify(k)).join(', ')}; keys starting "${RESERVED_METADATA_PREFIX}" belong to Protoface`,
		});
	}
});

const transportFields = {
	type: z.literal('livekit'),
	url: z.string().regex(/^wss?:\/\/\S+$/i, 'must be a ws:// or wss:// URL, e.g. wss://my-app.livekit.cloud'),
	room_name: z.string().min(1, 'is required'),
	worker_identity: z.string().min(1, 'must not be empty').optional(),
	audio_source: z.enum(AUDIO_SOURCES).optional(),
	subscribe_to_identity: z.string().min(1).optional(),
	synthetic_audio_if_no_input: z.boolean().optional(),
};

export const workerTokenSchema = z.string().min(1, 'is required');

function transportSchema<T extends z.ZodRawShape>(shape: T) {
	return z
		.object(shape)
		.strict()
		.superRefine((transport: { audio_source?: string; subscribe_to_identity?: string }, ctx) => {
			if (transport.subscribe_to_identity !== undefined && transport.audio_source !== 'track') {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['subscribe_to_identity'],
					message: 'is used only with audio_source "track"; set Audio Source to Track or clear it',
				});
			}
		});
}

export const liveKitTransportSchema = transportSchema({ ...transportFields, worker_token: workerTokenSchema });

const sessionFields = {
	avatar_id: z.string().regex(/^av_\S+$/, 'must be an avatar id starting "av_"'),
	idle_timeout_seconds: whole(1, 600).optional(),
	max_duration_seconds: whole(1, 3600).optional(),
	metadata: metadataSchema.optional(),
	quality: z.enum(QUALITIES).optional(),
};

export const sessionCreateSchema = z.object({ ...sessionFields, transport: liveKitTransportSchema }).strict();

/**
 * The same body before its worker token is minted (minting happens right before sending, so the
 * token's lifetime is not spent in a queue): every other rule applies unchanged.
 */
export const sessionDraftSchema = z.object({ ...sessionFields, transport: transportSchema(transportFields) }).strict();

export type SessionCreateRequest = z.infer<typeof sessionCreateSchema>;
export type SessionDraft = z.infer<typeof sessionDraftSchema>;
export type LiveKitTransport = z.infer<typeof liveKitTransportSchema>;
