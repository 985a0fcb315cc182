import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { SESSION_STATUSES, STATUS_ALIASES } from '../../../../src/vendors/protoface';
import { fieldError } from '../../../shared/fieldError';
import { pagedRaw, paginationProperties, readPagination } from '../../../shared/pagination';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { dateRange } from '../../dateRange';
import { MAX_PAGE_SIZE, readCursorList } from '../../pages';
import { sessionRow, withoutWorkerToken } from '../../rows';

const statusOptions = [
	{ name: 'Active (Any Not Terminal)', value: 'active' },
	{ name: 'Canceled', value: 'canceled' },
	{ name: 'Created', value: 'created' },
	{ name: 'Ended', value: 'ended' },
	{ name: 'Ending', value: 'ending' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Queued', value: 'queued' },
	{ name: 'Running', value: 'running' },
	{ name: 'Starting', value: 'starting' },
	{ name: 'Terminal (Ended, Failed or Canceled)', value: 'terminal' },
];

const properties: INodeProperties[] = [
	...paginationProperties(MAX_PAGE_SIZE),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Avatar ID', name: 'avatarId', type: 'string', default: '', placeholder: 'av_01HXY5K8E7QYG3X8Z6N9R7S0VR', description: 'Only sessions of this avatar (starts with av_)' },
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '', description: 'Only sessions created at or after this time (inclusive). A time without an offset is in the workflow\'s time zone.' },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '', description: 'Only sessions created before this time (exclusive). A time without an offset is in the workflow\'s time zone.' },
			{ displayName: 'Statuses', name: 'statuses', type: 'multiOptions', options: statusOptions, default: [], description: 'Only sessions in any of these statuses; Active and Terminal are the API\'s aliases' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['list'] } }, properties);

interface Prepared {
	filters: Array<[string, string | undefined]>;
	pagination: { returnAll: boolean; limit: number };
}

const ALLOWED_STATUSES: readonly string[] = [...SESSION_STATUSES, ...STATUS_ALIASES];

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const statuses = (Array.isArray(filters.statuses) ? filters.statuses : filters.statuses ? [filters.statuses] : []).map(String);
	const unknown = statuses.find((status) => !ALLOWED_STATUSES.includes(status));
	if (unknown !== undefined) {
		throw fieldError(this, 'statuses', `Status must be one of ${ALLOWED_STATUSES.map((s) => JSON.stringify(s)).join(', ')}, got ${JSON.stringify(unknown)}`, { itemIndex });
	}
	const avatarId = String(filters.avatarId ?? '').trim();
	if (avatarId && !avatarId.startsWith('av_')) {
		throw fieldError(this, 'avatarId', `Avatar ID must be an avatar id starting "av_", got ${JSON.stringify(avatarId)}`, { itemIndex });
	}
	const [createdAfter, createdBefore] = dateRange(this, itemIndex, [filters.createdAfter, 'createdAfter', 'Created After'], [filters.createdBefore, 'createdBefore', 'Created Before']);
	return {
		filters: [
			...statuses.map((status): [string, string] => ['status', status]),
			['avatar_id', avatarId || undefined],
			['created_after', createdAfter],
			['created_before', createdBefore],
		],
		pagination: readPagination(this, itemIndex, MAX_PAGE_SIZE),
	};
}

/** One row per session, across pages when Return All is on. */
export async function send(this: IExecuteFunctions, { filters, pagination }: Prepared, context: SendContext): Promise<ItemResult> {
	const collected = await readCursorList(this, '/v1/sessions', filters, pagination, context);
	const raw = pagedRaw(collected);
	return {
		raw: { ...raw, body: withoutWorkerToken(raw.body, []) },
		rows: collected.items.map((session) => sessionRow(withoutWorkerToken(session, []))),
	};
}
