/** Date filters both Vapi list endpoints take (createdAt/updatedAt with Gt, Ge, Lt, Le). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldError } from '../../shared/fieldError';

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
		description: `Only items whose ${kind}At is ${label.toLowerCase()} this date and time`,
	})),
);

export const DATE_FILTER_NAMES = dateFilterProperties.map((property) => property.name);

/** Checks the date filters parse, so a typo fails before any request instead of as a Vapi 400. */
export function dateFilters(fn: IExecuteFunctions, filters: IDataObject, itemIndex: number): IDataObject {
	const qs: IDataObject = {};
	for (const name of DATE_FILTER_NAMES) {
		const value = filters[name];
		if (value === undefined || value === null || value === '') continue;
		const text = value instanceof Date ? value.toISOString() : String(value);
		if (Number.isNaN(Date.parse(text))) {
			throw fieldError(fn, name, `Filter "${name}" must be a date and time such as 2025-01-31T12:00:00Z, got ${JSON.stringify(text)}`, { itemIndex });
		}
		qs[name] = text;
	}
	return qs;
}
