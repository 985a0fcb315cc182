import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { fieldError } from '../../../shared/fieldError';
import { pagedRaw, paginationProperties, readPagination } from '../../../shared/pagination';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { MAX_PAGE_SIZE, readCursorList } from '../../pages';
import { avatarRow } from '../../rows';

const properties: INodeProperties[] = [
	...paginationProperties(MAX_PAGE_SIZE),
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'All', value: 'all', description: 'Stock avatars and your organization\'s' },
			{ name: 'Organization', value: 'org', description: 'Only avatars your organization created' },
			{ name: 'Platform', value: 'platform', description: 'Only Protoface\'s stock avatars' },
		],
		default: 'all',
		description: 'Which avatars to list',
	},
	{ displayName: 'Search', name: 'q', type: 'string', default: '', description: 'Only avatars whose name or ID contains this text (case-insensitive)' },
];

export const description = updateDisplayOptions({ show: { resource: ['avatar'], operation: ['list'] } }, properties);

interface Prepared {
	filters: Array<[string, string | undefined]>;
	pagination: { returnAll: boolean; limit: number };
}

const SCOPES = ['all', 'org', 'platform'];

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const q = String(this.getNodeParameter('q', itemIndex, '') ?? '').trim();
	const scope = String(this.getNodeParameter('scope', itemIndex, 'all') ?? '').trim() || 'all';
	if (!SCOPES.includes(scope)) {
		throw fieldError(this, 'scope', `Scope must be one of ${SCOPES.map((s) => JSON.stringify(s)).join(', ')}, got ${JSON.stringify(scope)}`, { itemIndex });
	}
	return {
		filters: [['scope', scope], ['q', q || undefined]],
		pagination: readPagination(this, itemIndex, MAX_PAGE_SIZE),
	};
}

export async function send(this: IExecuteFunctions, { filters, pagination }: Prepared, context: SendContext): Promise<ItemResult> {
	const collected = await readCursorList(this, '/v1/avatars', filters, pagination, context);
	return { raw: pagedRaw(collected), rows: collected.items.map((avatar) => avatarRow(avatar)) };
}
