/** The shared helpers the vendor nodes build on: dates, pages, body sources, objects. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { bodySourceProperties, numberFromText, readBodySource, setPath } from '../../nodes/shared/bodyInput';
import { isoDateTime } from '../../nodes/shared/dates';
import { asObject, compact, deepMerge } from '../../nodes/shared/objects';
import { collectPages, MAX_PAGES, pagedRaw, readPagination } from '../../nodes/shared/pagination';
import type { ApiResponse } from '../../nodes/shared/transport/http';

/** Just enough of IExecuteFunctions for helpers that read parameters and raise node errors. */
function fakeFunctions(parameters: Record<string, unknown> = {}, { timezone = 'UTC', input = [{}] as object[] } = {}) {
	return {
		getNode: () => ({ id: '1', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getTimezone: () => timezone,
		getInputData: () => input.map((json) => ({ json })),
	} as unknown as IExecuteFunctions;
}

describe('isoDateTime', () => {
	const where = { field: 'createdAfter', label: 'Created After', itemIndex: 0 };

	it('reads zoneless text in the workflow time zone, DST included', () => {
		const berlin = fakeFunctions({}, { timezone: 'Europe/Berlin' });
		expect(isoDateTime(berlin, '2026-01-15T10:00:00', where)).toBe('2026-01-15T09:00:00.000Z');
		expect(isoDateTime(berlin, '2026-07-15T10:00:00', where)).toBe('2026-07-15T08:00:00.000Z');
		expect(isoDateTime(berlin, '2026-07-15 10:00', where)).toBe('2026-07-15T08:00:00.000Z');
		expect(isoDateTime(fakeFunctions({}, { timezone: 'America/New_York' }), '2026-03-08T12:00:00', where)).toBe('2026-03-08T16:00:00.000Z');
		expect(isoDateTime(fakeFunctions(), '2026-05-01', where)).toBe('2026-05-01T00:00:00.000Z');
	});

	it('keeps an explicit offset, and takes Dates, Luxon-like values and epoch numbers', () => {
		const fn = fakeFunctions({}, { timezone: 'Asia/Tokyo' });
		expect(isoDateTime(fn, '2026-05-01T10:00:00+02:00', where)).toBe('2026-05-01T08:00:00.000Z');
		expect(isoDateTime(fn, '2026-05-01T10:00:00+02', where)).toBe('2026-05-01T08:00:00.000Z');
		expect(isoDateTime(fn, '2026-05-01T10:00:00.250Z', where)).toBe('2026-05-01T10:00:00.250Z');
		expect(isoDateTime(fn, new Date('2026-05-01T10:00:00Z'), where)).toBe('2026-05-01T10:00:00.000Z');
		expect(isoDateTime(fn, { toMillis: () => Date.UTC(2026, 4, 1) }, where)).toBe('2026-05-01T00:00:00.000Z');
		expect(isoDateTime(fn, 1_777_600_000, where)).toBe('2026-05-01T01:46:40.000Z');
		expect(isoDateTime(fn, 1_777_600_000_000, where)).toBe('2026-05-01T01:46:40.000Z');
		expect(isoDateTime(fn, '', where)).toBeUndefined();
	});

	it('refuses what is not a date, naming the field', () => {
		for (const junk of ['1', 'yesterday', '2026-02-30T10:00:00', '2026-05-01T25:00:00', { at: 1 }]) {
			expect(() => isoDateTime(fakeFunctions(), junk, where)).toThrow(/^Created After must be a date and time such as 2026-05-01T10:00:00/);
		}
	});
});

describe('collectPages', () => {
	const response = (body: unknown): ApiResponse => ({ body, status: 200, headers: {} });
	const numbered = (total: number) => async (cursor: number | undefined, size: number) => {
		const start = cursor ?? 0;
		const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({ n: start + i }));
		const next = start + items.length < total ? start + items.length : undefined;
		return { response: response({ items }), items, next };
	};

	it('follows every page for Return All and trims to Limit otherwise', async () => {
		const all = await collectPages(numbered(25), { returnAll: true, limit: Infinity, pageSize: 10 });
		expect(all.items).toHaveLength(25);
		expect(all.responses).toHaveLength(3);

		const sizes: number[] = [];
		const limited = await collectPages(async (cursor: number | undefined, size) => (sizes.push(size), numbered(25)(cursor, size)), { returnAll: false, limit: 12, pageSize: 10 });
		expect(limited.items.map((item) => item.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		expect(sizes).toEqual([10, 2]);
	});

	it('stops at the page cap when a cursor never ends', async () => {
		let pages = 0;
		const endless = await collectPages(async () => (pages++, { response: response({}), items: [{}], next: 'again' }), { returnAll: true, limit: Infinity, pageSize: 1 });
		expect(pages).toBe(MAX_PAGES);
		expect(endless.items).toHaveLength(MAX_PAGES);
	});

	it('gives the raw bodies of every page, as a list even for one page', () => {
		expect(pagedRaw({ items: [], responses: [response({ page: 1 })] }).body).toEqual([{ page: 1 }]);
		expect(pagedRaw({ items: [], responses: [response({ page: 1 }), response({ page: 2 })] }).body).toEqual([{ page: 1 }, { page: 2 }]);
	});

	it('checks Limit against the API maximum', () => {
		expect(readPagination(fakeFunctions({ returnAll: false, limit: 100 }), 0, 100)).toEqual({ returnAll: false, limit: 100 });
		expect(readPagination(fakeFunctions({ returnAll: true }), 0, 100).limit).toBe(Infinity);
		expect(() => readPagination(fakeFunctions({ returnAll: false, limit: 101 }), 0, 100)).toThrow('Limit must be a whole number from 1 to 100, got 101');
	});
});

describe('body sources', () => {
	const parameters = { jsonParameter: 'bodyJson', fromFields: () => ({ from: 'fields' }) };

	it('reads fields, JSON or a nested input item field', () => {
		expect(readBodySource(fakeFunctions({ bodySource: 'fields' }), 0, parameters)).toEqual({ from: 'fields' });
		expect(readBodySource(fakeFunctions({ bodySource: 'json', bodyJson: '{"a":1}' }), 0, parameters)).toBe('{"a":1}');
		const fromItem = fakeFunctions({ bodySource: 'inputField', bodyField: 'crm.session' }, { input: [{ crm: { session: { a: 2 } } }] });
		expect(readBodySource(fromItem, 0, parameters)).toEqual({ a: 2 });
	});

	it('names the missing input field', () => {
		const fn = fakeFunctions({ bodySource: 'inputField', bodyField: 'session' }, { input: [{ other: 1 }] });
		expect(() => readBodySource(fn, 0, { ...parameters, what: 'session body' })).toThrow('Input item 1 has no field "session" holding a session body');
	});

	it('offers the same three sources, sorted, in every node', () => {
		const [source, field, json] = bodySourceProperties({ json: { name: 'bodyJson', label: 'Body (JSON)', example: {} } });
		expect(source.options?.map((option) => option.name)).toEqual(['Define Below', 'From Input Item Field', 'JSON']);
		expect(field.displayOptions).toEqual({ show: { bodySource: ['inputField'] } });
		expect(json.displayOptions).toEqual({ show: { bodySource: ['json'] } });
	});

	it('turns numeric text into numbers and leaves the rest to the schema', () => {
		expect([numberFromText('30'), numberFromText(' 0.7 '), numberFromText('-2'), numberFromText('3e2'), numberFromText(5)]).toEqual([30, 0.7, -2, '3e2', 5]);
	});
});

describe('object helpers', () => {
	it('set nested paths, keeping null only when asked', () => {
		const target = {};
		setPath(target, ['a', 'b'], 1);
		setPath(target, ['a', 'c'], null);
		setPath(target, ['a', 'd'], null, { keepNull: true });
		setPath(target, ['a', 'e'], '');
		expect(target).toEqual({ a: { b: 1, d: null } });
	});

	it('compact, merge and read bodies', () => {
		expect(compact({ a: 1, b: '', c: ' ', d: null, e: undefined, f: 0, g: false })).toEqual({ a: 1, f: 0, g: false });
		expect(deepMerge({ model: { provider: 'openai', toolIds: ['t'] }, keep: 1 }, { model: { provider: 'groq' } })).toEqual({
			model: { provider: 'groq', toolIds: ['t'] },
			keep: 1,
		});
		expect([asObject({ a: 1 }), asObject(''), asObject(undefined), asObject('text'), asObject([1])]).toEqual([{ a: 1 }, {}, {}, { value: 'text' }, { value: [1] }]);
	});
});
