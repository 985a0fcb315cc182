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
export const IDEMPOTENCY_KEY_MAX = 255;

const whole = (min: number, max: number) =>
	z
		.number()
		.int()
		.min(min, `must be a whole number from ${min} to ${max}`)
		.max(max, `must be a whole number from ${min} to ${max}`);

/** Serialized size and reserved keys, as the API counts them (UTF-8 bytes of the JSON text). */
export const metadataSchema = z.record(z.unknown()).superRefine((metadata, ctx) => {
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

export const liveKitTransportSchema = z
	.object({
		type: z.literal('livekit'),
		url: z.string().regex(/^wss?:\/\/\S+$/i, 'must be a ws:// or wss:// URL, e.g. wss://my-app.livekit.cloud'),
		room_name: z.string().min(1, 'is required'),
		worker_token: z.string().min(1, 'is required'),
		worker_identity: z.string().min(1, 'must not be empty').optional(),
		audio_source: z.enum(AUDIO_SOURCES).optional(),
		subscribe_to_identity: z.string().min(1).optional(),
		synthetic_audio_if_no_input: z.boolean().optional(),
	})
	.strict()
	.superRefine((transport, ctx) => {
		if (transport.subscribe_to_identity !== undefined && transport.audio_source !== 'track') {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['subscribe_to_identity'],
				message: 'is used only with audio_source "track"; set Audio Source to Track or clear it',
			});
		}
	});

export const sessionCreateSchema = z
	.object({
		avatar_id: z.string().regex(/^av_\S+$/, 'must be an avatar id starting "av_"'),
		idle_timeout_seconds: whole(1, 600).optional(),
		max_duration_seconds: whole(1, 3600).optional(),
		metadata: metadataSchema.optional(),
		quality: z.enum(QUALITIES).optional(),
		transport: liveKitTransportSchema,
	})
	.strict();

export type SessionCreateRequest = z.infer<typeof sessionCreateSchema>;
export type LiveKitTransport = z.infer<typeof liveKitTransportSchema>;
