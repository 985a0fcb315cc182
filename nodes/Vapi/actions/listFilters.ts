/** Date filters both Vapi list endpoints take (createdAt/updatedAt with Gt, Ge, Lt, Le). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isoDateTime } from '../../shared/dates';

const COMPARISONS = [
	{ suffix: 'Gt', label: 'After' },
	{ suffix: 'Ge', label: 'At or After' },
	{ suffix: 'Le', label: 'At or Before' },
	{ suffix: 'Lt', label: 'Before' },
] as const;

export const dateFilterProperties: INodeProperties[] = (['created', 'updated'] as const).flatMap((kind) =>
	COMPARISONS.map(({ suffix, label }) => ({
		displayName: `${kind === 'created' ? 'Created' : 'Updated'} ${label}`,
		name: `${kind}At${suffix}`,
		type: 'dateTime' as const,
		default: '',
		description: `Only items whose ${kind}At is ${label.toLowerCase()} this date and time (without an offset, in the workflow's time zone)`,
	})),
);

/**
 * The date filters as ISO 8601 UTC, read the way n8n means its date pickers (workflow time zone);
 * anything that is not a date fails before any request instead of as a Vapi 400.
 */
export function dateFilters(fn: IExecuteFunctions, filters: IDataObject, itemIndex: number): IDataObject {
	const qs: IDataObject = {};
	for (const { name, displayName } of dateFilterProperties) {
		const value = isoDateTime(fn, filters[name], { field: name, label: `Filter "${displayName}"`, itemIndex });
		if (value !== undefined) qs[name] = value;
	}
	return qs;
}
