/** Small object helpers every node's request building and row mapping share. */
import type { IDataObject } from 'n8n-workflow';

export const isPlainObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

export const isEmptyObject = (value: unknown): boolean => isPlainObject(value) && Object.keys(value).length === 0;

/** A response body as an object: an object stays as it is, anything else becomes `{value}`. */
export const asObject = (body: unknown): IDataObject =>
	isPlainObject(body) ? body : body === undefined || body === null || body === '' ? {} : { value: body as string };

const isUnset = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Drops unset values (undefined, null, blank text) so only what the user set is sent. */
export function compact(values: Record<string, unknown>): IDataObject {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => !isUnset(value))) as IDataObject;
}

/** Deep merge: objects merge key by key, anything else from `top` replaces what `base` has. */
export function deepMerge(base: IDataObject, top: IDataObject): IDataObject {
	const out: IDataObject = { ...base };
	for (const [key, value] of Object.entries(top)) {
		out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as IDataObject, value) : value;
	}
	return out;
}
