/**
 * TEST STAND-IN. The real-n8n tests' own stand-in for the HTTP APIs of the four vendors the package
 * calls, bound to 127.0.0.1 on a free port. It is not any vendor's service and nothing here is ever
 * sent to one: it answers exactly the endpoints the example workflows (examples/*.json) call, with
 * the request and response shapes the vendors document, as digested in ../shared/spec/apis.md:
 *
 * - `/upliftai/v1/…` — apis.md § (a) UpliftAI Realtime Assistants: `POST /realtime-assistants`
 *   (create assistant; the id field as third-party callers read it, `realtimeAssistantId`) and
 *   `POST /realtime-assistants/{id}/createSession` → `{token, wsUrl, roomName}`, `token` a LiveKit-style
 *   JWT `{exp, iss, jti, name, room, sub, video:{room, roomJoin…}}` and a generated `roomName` like
 *   `support-abc123-1705406400` when none is given.
 * - `/vapi/…` — apis.md § (b) Vapi: `POST /session` (CreateSessionDTO) → 201 `Session` (the DTO's
 *   fields plus `id, orgId, createdAt, updatedAt`; `status` active, `expirationSeconds` 86400 by default).
 * - `/openai/v1/…` — apis.md § (c) OpenAI Realtime, GA `POST /realtime/client_secrets`
 *   `{expires_after, session}` → `{value: "ek_…", expires_at, session}` (the session echoed with an
 *   `id` and the server's defaults).
 * - `/protoface/…` — apis.md § (d) Protoface (the node appends `/v1/…` to the credential's Base URL):
 *   `POST /v1/sessions` (Idempotency-Key: same key and body → the same session, changed body → 409
 *   `conflict`) → 201 session `queued` with `transport.worker_token` read back as "[redacted]";
 *   `GET /v1/sessions/{id}` advances it one step per poll, queued → starting → running (setting
 *   `started_at`, then `first_frame_at`), so "Wait Until Running" ends; `POST /v1/sessions/{id}/end`
 *   (idempotent: `canceled` before start, otherwise `ending`, then `ended` on the next Get).
 *
 * Every vendor route wants `Authorization: Bearer <the key of the test credential>` (TEST_KEYS) and
 * answers 401 in the vendor's error form otherwise. Unknown routes answer 404 in the vendor's error
 * form. Every request, known or not, is recorded; `GET /__requests` returns the records as JSON and
 * `DELETE /__requests` clears them, so the test files (other processes than global setup) can read
 * them over HTTP (with the answer each request got).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { TEST_KEYS } from './fixtures';

export type Vendor = 'upliftai' | 'vapi' | 'openai' | 'protoface';

/** One request as the stand-in received it. */
export interface RecordedVendorRequest {
	/** Which vendor prefix the request came in under; `unknown` for none of them. */
	vendor: Vendor | 'unknown';
	method: string;
	/** The path as the real vendor would see it, without the stand-in's vendor prefix (e.g. `/v1/sessions`). */
	path: string;
	/** The path as received, with the prefix (e.g. `/protoface/v1/sessions`). */
	rawPath: string;
	/** The query string; a key given twice becomes a list. */
	query: Record<string, string | string[]>;
	/** The headers the tests assert on, lower-cased: authorization, content-type, accept, idempotency-key, openai-*, x-*. */
	headers: Record<string, string>;
	/** Parsed JSON; `{multipart: bytes}` for multipart bodies; the text for anything else; null when empty. */
	body: unknown;
	/** The status the stand-in answered. */
	status: number;
	/** The body it answered with (so a test can tie an output row to the answer it came from). */
	response: unknown;
}

export interface VendorStandIns {
	/** http://127.0.0.1:<port> */
	url: string;
	close(): Promise<void>;
}

export interface VendorStandInOptions {
	/** The API key each vendor accepts (default: the test credentials' keys, TEST_KEYS). */
	keys?: Partial<Record<Vendor, string>>;
}

const DEFAULT_KEYS: Record<Vendor, string> = {
	upliftai: TEST_KEYS.upliftai,
	vapi: TEST_KEYS.vapi,
	openai: TEST_KEYS.openaiRealtime,
	protoface: TEST_KEYS.protoface,
};

/** Where the stand-in's UpliftAI sessions say a client connects (a name, never dialled by the tests). */
export const UPLIFTAI_WS_URL = 'wss://upliftai-livekit.stand-in.test';
/** The issuer of the stand-in's UpliftAI session tokens. */
export const UPLIFTAI_TOKEN_ISSUER = 'APIupliftStandIn';
const UPLIFTAI_TOKEN_SECRET = randomBytes(32);

interface Answer {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

interface Incoming {
	method: string;
	/** The path after the vendor prefix. */
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: unknown;
}

const KEPT_HEADERS = /^(authorization|content-type|accept|idempotency-key|openai-.*|x-.*)$/;

function keptHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && KEPT_HEADERS.test(name.toLowerCase())) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of query) {
		const previous = out[key];
		out[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
	}
	return out;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	if (raw.length === 0) return null;
	if (/multipart\//i.test(contentType ?? '')) return { multipart: raw.length };
	const text = raw.toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const isoNow = () => new Date().toISOString();
const bearer = (headers: IncomingMessage['headers']) => /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1];

/** A ULID-like id (26 Crockford base-32 characters), as Protoface's `sess_…` ids look. */
function ulid(): string {
	const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	return Array.from(randomBytes(26), (byte) => alphabet[byte % 32]).join('');
}

/** A HS256 JWT with LiveKit's claims, signed with the stand-in's own secret. */
function liveKitStyleJwt(claims: Json): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
	return `${unsigned}.${createHmac('sha256', UPLIFTAI_TOKEN_SECRET).update(unsigned).digest('base64url')}`;
}

/** Deep merge for echoing a request over the server's defaults (objects merge, everything else replaces). */
function merge(defaults: Json, given: Json): Json {
	const out: Json = { ...defaults };
	for (const [key, value] of Object.entries(given)) out[key] = isObject(value) && isObject(out[key]) ? merge(out[key] as Json, value) : value;
	return out;
}

// ---------------------------------------------------------------------------------------------
// UpliftAI — apis.md § (a). Error form as the UpliftAI tests use it: `{error: {code, message}}`.

function upliftAi() {
	const assistants = new Map<string, Json>();
	const error = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });
	return {
		unauthorized: () => error(401, 'invalid_api_key', 'Invalid or missing API key'),
		notFound: (req: Incoming) => error(404, 'not_found', `Cannot ${req.method} ${req.path}`),
		route(req: Incoming): Answer | undefined {
			if (req.method === 'POST' && req.path === '/v1/realtime-assistants') {
				const body = isObject(req.body) ? req.body : {};
				if (typeof body.name !== 'string' || !isObject(body.config)) return error(400, 'invalid_request', 'name and config are required');
				const id = `ra_${randomBytes(6).toString('hex')}`;
				const assistant = { realtimeAssistantId: id, name: body.name, description: body.description ?? null, public: body.public ?? false, config: body.config };
				assistants.set(id, assistant);
				return { status: 201, body: assistant };
			}
			const session = /^\/v1\/realtime-assistants\/([^/]+)\/createSession$/.exec(req.path);
			if (req.method === 'POST' && session) {
				const id = decodeURIComponent(session[1]);
				const assistant = assistants.get(id);
				if (!assistant) return error(404, 'assistant_not_found', `Realtime assistant ${id} not found`);
				const body = isObject(req.body) ? req.body : {};
				if (typeof body.participantName !== 'string' || body.participantName === '') return error(400, 'invalid_request', 'participantName is required');
				const ttl = Number(((assistant.config as Json).session as Json | undefined)?.ttl ?? 1800);
				const roomName = typeof body.roomName === 'string' && body.roomName ? body.roomName : `support-${randomBytes(3).toString('hex')}-${nowSeconds()}`;
				const identity = `user-${randomBytes(4).toString('hex')}`;
				const token = liveKitStyleJwt({
					exp: nowSeconds() + ttl,
					iss: UPLIFTAI_TOKEN_ISSUER,
					jti: identity,
					name: body.participantName,
					room: roomName,
					sub: identity,
					video: { room: roomName, roomJoin: true, roomAdmin: false, roomCreate: false, roomList: false },
				});
				return { status: 200, body: { token, wsUrl: UPLIFTAI_WS_URL, roomName } };
			}
			return undefined;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Vapi — apis.md § (b). Error form: NestJS's `{message, error, statusCode}`.

function vapi() {
	const error = (status: number, name: string, message: string | string[]): Answer => ({ status, body: { message, error: name, statusCode: status } });
	return {
		unauthorized: () => error(401, 'Unauthorized', 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.'),
		notFound: (req: Incoming) => error(404, 'Not Found', `Cannot ${req.method} ${req.path}`),
		route(req: Incoming): Answer | undefined {
			if (req.method === 'POST' && req.path === '/session') {
				const body = isObject(req.body) ? req.body : {};
				if (typeof body.name === 'string' && body.name.length > 40) return error(400, 'Bad Request', ['name must be shorter than or equal to 40 characters']);
				const now = isoNow();
				const session = {
					id: randomUUID(),
					orgId: '6f1c0000-0000-4000-8000-000000000001',
					createdAt: now,
					updatedAt: now,
					status: 'active',
					expirationSeconds: 86_400,
					...body,
				};
				return { status: 201, body: session };
			}
			return undefined;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// OpenAI — apis.md § (c). Error form: `{error: {message, type, param, code}}`.

function openAi() {
	const error = (status: number, message: string, code: string | null, param: string | null = null): Answer => ({
		status,
		body: { error: { message, type: 'invalid_request_error', param, code } },
		headers: { 'x-request-id': `req_${randomBytes(8).toString('hex')}` },
	});
	return {
		unauthorized: () => error(401, 'Incorrect API key provided.', 'invalid_api_key'),
		notFound: (req: Incoming) => error(404, `Invalid URL (${req.method} /v1${req.path.replace(/^\/v1/, '')})`, null),
		route(req: Incoming): Answer | undefined {
			if (req.method === 'POST' && req.path === '/v1/realtime/client_secrets') {
				const body = isObject(req.body) ? req.body : {};
				const seconds = Number((body.expires_after as Json | undefined)?.seconds ?? 600);
				if (!Number.isInteger(seconds) || seconds < 10 || seconds > 7200) return error(400, 'expires_after.seconds must be from 10 to 7200', 'invalid_value', 'expires_after.seconds');
				const given = isObject(body.session) ? body.session : {};
				if (given.type !== undefined && given.type !== 'realtime') return error(400, 'The stand-in answers realtime sessions only', 'invalid_value', 'session.type');
				const pcm = { type: 'audio/pcm', rate: 24000 };
				const defaults: Json = {
					type: 'realtime',
					object: 'realtime.session',
					id: `sess_${randomBytes(10).toString('hex')}`,
					model: 'gpt-realtime',
					output_modalities: ['audio'],
					instructions: '',
					tools: [],
					tool_choice: 'auto',
					max_output_tokens: 'inf',
					tracing: null,
					truncation: 'auto',
					prompt: null,
					expires_at: 0,
					include: null,
					audio: {
						input: { format: pcm, transcription: null, noise_reduction: null, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, idle_timeout_ms: null, create_response: true, interrupt_response: true } },
						output: { format: pcm, voice: 'marin', speed: 1 },
					},
				};
				// A turn detection given replaces the default one as a whole (its type decides its fields).
				const input = ((given.audio as Json | undefined)?.input as Json | undefined) ?? {};
				const session = merge(defaults, given);
				if (input.turn_detection !== undefined) ((session.audio as Json).input as Json).turn_detection = input.turn_detection;
				return { status: 200, body: { value: `ek_${randomBytes(16).toString('hex')}`, expires_at: nowSeconds() + seconds, session } };
			}
			return undefined;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Protoface — apis.md § (d). Error form: `{error: {type, code, message, param, request_id}}`.

const PROTOFACE_TERMINAL = ['ended', 'failed', 'canceled'];

function protoface() {
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

// ---------------------------------------------------------------------------------------------

/** Starts the stand-ins on 127.0.0.1 (a free port). */
export async function startVendorStandIns(options: VendorStandInOptions = {}): Promise<VendorStandIns> {
	const keys = { ...DEFAULT_KEYS, ...options.keys };
	const vendors = { upliftai: upliftAi(), vapi: vapi(), openai: openAi(), protoface: protoface() };
	const requests: RecordedVendorRequest[] = [];

	const send = (response: ServerResponse, answer: Answer) => {
		const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
		response.writeHead(answer.status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...answer.headers });
		response.end(text);
	};

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === '/__requests') {
			// Never kept alive: a test reads these after an `n8n execute` that can outlast the keep-alive
			// timeout, and a pooled socket the server closed meanwhile would fail the read.
			const close = { connection: 'close' };
			if (request.method === 'GET') return send(response, { status: 200, body: requests, headers: close });
			if (request.method === 'DELETE') {
				requests.length = 0;
				return send(response, { status: 204, headers: close });
			}
			return send(response, { status: 405, body: { error: 'GET or DELETE' }, headers: close });
		}
		const raw = await readBody(request);
		const prefix = /^\/(upliftai|vapi|openai|protoface)(\/.*)?$/.exec(url.pathname);
		const vendor = (prefix?.[1] ?? 'unknown') as Vendor | 'unknown';
		const incoming: Incoming = {
			method: request.method ?? 'GET',
			path: prefix ? (prefix[2] ?? '/') : url.pathname,
			query: url.searchParams,
			headers: request.headers,
			body: parseBody(raw, request.headers['content-type']),
		};
		let answer: Answer;
		if (vendor === 'unknown') {
			answer = { status: 404, body: { error: { type: 'not_found', message: `No vendor stand-in at ${url.pathname}` } } };
		} else {
			const api = vendors[vendor];
			if (bearer(request.headers) !== keys[vendor]) answer = api.unauthorized();
			else answer = api.route(incoming) ?? api.notFound(incoming);
		}
		requests.push({
			vendor,
			method: incoming.method,
			path: incoming.path,
			rawPath: url.pathname,
			query: queryObject(url.searchParams),
			headers: keptHeaders(request.headers),
			body: incoming.body,
			status: answer.status,
			response: answer.body ?? null,
		});
		send(response, answer);
	};

	const server = createServer((request, response) => {
		handle(request, response).catch((error: Error) => {
			if (!response.headersSent) send(response, { status: 500, body: { error: { type: 'internal', message: `stand-in failure: ${error.message}` } } });
			else response.destroy(error);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** The stand-ins' records, read over HTTP (from any process: the server lives in global setup's). */
export async function standInRequests(url: string): Promise<RecordedVendorRequest[]> {
	const response = await fetch(`${url}/__requests`);
	if (!response.ok) throw new Error(`GET /__requests answered ${response.status}`);
	return (await response.json()) as RecordedVendorRequest[];
}

/** Clears the stand-ins' records. */
export async function clearStandInRequests(url: string): Promise<void> {
	const response = await fetch(`${url}/__requests`, { method: 'DELETE' });
	if (!response.ok) throw new Error(`DELETE /__requests answered ${response.status}`);
}
