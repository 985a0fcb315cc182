/** Date filters, read the same way by every operation: the shared ISO reader, and start before end. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { isoDateTime } from '../shared/dates';
import { fieldError } from '../shared/fieldError';

type DateField = [value: unknown, field: string, label: string];

/** Both ends as ISO 8601 UTC (either may be empty); when both are set the end must come after the start. */
export function dateRange(fn: IExecuteFunctions, itemIndex: number, start: DateField, end: DateField): [string | undefined, string | undefined] {
	const from = isoDateTime(fn, start[0], { field: start[1], label: start[2], itemIndex });
	const to = isoDateTime(fn, end[0], { field: end[1], label: end[2], itemIndex });
	if (from && to && Date.parse(to) <= Date.parse(from)) {
		throw fieldError(fn, end[1], `${end[2]} (${to}) must be after ${start[2]} (${from})`, { itemIndex });
	}
	return [from, to];
}
