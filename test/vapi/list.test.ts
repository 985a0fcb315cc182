import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { assistantResponse, assistantRowOf, auth, runVapi, sessionResponse, unmatchedRequests, VAPI_BASE } from './fixtures';

isolateNetwork();

const sessions = (from: number, count: number) => Array.from({ length: count }, (_, i) => sessionResponse({ id: `ses_${from + i}` }));
const page = (results: object[], metadata: object) => ({ results, metadata: { itemsPerPage: 1000, totalItems: 2500, ...metadata } });

describe('Vapi › Session › List', () => {
	it('sends every documented filter as its query parameter (Phone Number IDs (Any) as a repeated key, dates as ISO UTC)', async () => {
		nock(VAPI_BASE, { reqheaders: { ...auth, accept: 'application/json' } })
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
				phoneNumberIdAny: ['pn_1', 'pn_2'],
				number: '+14155550100',
				sipUri: 'sip:ada@example.com',
				email: 'ada@example.com',
				externalId: 'crm-1',
				customerNumberAny: '+14155550100,+14155550101',
				sortOrder: 'ASC',
				sortBy: 'cost',
				createdAtGt: '2025-01-01T00:00:00.000Z',
				createdAtGe: '2025-01-02T00:00:00.000Z',
				createdAtLt: '2025-12-31T00:00:00.000Z',
				createdAtLe: '2025-12-30T00:00:00.000Z',
				updatedAtGt: '2025-02-01T00:00:00.000Z',
				updatedAtGe: '2025-02-02T00:00:00.000Z',
				updatedAtLt: '2025-11-30T00:00:00.000Z',
				updatedAtLe: '2025-11-29T00:00:00.000Z',
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
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
	});

	it('writes Phone Number IDs (Any) as phoneNumberIdAny=…&phoneNumberIdAny=… (OpenAPI form/explode)', async () => {
		const seen: string[] = [];
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query(true)
			.reply((uri) => {
				seen.push(uri);
				return [200, page([], { currentPage: 1, hasNextPage: false })];
			});

		await runVapi({ resource: 'session', operation: 'list', limit: 5, filters: { phoneNumberIdAny: 'pn_1, pn_2' } });

		expect(seen).toEqual(['/session?phoneNumberIdAny=pn_1&phoneNumberIdAny=pn_2&page=1&limit=5']);
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

	it('follows totalPages when the server caps pages at 100 and sends no hasNextPage', async () => {
		const capped = (from: number, currentPage: number) => ({ results: sessions(from, 100), metadata: { itemsPerPage: 100, totalItems: 250, currentPage, totalPages: 3 } });
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '1', limit: '1000' })
			.reply(200, capped(0, 1))
			.get('/session')
			.query({ page: '2', limit: '1000' })
			.reply(200, capped(100, 2))
			.get('/session')
			.query({ page: '3', limit: '1000' })
			.reply(200, { results: sessions(200, 50), metadata: { itemsPerPage: 100, totalItems: 250, currentPage: 3, totalPages: 3 } });

		const run = await runVapi({ resource: 'session', operation: 'list', returnAll: true });

		const ids = outputJson(run, 'Node').map((row) => row.id);
		expect(ids).toHaveLength(250);
		expect([ids[0], ids[100], ids[249]]).toEqual(['ses_0', 'ses_100', 'ses_249']);
	});

	it('without hasNextPage and totalPages, a page is short only against the itemsPerPage Vapi used', async () => {
		const capped = (from: number, count: number, currentPage: number) => ({ results: sessions(from, count), metadata: { itemsPerPage: 100, currentPage } });
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '1', limit: '1000' })
			.reply(200, capped(0, 100, 1))
			.get('/session')
			.query({ page: '2', limit: '1000' })
			.reply(200, capped(100, 40, 2));

		const run = await runVapi({ resource: 'session', operation: 'list', returnAll: true });

		expect(outputJson(run, 'Node')).toHaveLength(140);
	});

	it('trusts hasNextPage over a short page', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '1', limit: '1000' })
			.reply(200, page(sessions(0, 10), { currentPage: 1, hasNextPage: true }))
			.get('/session')
			.query({ page: '2', limit: '1000' })
			.reply(200, page(sessions(10, 5), { currentPage: 2, hasNextPage: false }));

		const run = await runVapi({ resource: 'session', operation: 'list', returnAll: true });

		expect(outputJson(run, 'Node')).toHaveLength(15);
	});

	it('Raw Response of a multi-page read is the list of every page body, in order', async () => {
		const first = page(sessions(0, 2), { itemsPerPage: 2, currentPage: 1, totalPages: 2 });
		const second = page(sessions(2, 1), { itemsPerPage: 2, currentPage: 2, totalPages: 2 });
		nock(VAPI_BASE, { reqheaders: auth }).get('/session').query({ page: '1', limit: '1000' }).reply(200, first).get('/session').query({ page: '2', limit: '1000' }).reply(200, second);

		const run = await runVapi({ resource: 'session', operation: 'list', returnAll: true, resultFormat: 'raw' });

		expect(outputItems(run, 'Node')).toEqual([{ json: { body: [first, second], status: 200 }, pairedItem: { item: 0 } }]);
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
		expect(outputJson(raw, 'Node')).toEqual([{ body: [body], status: 200 }]);
	});

	it('starts at Page, counted in Limit-sized pages, and follows on from there', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '3', limit: '50' })
			.reply(200, page(sessions(100, 50), { itemsPerPage: 50, currentPage: 3, hasNextPage: true }));

		const run = await runVapi({ resource: 'session', operation: 'list', limit: 50, page: 3 });

		expect(outputJson(run, 'Node').map((row) => row.id)).toEqual(sessions(100, 50).map((session) => session.id));
	});

	it('refuses a Page that is not a whole number, or a Page beyond the first with a Limit above one Vapi page', async () => {
		const unmatched = unmatchedRequests();
		const zero = await runVapi({ resource: 'session', operation: 'list', limit: 50, page: 0 });
		const tooLarge = await runVapi({ resource: 'session', operation: 'list', limit: 1500, page: 2 });
		unmatched.stop();

		expect(nodeError(zero, 'Node')?.message).toBe('Page must be a whole number from 1, got 0');
		expect(nodeError(tooLarge, 'Node')?.message).toBe('Page 2 needs a Limit of at most 1000 (one Vapi page), got Limit 1500');
		expect(unmatched.seen).toEqual([]);
	});

	it('refuses Name and Customer Name together (Vapi reads both from "name")', async () => {
		const run = await runVapi({ resource: 'session', operation: 'list', filters: { name: 'a', customerName: 'b' } });
		expect(nodeError(run, 'Node')?.message).toBe('Set either the "Name" or the "Customer Name" filter, not both: Vapi reads both from the same "name" parameter');
	});

	it.each([['yesterday'], ['1'], ['2025-02-30T00:00:00']])('refuses a date filter that is not a date, sending nothing: %s', async (value) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi({ resource: 'session', operation: 'list', filters: { createdAtGt: value } });
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(
			`Filter "Created After" must be a date and time such as 2026-05-01T10:00:00 (in the workflow's time zone) or 2026-05-01T10:00:00+02:00, got "${value}"`,
		);
		expect(unmatched.seen).toEqual([]);
	});

	it('reads a date without an offset in the workflow time zone', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/session')
			.query({ page: '1', limit: '50', createdAtGe: '2024-12-31T23:00:00.000Z', updatedAtLt: '2025-07-01T08:00:00.000Z' })
			.reply(200, page([], { currentPage: 1, hasNextPage: false }));

		const run = await runVapi(
			{ resource: 'session', operation: 'list', filters: { createdAtGe: '2025-01-01T00:00:00', updatedAtLt: '2025-07-01T10:00:00+02:00' } },
			[{}],
			{ timezone: 'Europe/Berlin' },
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')).toEqual([]);
	});

	it.each([[0], [100_001]])('refuses Limit %s, sending nothing', async (limit) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi({ resource: 'session', operation: 'list', limit });
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(`Limit must be a whole number from 1 to 100000, got ${limit}`);
		expect(unmatched.seen).toEqual([]);
	});
});

describe('Vapi › Assistant › List', () => {
	it('sends limit and date filters and makes one row per assistant of the returned array', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.get('/assistant')
			.query({ limit: '2', createdAtGe: '2025-01-01T00:00:00.000Z', updatedAtLt: '2025-07-01T00:00:00.000Z' })
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

	it.each([[0], [1001]])('refuses Limit %s, sending nothing', async (limit) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi({ resource: 'assistant', operation: 'list', limit });
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(`Limit must be a whole number from 1 to 1000, got ${limit}`);
		expect(unmatched.seen).toEqual([]);
	});
});
