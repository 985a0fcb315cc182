/**
 * TEST STAND-IN for UpliftAI Realtime Assistants, served under `/upliftai/v1/…` by the vendor stand-ins
 * (../vendor-stand-ins.ts). It is not UpliftAI's service; it answers as ../shared/spec/apis.md § (a)
 * UpliftAI Realtime Assistants documents: `POST /realtime-assistants` (create assistant; the id field
 * as third-party callers read it, `realtimeAssistantId`) and `POST /realtime-assistants/{id}/createSession`
 * → `{token, wsUrl, roomName}`, `token` a LiveKit-style JWT `{exp, iss, jti, name, room, sub,
 * video:{room, roomJoin…}}` and a generated `roomName` like `support-abc123-1705406400` when none is given.
 */
import { createHmac, randomBytes } from 'node:crypto';

import { isObject, nowSeconds, type Answer, type Incoming, type Json, type VendorApi } from './common';

/** Where the stand-in's UpliftAI sessions say a client connects (a name, never dialled by the tests). */
export const UPLIFTAI_WS_URL = 'wss://upliftai-livekit.stand-in.test';
/** The issuer of the stand-in's UpliftAI session tokens. */
export const UPLIFTAI_TOKEN_ISSUER = 'APIupliftStandIn';
const UPLIFTAI_TOKEN_SECRET = randomBytes(32);

/** A HS256 JWT with LiveKit's claims, signed with the stand-in's own secret. */
function liveKitStyleJwt(claims: Json): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
	return `${unsigned}.${createHmac('sha256', UPLIFTAI_TOKEN_SECRET).update(unsigned).digest('base64url')}`;
}

/** UpliftAI — apis.md § (a). Error form as the UpliftAI tests use it: `{error: {code, message}}`. */
export function upliftAi(): VendorApi {
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
