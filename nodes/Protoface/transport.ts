/** Protoface API: where requests go, and the hints added to the errors users most often meet. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SendContext } from '../shared/runner';
import { credentialApiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';

export const API_NAME = 'Protoface';
export const CREDENTIAL = 'protofaceApi';
export const DEFAULT_BASE_URL = 'https://api.protoface.com';

export interface ProtofaceCredential {
	apiKey?: string;
	baseUrl?: string;
}

/**
 * The credential's Base URL without a trailing `/v1`: the API reference writes the base URL as
 * `https://api.protoface.com/v1`, while every request path here starts with `/v1/`.
 */
export function protofaceBaseUrl(value: unknown): string {
	const url = String(value ?? '').trim().replace(/\/+$/, '').replace(/\/v1$/i, '');
	return url || DEFAULT_BASE_URL;
}

export async function credentialBaseUrl(fn: IExecuteFunctions): Promise<string> {
	const credential = ((await fn.getCredentials<ProtofaceCredential>(CREDENTIAL)) ?? {}) as ProtofaceCredential;
	return protofaceBaseUrl(credential.baseUrl);
}

/** Hints an operation gives for its own requests (e.g. Create knows where its Idempotency-Key came from). */
export interface RequestHints {
	conflict?: string;
}

export const CONFLICT_HINT = 'Conflict: the resource is not in a state that allows this yet (e.g. the avatar is still processing); retry later';

/** Per-status advice appended to the error's description (the API's own code and message stay first). */
function hint(status: number, details: IDataObject, hints: RequestHints): string | undefined {
	if (status === 402) return 'Protoface has no credits left for this: top up credits (or change plan) in the Protoface dashboard, then run again';
	if (status === 409) return hints.conflict ?? CONFLICT_HINT;
	if (status === 422) return `Protoface rejected a field value${details.code ? ` (${String(details.code)})` : ''}; see Field for which one`;
	// 429 is shared by rate_limit (retrying helps) and quota_exceeded (a plan ceiling: it does not, yet).
	if (status === 429 && details.type === 'quota_exceeded') {
		return 'A plan limit is full (e.g. concurrent sessions): retrying helps only once capacity frees up. End sessions you no longer need (Session → End) or raise your plan';
	}
	return undefined;
}

type ApiError = Error & { description?: string | null; context: IDataObject; httpCode?: string | null };

/** Adds a hint to an API error, in place (it keeps its class, code, request id and item index). */
function withHint(error: ApiError, hints: RequestHints): ApiError {
	const status = Number(error.context?.httpCode ?? error.httpCode);
	const note = hint(status, error.context ?? {}, hints);
	if (note) error.description = [error.description, note].filter(Boolean).join(' · ');
	return error;
}

const PROTOFACE = { name: API_NAME, credentialType: CREDENTIAL, defaultBaseUrl: DEFAULT_BASE_URL, baseUrlOf: protofaceBaseUrl };

/** An authenticated call with the node's Protoface credential. */
export async function protofaceRequest(
	this: IExecuteFunctions,
	request: ApiRequest,
	context: SendContext,
	hints: RequestHints = {},
): Promise<ApiResponse> {
	try {
		return await credentialApiRequest.call(this, PROTOFACE, request, context);
	} catch (error) {
		throw withHint(error as ApiError, hints);
	}
}

export { pathSegment as segment } from '../shared/transport/http';

/**
 * Query pairs as the request's `qs`, a key given twice becoming a list. Protoface reads multi-value
 * filters as repeated keys (`status=a&status=b`), so these requests use `arrayFormat: 'repeat'`.
 */
export function queryOf(pairs: Array<[string, string | number | undefined]>): IDataObject {
	const qs: IDataObject = {};
	for (const [key, value] of pairs) {
		if (value === undefined || value === '') continue;
		const previous = qs[key];
		qs[key] = previous === undefined ? value : ([] as Array<string | number>).concat(previous as string | number, value);
	}
	return qs;
}
