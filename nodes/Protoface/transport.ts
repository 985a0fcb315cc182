/** Protoface API: where requests go, and the hints added to the errors users most often meet. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SendContext } from '../shared/runner';
import { redact } from '../shared/transport/errors';
import { apiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';

export const API_NAME = 'Protoface';
export const CREDENTIAL = 'protofaceApi';
export const DEFAULT_BASE_URL = 'https://api.protoface.com';

interface ProtofaceCredential {
	apiKey?: string;
	baseUrl?: string;
}

/** Per-status advice appended to the error's description (the API's own code and message stay first). */
function hint(status: number, code: string | undefined, request: ApiRequest): string | undefined {
	if (status === 402) return 'Protoface has no credits left for this: top up credits (or change plan) in the Protoface dashboard, then run again';
	if (status === 409 && request.headers?.['Idempotency-Key']) {
		return (
			'Conflict: either the resource is not ready (e.g. the avatar is still processing; retry later) or this ' +
			'Idempotency-Key was already used with a different body within 24 h (use a new key, or leave it empty to generate one)'
		);
	}
	if (status === 409) return 'Conflict: the resource is not in a state that allows this yet (e.g. the avatar is still processing); retry later';
	if (status === 422) return `Protoface rejected a field value${code ? ` (${code})` : ''}; see Field for which one`;
	return undefined;
}

type ApiError = Error & { description?: string | null; context: IDataObject; httpCode?: string | null };

/** Adds a hint to an API error, in place (it keeps its class, code, request id and item index). */
function withHint(error: ApiError, request: ApiRequest): ApiError {
	const status = Number(error.context?.httpCode ?? error.httpCode);
	const note = hint(status, error.context?.code as string | undefined, request);
	if (note) error.description = [error.description, note].filter(Boolean).join(' · ');
	return error;
}

/**
 * Scrubs values that must never surface (worker tokens) from an error's message, description and
 * context, in place. The shared redaction already removes credential secrets and any JWT; this makes
 * it hold for pasted tokens that are not JWTs too.
 */
export function scrubError<E>(error: E, secrets: readonly string[]): E {
	const target = error as ApiError;
	if (!target || typeof target !== 'object') return error;
	if (typeof target.message === 'string') target.message = redact(target.message, secrets);
	if (typeof target.description === 'string') target.description = redact(target.description, secrets);
	for (const [key, value] of Object.entries(target.context ?? {})) {
		if (typeof value === 'string') target.context[key] = redact(value, secrets);
	}
	return error;
}

/** An authenticated call with the node's Protoface credential. */
export async function protofaceRequest(
	this: IExecuteFunctions,
	request: ApiRequest,
	{ itemIndex, settings }: SendContext,
): Promise<ApiResponse> {
	const credential = ((await this.getCredentials<ProtofaceCredential>(CREDENTIAL)) ?? {}) as ProtofaceCredential;
	const baseUrl = credential.baseUrl || DEFAULT_BASE_URL;
	try {
		return await apiRequest.call(this, { name: API_NAME, baseUrl, credentialType: CREDENTIAL }, request, settings, itemIndex);
	} catch (error) {
		throw withHint(error as ApiError, request);
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
