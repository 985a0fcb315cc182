/**
 * Signed webhook requests (worker → n8n). The scheme, so anyone can verify it:
 *
 *   X-Realtime-Voice-Timestamp: <unix seconds when signed>
 *   X-Realtime-Voice-Id:        <unique id of this request; also the body's `id`>
 *   X-Realtime-Voice-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The receiver recomputes the HMAC over the exact bytes it received, compares in constant time and
 * refuses timestamps more than 5 minutes away from its clock (a captured request cannot be replayed
 * later). Several `v1=` values separated by commas are accepted, so a secret can be rotated.
 * The worker's secret is `N8N_VOICE_WEBHOOK_SECRET`; the trigger's credential holds the same value.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-realtime-voice-signature';
export const TIMESTAMP_HEADER = 'x-realtime-voice-timestamp';
export const REQUEST_ID_HEADER = 'x-realtime-voice-id';
/** Not signed separately (the body's `type` is): lets a receiver route before parsing. */
export const TYPE_HEADER = 'x-realtime-voice-type';
export const SIGNATURE_VERSION = 'v1';
/** How far (seconds) a request's timestamp may be from the receiver's clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** The worker's environment variable holding the signing secret. */
export const WEBHOOK_SECRET_ENV = 'N8N_VOICE_WEBHOOK_SECRET';

/** Hex HMAC-SHA256 of `<timestamp>.<body>`; `body` is the exact bytes sent. */
export function computeSignature(secret: string, timestamp: number | string, body: string | Buffer): string {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** A new request id: `evt_` + a random UUID. */
export const newRequestId = () => `evt_${randomUUID()}`;

/**
 * The headers of one signed request. `nowMs` is injectable for tests; the id defaults to a new one
 * (pass the body's `id` so header and body agree).
 */
export function signedHeaders(
	secret: string,
	body: string,
	options: { id: string; type: string; nowMs?: number },
): Record<string, string> {
	const timestamp = Math.floor((options.nowMs ?? Date.now()) / 1000);
	return {
		'content-type': 'application/json',
		[TIMESTAMP_HEADER]: String(timestamp),
		[REQUEST_ID_HEADER]: options.id,
		[TYPE_HEADER]: options.type,
		[SIGNATURE_HEADER]: `${SIGNATURE_VERSION}=${computeSignature(secret, timestamp, body)}`,
	};
}

export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: string };

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
};

/**
 * Checks a received request. `headers` as Node gives them (lower-case names); `rawBody` the exact
 * bytes received. Refuses (with a reason safe to log: it never contains the secret or a signature):
 * missing headers, a timestamp more than `toleranceSeconds` from `nowMs`, and a signature that does
 * not match.
 */
export function verifySignedRequest(
	secret: string,
	headers: Record<string, string | string[] | undefined>,
	rawBody: string | Buffer,
	options: { nowMs?: number; toleranceSeconds?: number } = {},
): VerifyResult {
	if (!secret) return { ok: false, reason: 'no signing secret is configured' };
	const timestampText = header(headers, TIMESTAMP_HEADER);
	const signatureText = header(headers, SIGNATURE_HEADER);
	const id = header(headers, REQUEST_ID_HEADER) ?? '';
	if (!timestampText || !signatureText) return { ok: false, reason: `missing ${!timestampText ? TIMESTAMP_HEADER : SIGNATURE_HEADER} header` };
	if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
	const timestamp = Number(timestampText);
	const skew = Math.abs((options.nowMs ?? Date.now()) / 1000 - timestamp);
	const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
	if (skew > tolerance) return { ok: false, reason: `timestamp is ${Math.round(skew)} s away from now (at most ${tolerance} s allowed)` };

	const expected = Buffer.from(computeSignature(secret, timestamp, rawBody), 'hex');
	const candidates = signatureText
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part.startsWith(`${SIGNATURE_VERSION}=`))
		.map((part) => Buffer.from(part.slice(SIGNATURE_VERSION.length + 1), 'hex'));
	const matches = candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
	return matches ? { ok: true, id, timestamp } : { ok: false, reason: 'signature does not match' };
}
