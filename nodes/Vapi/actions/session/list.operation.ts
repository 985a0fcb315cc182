import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { MAX_LIST_LIMIT } from '../../../../src/vendors/vapi';
import { fieldError } from '../../../shared/fieldError';
import { asObject, compact } from '../../../shared/objects';
import { collectPages, pagedRaw, paginationProperties, readPagination } from '../../../shared/pagination';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { listEntries, sessionRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { scalarText } from '../input';
import { dateFilterProperties, dateFilters } from '../listFilters';

/** Limit may exceed one page: pages are read until it is reached. */
const MAX_LIMIT = 100_000;

const text = (displayName: string, name: string, description: string): INodeProperties => ({ displayName, name, type: 'string', default: '', description });

const properties: INodeProperties[] = [
	...paginationProperties(MAX_LIMIT),
	{
		displayName: 'Page',
		name: 'page',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Which page of Limit-sized results to return, as Vapi pages them: Page 3 with Limit 50 is sessions 101–150',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			text('Assistant ID', 'assistantId', 'Only sessions of this assistant'),
			text('Assistant IDs (Any)', 'assistantIdAny', 'Comma-separated assistant IDs; sessions of any of them'),
			...dateFilterProperties.filter((p) => p.name.startsWith('created')),
			text('Customer Email', 'email', 'Only sessions whose customer has this email'),
			text('Customer External ID', 'externalId', 'Only sessions whose customer has this external ID'),
			text('Customer Name', 'customerName', 'Only sessions whose customer has this name (sent as the API\'s "name" parameter, like Name)'),
			text('Customer Number', 'number', 'Only sessions whose customer has this phone number'),
			text('Customer Numbers (Any)', 'customerNumberAny', 'Comma-separated phone numbers; sessions of customers with any of them'),
			text('Customer SIP URI', 'sipUri', 'Only sessions whose customer has this SIP URI'),
			text('ID', 'id', 'Only the session with this ID'),
			text('Name', 'name', 'Only sessions with this name'),
			text('Phone Number ID', 'phoneNumberId', 'Only sessions on this phone number'),
			text('Phone Number IDs (Any)', 'phoneNumberIdAny', 'Comma-separated phone number IDs; sessions on any of them'),
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'Cost', value: 'cost' },
					{ name: 'Created At', value: 'createdAt' },
					{ name: 'Duration', value: 'duration' },
				],
				default: 'createdAt',
				description: 'Column to sort by',
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'ASC' },
					{ name: 'Descending', value: 'DESC' },
				],
				default: 'DESC',
				description: 'Order of the sessions',
			},
			text('Squad ID', 'squadId', 'Only sessions of this squad'),
			...dateFilterProperties.filter((p) => p.name.startsWith('updated')),
			text('Workflow ID', 'workflowId', 'Only sessions of this Vapi workflow'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['list'] } }, properties);

interface Prepared {
	qs: IDataObject;
	returnAll: boolean;
	limit: number;
	firstPage: number;
}

/** Page is counted in Limit-sized pages, so it means something only while one page holds the Limit. */
function readFirstPage(fn: IExecuteFunctions, itemIndex: number, returnAll: boolean, limit: number): number {
	if (returnAll) return 1;
	const page = Number(fn.getNodeParameter('page', itemIndex, 1));
	if (!Number.isInteger(page) || page < 1) {
		throw fieldError(fn, 'page', `Page must be a whole number from 1, got ${JSON.stringify(page)}`, { itemIndex });
	}
	if (page > 1 && limit > MAX_LIST_LIMIT) {
		throw fieldError(fn, 'page', `Page ${page} needs a Limit of at most ${MAX_LIST_LIMIT} (one Vapi page), got Limit ${limit}`, { itemIndex });
	}
	return page;
}

const csv = (value: unknown) => String(value ?? '').split(',').map((part) => part.trim()).filter(Boolean);

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const { returnAll, limit } = readPagination(this, itemIndex, MAX_LIMIT);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { customerName, phoneNumberIdAny, assistantIdAny, customerNumberAny, ...plain } = filters;
	const text = Object.fromEntries(Object.entries(plain).map(([key, value]) => [key, scalarText(value)]));
	// Vapi documents one `name` query parameter for both the session's and the customer's name.
	if (text.name && customerName && text.name !== scalarText(customerName)) {
		throw fieldError(this, 'customerName', 'Set either the "Name" or the "Customer Name" filter, not both: Vapi reads both from the same "name" parameter', { itemIndex });
	}
	const anyPhone = csv(phoneNumberIdAny);
	const qs = compact({
		...text,
		name: text.name || scalarText(customerName),
		assistantIdAny: csv(assistantIdAny).join(','),
		customerNumberAny: csv(customerNumberAny).join(','),
		phoneNumberIdAny: anyPhone.length ? anyPhone : undefined,
		...dateFilters(this, filters, itemIndex),
	});
	return { qs, returnAll, limit, firstPage: readFirstPage(this, itemIndex, returnAll, limit) };
}

/**
 * Whether `page` is the last one. Vapi's metadata decides when it says so (hasNextPage, or
 * currentPage against totalPages); only without both does a page shorter than the page size Vapi
 * actually used (itemsPerPage: a server may cap `limit` below what was asked) mean the end.
 */
function isLastPage(body: unknown, page: number, itemCount: number, pageSize: number): boolean {
	const metadata = asObject(asObject(body).metadata);
	if (typeof metadata.hasNextPage === 'boolean') return !metadata.hasNextPage;
	const totalPages = Number(metadata.totalPages);
	if (metadata.totalPages !== undefined && metadata.totalPages !== null && Number.isFinite(totalPages)) {
		return Number(metadata.currentPage ?? page) >= totalPages;
	}
	const itemsPerPage = Number(metadata.itemsPerPage ?? pageSize);
	return itemCount < (Number.isFinite(itemsPerPage) && itemsPerPage > 0 ? itemsPerPage : pageSize);
}

/** Reads page after page until Vapi's metadata says there is no next one, or Limit is reached. */
export async function send(this: IExecuteFunctions, { qs, returnAll, limit, firstPage }: Prepared, context: SendContext): Promise<ItemResult> {
	// One page size throughout: Vapi pages by number, so changing `limit` between pages would skip items.
	const pageSize = returnAll ? MAX_LIST_LIMIT : Math.min(limit, MAX_LIST_LIMIT);
	const collected = await collectPages<number>(
		async (page = firstPage) => {
			// phoneNumberIdAny is an array query parameter without a `style`, so OpenAPI's default applies
			// (style: form, explode: true): the name repeated, `phoneNumberIdAny=a&phoneNumberIdAny=b`.
			const response = await vapiRequest.call(this, { method: 'GET', path: '/session', qs: { ...qs, page, limit: pageSize }, arrayFormat: 'repeat' }, context);
			const items = listEntries(response.body);
			return { response, items, next: isLastPage(response.body, page, items.length, pageSize) ? undefined : page + 1 };
		},
		{ returnAll, limit, pageSize },
	);
	return { raw: pagedRaw(collected), rows: collected.items.map(sessionRow) };
}
