/**
 * Date filters as the APIs want them: ISO 8601 in UTC. n8n's date pickers give wall-clock text with
 * no offset, which n8n means in the workflow's time zone, so that is how it is read here too.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from './fieldError';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** How far `zone` is ahead of UTC at the instant `utcMs`, in milliseconds. */
function zoneOffsetMs(utcMs: number, zone: string): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
		})
			.formatToParts(new Date(utcMs))
			.map((part) => [part.type, Number(part.value)]),
	);
	const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return wall - Math.floor(utcMs / 1000) * 1000;
}

/** Wall-clock time in a zone → UTC instant (checked twice, so a DST change between guesses is handled). */
function wallClockToUtc(wallMs: number, zone: string): number {
	const first = wallMs - zoneOffsetMs(wallMs, zone);
	return wallMs - zoneOffsetMs(first, zone);
}

function parse(value: unknown, zone: string): number | undefined {
	if (value instanceof Date) return value.getTime();
	// Luxon DateTime (what n8n expressions like {{ $now }} return).
	if (value && typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		return (value as { toMillis(): number }).toMillis();
	}
	// Epoch numbers: seconds below 10^11 (year 5138), milliseconds above.
	if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
	if (typeof value !== 'string') return undefined;
	const match = ISO.exec(value.trim());
	if (!match) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset] = match;
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.round(Number(`0${fraction}`) * 1000));
	// Date.UTC rolls 2026-02-30 over into March; a date that does not exist is refused instead.
	const check = new Date(wall);
	if (check.getUTCMonth() + 1 !== Number(mo) || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
		return undefined;
	}
	if (!offset) return wallClockToUtc(wall, zone);
	if (offset.toUpperCase() === 'Z') return wall;
	const [, sign, hours, minutes = '00'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
	return wall - (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
}

/**
 * A date parameter as an ISO 8601 UTC string, or undefined when empty. Accepts ISO text (with or
 * without an offset; without one it is the workflow's time zone), a Date, a Luxon DateTime or epoch
 * seconds/milliseconds. Anything else fails the item naming the field.
 */
export function isoDateTime(
	fn: IExecuteFunctions,
	value: unknown,
	{ field, label, itemIndex }: { field: string; label: string; itemIndex: number },
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const zone = fn.getTimezone?.() || 'UTC';
	const ms = parse(value, zone);
	if (ms === undefined || !Number.isFinite(ms)) {
		throw fieldError(fn, field, `${label} must be a date and time such as 2026-05-01T10:00:00 (in the workflow's time zone) or 2026-05-01T10:00:00+02:00, got ${JSON.stringify(value)}`, { itemIndex });
	}
	return new Date(ms).toISOString();
}
