/**
 * Vendor error envelopes → `NodeApiError`, with the vendor's code, message, param and request id kept
 * both in the message a user reads and in the error's context (for continue-on-fail rows).
 */
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

export interface ErrorDetails {
	httpCode?: number;
	type?: string;
	code?: string;
	message?: string;
	param?: string;
	requestId?: string;
}

const str = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

function messageOf(value: unknown): string | undefined {
	if (Array.isArray(value)) return value.map((v) => messageOf(v) ?? JSON.stringify(v)).join('; ');
	if (value && typeof value === 'object') {
		const obj = value as Record<string, unknown>;
		// FastAPI validation detail: [{loc, msg}]
		if (obj.msg) return [Array.isArray(obj.loc) ? obj.loc.join('.') : undefined, str(obj.msg)].filter(Boolean).join(': ');
		return str(obj.message);
	}
	return str(value);
}

/**
 * Reads the envelopes these APIs use:
 * `{error:{type,code,message,param,request_id}}` (Protoface, OpenAI), `{message, error, statusCode}`
 * (Vapi, NestJS-style), `{detail}` (FastAPI-style), `{error: "text"}` and `{message}`.
 */
export function parseErrorEnvelope(body: unknown, headers: Record<string, unknown> = {}): ErrorDetails {
	const header = (name: string) => str(headers[name] ?? headers[name.toLowerCase()]);
	const requestIdHeader = header('x-request-id') ?? header('request-id') ?? header('x-livekit-request-id');
	if (typeof body === 'string') return { message: body.slice(0, 500) || undefined, requestId: requestIdHeader };
	if (!body || typeof body !== 'object') return { requestId: requestIdHeader };
	const root = body as Record<string, unknown>;
	const nested = root.error && typeof root.error === 'object' ? (root.error as Record<string, unknown>) : undefined;
	if (nested) {
		return {
			type: str(nested.type),
			code: str(nested.code),
			message: messageOf(nested.message) ?? messageOf(nested.detail),
			param: str(nested.param),
			requestId: str(nested.request_id) ?? str(root.request_id) ?? requestIdHeader,
		};
	}
	return {
		type: str(root.type) ?? (typeof root.error === 'string' ? root.error : undefined),
		code: str(root.code),
		message: messageOf(root.message) ?? messageOf(root.detail) ?? str(root.error),
		param: str(root.param),
		requestId: str(root.request_id) ?? str(root.requestId) ?? requestIdHeader,
	};
}

/** A JSON Web Token: three base64url parts, the first a JSON header (`eyJ…`). */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;

/**
 * Removes every secret value from a text, and any JWT: vendors echo rejected keys back, and LiveKit
 * quotes the signed request token in its auth errors.
 */
export function redact(text: string, secrets: readonly string[]): string {
	return secrets
		.reduce((out, secret) => (secret && secret.length >= 4 ? out.split(secret).join('[redacted]') : out), text)
		.replace(JWT, '[redacted token]');
}

export const REDACTED = '[redacted]';

/**
 * A copy of `node` with every occurrence of the secrets (4 characters or more) in any of its texts
 * replaced by "[redacted]"; the value at a key named `dropKey` is replaced whole. Unlike `redact`, a
 * JWT is left alone: in a success row a session token is the operation's product.
 */
export function replaceSecrets(node: unknown, secrets: readonly string[], dropKey?: string): unknown {
	const usable = secrets.filter((secret) => secret && secret.length >= 4);
	const walk = (value: unknown, key?: string): unknown => {
		if (dropKey && key === dropKey && value !== undefined && value !== null) return REDACTED;
		if (typeof value === 'string') return usable.reduce((text, secret) => text.split(secret).join(REDACTED), value);
		if (Array.isArray(value)) return value.map((entry) => walk(entry));
		if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
		return value;
	};
	return usable.length || dropKey ? walk(node) : node;
}

export function createApiError(
	node: INode,
	api: string,
	details: ErrorDetails,
	options: { itemIndex?: number; secrets?: readonly string[]; note?: string } = {},
): NodeApiError {
	const secrets = options.secrets ?? [];
	const status = details.httpCode ? ` ${details.httpCode}` : '';
	const code = details.code ? ` [${details.code}]` : '';
	const message = redact(`${api} API error${status}${code}: ${details.message ?? 'no error message returned'}`, secrets);
	const description = redact(
		[
			details.type && `Type: ${details.type}`,
			details.param && `Field: ${details.param}`,
			details.requestId && `Request ID: ${details.requestId}`,
			options.note,
		]
			.filter(Boolean)
			.join(' · '),
		secrets,
	);
	const response: JsonObject = {};
	for (const [key, value] of Object.entries(details)) {
		if (value !== undefined) response[key] = typeof value === 'string' ? redact(value, secrets) : value;
	}
	const error = new NodeApiError(node, response, {
		message,
		description: description || undefined,
		httpCode: details.httpCode ? String(details.httpCode) : undefined,
		itemIndex: options.itemIndex,
	});
	// NodeApiError swaps messages of well-known socket codes (ECONNREFUSED, …) for generic text;
	// ours already says what failed and where, so it is kept.
	error.message = message;
	Object.assign(error.context, { api, ...response });
	return error;
}
