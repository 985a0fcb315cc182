/**
 * TEST STAND-IN for Protoface, served under `/protoface/…` by the vendor stand-ins
 * (../vendor-stand-ins.ts; the node appends `/v1/…` to the credential's Base URL). It is not
 * Protoface's service; it answers as ../shared/spec/apis.md § (d) Protoface documents:
 * `POST /v1/sessions` (Idempotency-Key: same key and body → the same session, changed body → 409
 * `conflict`) → 201 session `queued` with `transport.worker_token` read back as "[redacted]";
 * `GET /v1/sessions/{id}` advances it one step per poll, queued → starting → running (setting
 * `started_at`, then `first_frame_at`), so "Wait Until Running" ends; `POST /v1/sessions/{id}/end`
 * (idempotent: `canceled` before start, otherwise `ending`, then `ended` on the next Get).
 */
import { randomBytes } from 'node:crypto';

import { isObject, isoNow, type Answer, type Incoming, type Json, type VendorApi } from './common';

/** A ULID-like id (26 Crockford base-32 characters), as Protoface's `sess_…` ids look. */
function ulid(): string {
	const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	return Array.from(randomBytes(26), (byte) => alphabet[byte % 32]).join('');
}

const PROTOFACE_TERMINAL = ['ended', 'failed', 'canceled'];

/** Protoface — apis.md § (d). Error form: `{error: {type, code, message, param, request_id}}`. */
export function protoface(): VendorApi {
	const sessions = new Map<string, Json>();
	const byKey = new Map<string, { body: string; id: string }>();
	const requestId = () => `req_${randomBytes(8).toString('hex')}`;
	const error = (status: number, type: string, code: string, message: string, param: string | null = null): Answer => {
		const id = requestId();
		return { status, body: { error: { type, code, message, param, request_id: id } }, headers: { 'x-request-id': id } };
	};
	const ok = (status: number, body: unknown): Answer => ({ status, body, headers: { 'x-request-id': requestId() } });
	const view = (session: Json) => structuredClone(session);

	/** One step of the lifecycle per Get: queued → starting → running; ending → ended. */
	function advance(session: Json) {
		const now = isoNow();
		if (session.status === 'queued' || session.status === 'created') Object.assign(session, { status: 'starting', started_at: now });
		else if (session.status === 'starting') Object.assign(session, { status: 'running', first_frame_at: now });
		else if (session.status === 'running') session.usage = { billable_seconds: Math.round((Date.now() - Date.parse(String(session.started_at))) / 1000), frames: Number((session.usage as Json).frames) + 25 };
		else if (session.status === 'ending') Object.assign(session, { status: 'ended', ended_at: now });
	}

	return {
		unauthorized: () => error(401, 'authentication', 'invalid_api_key', 'Invalid API key'),
		notFound: (req: Incoming) => error(404, 'not_found', 'route_not_found', `No route ${req.method} ${req.path}`),
		route(req: Incoming): Answer | undefined {
			if (req.method === 'POST' && req.path === '/v1/sessions') {
				const body = isObject(req.body) ? req.body : {};
				const transport = isObject(body.transport) ? body.transport : undefined;
				if (typeof body.avatar_id !== 'string' || !body.avatar_id) return error(400, 'invalid_request', 'missing_field', 'avatar_id is required', 'avatar_id');
				if (!transport) return error(400, 'invalid_request', 'missing_field', 'transport is required', 'transport');
				if (transport.type === 'websocket' || transport.type === 'pipecat') return error(400, 'invalid_request', 'transport.unsupported', `transport.type=${String(transport.type)} is reserved and not yet available`, 'transport.type');
				for (const field of ['url', 'room_name', 'worker_token'] as const) {
					if (typeof transport[field] !== 'string' || !transport[field]) return error(400, 'invalid_request', 'missing_field', `transport.${field} is required`, `transport.${field}`);
				}
				const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
				const fingerprint = JSON.stringify(body);
				if (key) {
					const earlier = byKey.get(key);
					if (earlier && earlier.body !== fingerprint) return error(409, 'conflict', 'idempotency_key_reused', 'Idempotency-Key was used with a different request body');
					if (earlier) return ok(201, view(sessions.get(earlier.id)!));
				}
				const session: Json = {
					id: `sess_${ulid()}`,
					object: 'session',
					status: 'queued',
					avatar_id: body.avatar_id,
					transport: { worker_identity: 'protoface-worker', audio_source: 'data_stream', ...transport, worker_token: '[redacted]' },
					quality: body.quality ?? 'standard',
					max_duration_seconds: body.max_duration_seconds ?? 600,
					idle_timeout_seconds: body.idle_timeout_seconds ?? 30,
					metadata: body.metadata ?? {},
					created_at: isoNow(),
					started_at: null,
					first_frame_at: null,
					ended_at: null,
					failed_at: null,
					failure: null,
					usage: { billable_seconds: 0, frames: 0 },
					billing_surface: 'api',
				};
				sessions.set(String(session.id), session);
				if (key) byKey.set(key, { body: fingerprint, id: String(session.id) });
				return ok(201, view(session));
			}
			const get = /^\/v1\/sessions\/([^/]+)$/.exec(req.path);
			if (req.method === 'GET' && get) {
				const session = sessions.get(decodeURIComponent(get[1]));
				if (!session) return error(404, 'not_found', 'session_not_found', `No session ${decodeURIComponent(get[1])}`, 'session_id');
				advance(session);
				return ok(200, view(session));
			}
			const end = /^\/v1\/sessions\/([^/]+)\/end$/.exec(req.path);
			if (req.method === 'POST' && end) {
				const session = sessions.get(decodeURIComponent(end[1]));
				if (!session) return error(404, 'not_found', 'session_not_found', `No session ${decodeURIComponent(end[1])}`, 'session_id');
				if (session.status === 'queued' || session.status === 'created') Object.assign(session, { status: 'canceled', ended_at: isoNow() });
				else if (!PROTOFACE_TERMINAL.includes(String(session.status)) && session.status !== 'ending') session.status = 'ending';
				return ok(200, view(session));
			}
			return undefined;
		},
	};
}
