/**
 * Cursor lists (`?limit=&starting_after=` → `{data, has_more, next_cursor}`) read through the shared
 * Return All / Limit helper. Pages hold at most 100 entries.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { collectPages, type Collected } from '../shared/pagination';
import type { SendContext } from '../shared/runner';
import { listEntries, nextCursor } from './rows';
import { protofaceRequest, queryOf } from './transport';

export const MAX_PAGE_SIZE = 100;

export async function readCursorList(
	fn: IExecuteFunctions,
	path: string,
	filters: Array<[string, string | number | undefined]>,
	{ returnAll, limit }: { returnAll: boolean; limit: number },
	context: SendContext,
): Promise<Collected> {
	return await collectPages<string>(
		async (cursor, pageSize) => {
			const query: Array<[string, string | number | undefined]> = [...filters, ['limit', pageSize], ['starting_after', cursor]];
			const response = await protofaceRequest.call(fn, { method: 'GET', path, qs: queryOf(query), arrayFormat: 'repeat' }, context);
			return { response, items: listEntries(response.body), next: nextCursor(response.body) };
		},
		{ returnAll, limit, pageSize: MAX_PAGE_SIZE },
	);
}
