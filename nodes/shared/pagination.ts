/**
 * "Return All" for list operations: follows the API's pages (page numbers or cursors) until the
 * last one, or until Limit items are collected. A page cap keeps a misbehaving API (a cursor that
 * never ends) from looping forever.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldError } from './fieldError';
import type { ApiResponse } from './transport/http';

export const MAX_PAGES = 1000;

export interface Page<Cursor> {
	response: ApiResponse;
	items: IDataObject[];
	/** Where the next page starts; undefined on the last page. */
	next: Cursor | undefined;
}

export interface Collected {
	items: IDataObject[];
	/** Every page's response, in order (Raw Response shows them all when more than one was read). */
	responses: ApiResponse[];
}

/**
 * Reads pages from `first` on. `limit` (when not returning all) stops early and trims the result,
 * so "Limit 250" with 100 per page reads three pages and returns exactly 250 items.
 */
export async function collectPages<Cursor>(
	readPage: (cursor: Cursor | undefined, pageSize: number) => Promise<Page<Cursor>>,
	{ returnAll, limit, pageSize }: { returnAll: boolean; limit: number; pageSize: number },
): Promise<Collected> {
	const items: IDataObject[] = [];
	const responses: ApiResponse[] = [];
	let cursor: Cursor | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const wanted = returnAll ? pageSize : Math.min(pageSize, limit - items.length);
		const { response, items: pageItems, next } = await readPage(cursor, wanted);
		responses.push(response);
		items.push(...pageItems);
		if (next === undefined || pageItems.length === 0 || (!returnAll && items.length >= limit)) break;
		cursor = next;
	}
	return { items: returnAll ? items : items.slice(0, limit), responses };
}

/**
 * The raw result of a paged read: `body` is the list of every page's body as received, in order
 * (one page is a list of one), so a workflow reads it the same way however many pages there were.
 */
export function pagedRaw({ responses }: Collected): ApiResponse {
	const last = responses[responses.length - 1];
	return { ...last, body: responses.map((response) => response.body) };
}

/** Return All + Limit, the way n8n's list operations present them. */
export function paginationProperties(maxLimit: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { returnAll: [false] } },
			typeOptions: { minValue: 1, maxValue: maxLimit },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** Reads Return All and Limit for one item (Limit is checked against the API's own maximum). */
export function readPagination(fn: IExecuteFunctions, itemIndex: number, maxLimit: number) {
	const returnAll = fn.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return { returnAll, limit: Number.POSITIVE_INFINITY };
	const limit = Number(fn.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
		throw fieldError(fn, 'limit', `Limit must be a whole number from 1 to ${maxLimit}, got ${JSON.stringify(limit)}`, { itemIndex });
	}
	return { returnAll, limit };
}
