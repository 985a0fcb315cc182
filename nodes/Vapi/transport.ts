/** Vapi API: where requests go, and the helpers every Vapi operation shares to read its input. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod';

import { validateWith } from '../../src/config/validate';
import { VAPI_DEFAULT_BASE_URL } from '../../src/vendors/vapi';
import { validated } from '../shared/bodyInput';
import type { SendContext } from '../shared/runner';
import { apiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';

export const API_NAME = 'Vapi';
export const CREDENTIAL = 'vapiApi';

/** An authenticated call with the node's Vapi credential. */
export async function vapiRequest(this: IExecuteFunctions, request: ApiRequest, { itemIndex, settings }: SendContext): Promise<ApiResponse> {
	const credential = (await this.getCredentials<{ baseUrl?: string }>(CREDENTIAL)) ?? {};
	const baseUrl = credential.baseUrl || VAPI_DEFAULT_BASE_URL;
	return await apiRequest.call(this, { name: API_NAME, baseUrl, credentialType: CREDENTIAL }, request, settings, itemIndex);
}

export { pathSegment as segment } from '../shared/transport/http';

export { jsonObjectParameter, jsonParameter } from '../shared/bodyInput';

/** Validates a request body with the vendor schema: `Invalid Vapi request: body.name must …`. */
export function validateBody<T>(fn: IExecuteFunctions, schema: z.ZodType<T>, body: unknown, itemIndex: number): T {
	return validated(fn, itemIndex, 'Invalid Vapi request', validateWith(schema, body, 'body'));
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Drops unset values (empty text, undefined, null) so only what the user set is sent. */
export function compact(values: Record<string, unknown>): IDataObject {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => !isEmpty(value))) as IDataObject;
}

const isPlainObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Deep merge: objects merge key by key, anything else from `top` replaces what `base` has. */
export function deepMerge(base: IDataObject, top: IDataObject): IDataObject {
	const out: IDataObject = { ...base };
	for (const [key, value] of Object.entries(top)) {
		out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as IDataObject, value) : value;
	}
	return out;
}
