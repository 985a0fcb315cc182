import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { assistantResponse, assistantRowOf, auth, runVapi, sessionResponse, VAPI_BASE } from './fixtures';

isolateNetwork();

const sessions = (from: number, count: number) => Array.from({ length: count }, (_, i) => sessionResponse({ id: `ses_${from + i}` }));
const page = (results: object[], metadata: object) => ({ results, metadata: { itemsPerPage: 1000, totalItems: 2500, ...metadata } });

describe('Vapi › Session › List', () => {
	it('sends every documented filter as its query parameter', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({
				page: '1',
				limit: '10',
				id: 'ses_1',
				name: 'Ada renewal',
				assistantId: 'asst_1',
				assistantIdAny: 'asst_1,asst_2',
				squadId: 'sq_1',
				workflowId: 'wf_1',
				phoneNumberId: 'pn_1',
				'phoneNumberIdAny[]': ['pn_1', 'pn_2'],
				number: '+14155550100',
				sipUri: 'sip:ada@example.com',
				email: 'ada@example.com',
				externalId: 'crm-1',
				customerNumberAny: '+14155550100,+14155550101',
				sortOrder: 'ASC',
				sortBy: 'cost',
				createdAtGt: '2025-01-01T00:00:00Z',
				createdAtGe: '2025-01-02T00:00:00Z',
				createdAtLt: '2025-12-31T00:00:00Z',
				createdAtLe: '2025-12-30T00:00:00Z',
				updatedAtGt: '2025-02-01T00:00:00Z',
				updatedAtGe: '2025-02-02T00:00:00Z',
				updatedAtLt: '2025-11-30T00:00:00Z',
				updatedAtLe: '2025-11-29T00:00:00Z',
			})
			.reply(200, page(sessions(1, 1), { currentPage: 1, hasNextPage: false }));

		const run = await runVapi({
			resource: 'session',
			operation: 'list',
			limit: 10,
			filters: {
				id: 'ses_1',
				name: 'Ada renewal',
				assistantId: 'asst_1',
				assistantIdAny: 'asst_1, asst_2',
				squadId: 'sq_1',
				workflowId: 'wf_1',
				phoneNumberId: 'pn_1',
				phoneNumberIdAny: 'pn_1,pn_2',
				number: '+14155550100',
				sipUri: 'sip:ada@example.com',
				email: 'ada@example.com',
				externalId: 'crm-1',
				customerNumberAny: '+14155550100,+14155550101',
				sortOrder: 'ASC',
				sortBy: 'cost',
				createdAtGt: '2025-01-01T00:00:00Z',
				createdAtGe: '2025-01-02T00:00:00Z',
				createdAtLt: '2025-12-31T00:00:00Z',
				createdAtLe: '2025-12-30T00:00:00Z',
				updatedAtGt: '2025-02-01T00:00:00Z',
				updatedAtGe: '2025-02-02T00:00:00Z',
				updatedAtLt: '2025-11-30T00:00:00Z',
				updatedAtLe: '2025-11-29T00:00:00Z',
			},
		});

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node').map((row) => row.id)).toEqual(['ses_1']);
	});

	it('Return All follows 3 pages until hasNextPage is false, one row per session, all paired', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '1', limit: '1000', assistantId: 'asst_1' })
			.reply(200, page(sessions(0, 1000), { currentPage: 1, totalPages: 3, hasNextPage: true }))
			.get('/session')
			.query({ page: '2', limit: '1000', assistantId: 'asst_1' })
			.reply(200, page(sessions(1000, 1000), { currentPage: 2, totalPages: 3, hasNextPage: true }))
			.get('/session')
			.query({ page: '3', limit: '1000', assistantId: 'asst_1' })
			.reply(200, page(sessions(2000, 1000), { currentPage: 3, totalPages: 3, hasNextPage: false }));

		const run = await runVapi({ resource: 'session', operation: 'list', returnAll: true, filters: { assistantId: 'asst_1' } });

		const items = outputItems(run, 'Node');
		expect(items).toHaveLength(3000);
		expect([items[0].json.id, items[1000].json.id, items[2999].json.id]).toEqual(['ses_0', 'ses_1000', 'ses_2999']);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('stops on currentPage ≥ totalPages, or on a short page, even when hasNextPage is missing', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '1', limit: '1000' })
			.reply(200, page(sessions(0, 1000), { currentPage: 1, totalPages: 1 }))
			.get('/session')
			.query({ page: '1', limit: '1000' })
			.reply(200, page(sessions(0, 1000), { currentPage: 1 }))
			.get('/session')
			.query({ page: '2', limit: '1000' })
			.reply(200, page(sessions(1000, 3), { currentPage: 2 }));

		const first = await runVapi({ resource: 'session', operation: 'list', returnAll: true });
		expect(outputItems(first, 'Node')).toHaveLength(1000);
		const second = await runVapi({ resource: 'session', operation: 'list', returnAll: true });
		expect(outputItems(second, 'Node')).toHaveLength(1003);
	});

	it('Limit keeps one page size across pages and trims to exactly Limit', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '1', limit: '1000' })
			.reply(200, page(sessions(0, 1000), { currentPage: 1, hasNextPage: true }))
			.get('/session')
			.query({ page: '2', limit: '1000' })
			.reply(200, page(sessions(1000, 1000), { currentPage: 2, hasNextPage: true }));

		const run = await runVapi({ resource: 'session', operation: 'list', returnAll: false, limit: 1500 });

		const rows = outputJson(run, 'Node');
		expect(rows).toHaveLength(1500);
		expect(rows[1499].id).toBe('ses_1499');
	});

	it('trims a page longer than Limit and gives the raw page on request', async () => {
		const body = page(sessions(0, 3), { currentPage: 1, hasNextPage: true });
		nock(VAPI_BASE, { reqheaders: auth }).get('/session').query({ page: '1', limit: '2' }).reply(200, body).get('/session').query({ page: '1', limit: '2' }).reply(200, body);

		const structured = await runVapi({ resource: 'session', operation: 'list', limit: 2 });
		expect(outputJson(structured, 'Node').map((row) => row.id)).toEqual(['ses_0', 'ses_1']);
		const raw = await runVapi({ resource: 'session', operation: 'list', limit: 2, resultFormat: 'raw' });
		expect(outputJson(raw, 'Node')).toEqual([{ body, status: 200 }]);
	});

	it('refuses Name and Customer Name together (Vapi reads both from "name")', async () => {
		const run = await runVapi({ resource: 'session', operation: 'list', filters: { name: 'a', customerName: 'b' } });
		expect(nodeError(run, 'Node')?.message).toBe('Set either the "Name" or the "Customer Name" filter, not both: Vapi reads both from the same "name" parameter');
	});

	it('refuses a date filter that is not a date', async () => {
		const run = await runVapi({ resource: 'session', operation: 'list', filters: { createdAtGt: 'yesterday' } });
		expect(nodeError(run, 'Node')?.message).toBe('Filter "createdAtGt" must be a date and time such as 2025-01-31T12:00:00Z, got "yesterday"');
	});
});

describe('Vapi › Assistant › List', () => {
	it('sends limit and date filters and makes one row per assistant of the returned array', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/assistant')
			.query({ limit: '2', createdAtGe: '2025-01-01T00:00:00Z', updatedAtLt: '2025-07-01T00:00:00Z' })
			.reply(200, [assistantResponse(), assistantResponse({ id: 'asst_2' })]);

		const run = await runVapi({
			resource: 'assistant',
			operation: 'list',
			limit: 2,
			filters: { createdAtGe: '2025-01-01T00:00:00Z', updatedAtLt: '2025-07-01T00:00:00Z' },
		});

		expect(outputItems(run, 'Node')).toEqual([
			{ json: assistantRowOf(), pairedItem: { item: 0 } },
			{ json: assistantRowOf({ id: 'asst_2' }), pairedItem: { item: 0 } },
		]);
	});

	it('gives the raw array on request', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).get('/assistant').query({ limit: '50' }).reply(200, [assistantResponse()]);
		const run = await runVapi({ resource: 'assistant', operation: 'list', resultFormat: 'raw' });
		expect(outputJson(run, 'Node')).toEqual([{ body: [assistantResponse()], status: 200 }]);
	});
});
