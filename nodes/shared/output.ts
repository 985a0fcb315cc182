/**
 * The Result Format every operation offers:
 * - Structured Table: one flat row per result; nested objects become dotted columns
 *   (`config.stt.default.provider`), arrays become JSON text so a row always fits a sheet cell.
 * - Raw Response: one row `{body, status}` exactly as received, plus `headers` when asked for.
 */
import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from './objects';

export type ResultFormat = 'structured' | 'raw';

export interface RawResult {
	body: unknown;
	status: number;
	headers?: Record<string, string>;
}


export function flattenRow(value: IDataObject, prefix = '', out: IDataObject = {}): IDataObject {
	for (const [key, child] of Object.entries(value)) {
		const column = prefix ? `${prefix}.${key}` : key;
		if (isPlainObject(child) && Object.keys(child).length > 0) flattenRow(child, column, out);
		else if (isPlainObject(child)) out[column] = null;
		else if (Array.isArray(child)) out[column] = JSON.stringify(child);
		else if (child instanceof Date) out[column] = child.toISOString();
		else out[column] = child === undefined ? null : child;
	}
	return out;
}

export function formatResult(
	format: ResultFormat,
	raw: RawResult,
	rows: IDataObject[],
	includeHeaders: boolean,
): IDataObject[] {
	if (format === 'raw') {
		const row: IDataObject = { body: raw.body as IDataObject, status: raw.status };
		if (includeHeaders && raw.headers) row.headers = raw.headers;
		return [row];
	}
	return rows.map((row) => flattenRow(row));
}

/** LiveKit/JWT `exp` (seconds since epoch) as an ISO date, or null when absent. */
export function epochSecondsToIso(seconds: unknown): string | null {
	const n = typeof seconds === 'bigint' ? Number(seconds) : Number(seconds);
	return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : null;
}

/** Reads the `exp` claim of a JWT without verifying it (the issuer verifies; we only report it). */
export function jwtExpiry(token: unknown): string | null {
	if (typeof token !== 'string') return null;
	const payload = token.split('.')[1];
	if (!payload) return null;
	try {
		return epochSecondsToIso(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).exp);
	} catch {
		return null;
	}
}
