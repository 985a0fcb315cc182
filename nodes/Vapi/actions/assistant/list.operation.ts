import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { MAX_LIST_LIMIT } from '../../../../src/vendors/vapi';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { assistantRow, listEntries } from '../../rows';
import { vapiRequest } from '../../transport';
import { dateFilterProperties, dateFilters } from '../listFilters';

const properties: INodeProperties[] = [
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LIST_LIMIT },
		default: 50,
		description: 'Max number of results to return',
	},
	{ displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options: dateFilterProperties },
];

export const description = updateDisplayOptions({ show: { resource: ['assistant'], operation: ['list'] } }, properties);

interface Prepared {
	qs: IDataObject;
}

/** Vapi's assistant list has no pages: one request with `limit` (at most 1000) returns an array. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
		throw fieldError(this, 'limit', `Limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${JSON.stringify(limit)}`, { itemIndex });
	}
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return { qs: { limit, ...dateFilters(this, filters, itemIndex) } };
}

export async function send(this: IExecuteFunctions, { qs }: Prepared, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'GET', path: '/assistant', qs }, context);
	return { raw, rows: listEntries(raw.body).slice(0, Number(qs.limit)).map(assistantRow) };
}
