/**
 * TEST STAND-IN for Vapi, served under `/vapi/…` by the vendor stand-ins (../vendor-stand-ins.ts). It is
 * not Vapi's service; it answers as ../shared/spec/apis.md § (b) Vapi documents: `POST /session`
 * (CreateSessionDTO) → 201 `Session` (the DTO's fields plus `id, orgId, createdAt, updatedAt`; `status`
 * active, `expirationSeconds` 86400 by default).
 */
import { randomUUID } from 'node:crypto';

import { isObject, isoNow, type Answer, type Incoming, type VendorApi } from './common';

/** Vapi — apis.md § (b). Error form: NestJS's `{message, error, statusCode}`. */
export function vapi(): VendorApi {
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
