import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../shared/fieldError';

/** A dateTime parameter as ISO 8601 UTC; a value without an offset counts as UTC (n8n gives none). */
export function isoTime(fn: IExecuteFunctions, value: unknown, field: string, label: string, itemIndex: number): string | undefined {
	const text = typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : '';
	if (!text) return undefined;
	const zoned = /(z|[+-]\d{2}:?\d{2})$/i.test(text) || !text.includes('T');
	const date = new Date(zoned ? text : `${text}Z`);
	if (Number.isNaN(date.getTime())) {
		throw fieldError(fn, field, `${label} must be a date and time, e.g. 2026-05-01T00:00:00Z, got ${JSON.stringify(text)}`, { itemIndex });
	}
	return date.toISOString();
}
