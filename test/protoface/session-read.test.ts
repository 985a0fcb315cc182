import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { auth, PROTOFACE_BASE, runNode, session, sessionRowOf } from './fixtures';

isolateNetwork();

const ID = session().id as string;
const page = (ids: string[], hasMore: boolean, nextCursor: string | null = null) => ({
	object: 'list',
	data: ids.map((id) => session({ id })),
	has_more: hasMore,
	next_cursor: nextCursor,
});

describe('Protoface › Session › Get and End', () => {
	it('gets a session as one row; the Config output re-emits the input', async () => {
		const running = session({ status: 'running', first_frame_at: '2026-05-25T19:00:02.001Z', usage: { billable_seconds: 12, frames: 300 } });
		nock(PROTOFACE_BASE, { reqheaders: auth }).get(`/v1/sessions/${ID}`).reply(200, running);

		const run = await runNode({ resource: 'session', operation: 'get', sessionId: '={{ $json.session }}' }, [{ session: ID }]);

		expect(outputJson(run, 'Node')).toEqual([sessionRowOf(running)]);
		expect(outputJson(run, 'Node', 1)).toEqual([{ session: ID }]);
	});

	it('gets the raw response, with a worker token the API failed to redact replaced', async () => {
		const leaking = session({ transport: { ...(session().transport as object), worker_token: 'eyJleaked.token.value' } });
		nock(PROTOFACE_BASE, { reqheaders: auth }).get(`/v1/sessions/${ID}`).reply(200, leaking);

		const run = await runNode({ resource: 'session', operation: 'get', sessionId: ID, resultFormat: 'raw' });

		expect(outputJson(run, 'Node')).toEqual([{ body: session(), status: 200 }]);
	});

	it('ends a session with an empty POST and encodes the id into the path', async () => {
		const ended = session({ status: 'ending' });
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post(`/v1/sessions/${ID}/end`, (body) => body === '' || body === undefined || Object.keys(body).length === 0)
			.reply(200, ended)
			.post('/v1/sessions/sess%2F..%2Fx/end')
			.reply(404, { error: { type: 'not_found', code: 'session_not_found', message: 'No such session', request_id: 'req_1' } });

		const run = await runNode({ resource: 'session', operation: 'end', sessionId: '={{ $json.id }}' }, [{ id: ID }, { id: 'sess/../x' }], { continueOnFail: true });

		expect(outputJson(run, 'Node')).toEqual([
			sessionRowOf(ended),
			{ error: 'Protoface API error 404 [session_not_found]: No such session', description: 'Type: not_found · Request ID: req_1', httpCode: 404, type: 'not_found', code: 'session_not_found', requestId: 'req_1' },
		]);
		// The Config output re-emits both inputs unchanged and paired, the failed one too.
		expect(outputItems(run, 'Node', 1)).toEqual([
			{ json: { id: ID }, pairedItem: { item: 0 } },
			{ json: { id: 'sess/../x' }, pairedItem: { item: 1 } },
		]);
	});

	it('ends a session, Raw Response (the worker token still reads [redacted])', async () => {
		const canceled = session({ status: 'canceled', ended_at: '2026-05-25T19:00:05.000Z' });
		nock(PROTOFACE_BASE, { reqheaders: auth }).post(`/v1/sessions/${ID}/end`).reply(200, canceled);

		const run = await runNode({ resource: 'session', operation: 'end', sessionId: ID, resultFormat: 'raw' });

		expect(outputJson(run, 'Node')).toEqual([{ body: canceled, status: 200 }]);
	});

	it('reports a failed session with failedAt apart from endedAt', async () => {
		const failed = session({ status: 'failed', failed_at: '2026-05-25T19:00:04.000Z', failure: { code: 'worker_join_failed', message: 'no room' } });
		nock(PROTOFACE_BASE, { reqheaders: auth }).get(`/v1/sessions/${ID}`).reply(200, failed);

		const [row] = outputJson(await runNode({ resource: 'session', operation: 'get', sessionId: ID }), 'Node');

		expect(row).toMatchObject({ status: 'failed', endedAt: null, failedAt: '2026-05-25T19:00:04.000Z', failureCode: 'worker_join_failed', failureMessage: 'no room' });
	});
});

describe('Protoface › Session › List', () => {
	it('sends repeated status filters, aliases, avatar and date filters (zoneless times in the workflow time zone)', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.get('/v1/sessions')
			.query({
				status: ['running', 'active', 'terminal'],
				avatar_id: 'av_demo',
				created_after: '2026-04-30T22:00:00.000Z',
				created_before: '2026-05-02T10:00:00.000Z',
				limit: '5',
			})
			.reply(200, page(['sess_a', 'sess_b'], true, 'sess_b'))
			// Limit 5 is not reached yet: the next page asks for the 3 still wanted, with the same filters.
			.get('/v1/sessions')
			.query({
				status: ['running', 'active', 'terminal'],
				avatar_id: 'av_demo',
				created_after: '2026-04-30T22:00:00.000Z',
				created_before: '2026-05-02T10:00:00.000Z',
				limit: '3',
				starting_after: 'sess_b',
			})
			.reply(200, page(['sess_c', 'sess_d', 'sess_e'], true, 'sess_e'));

		const run = await runNode({
			resource: 'session',
			operation: 'list',
			limit: 5,
			filters: { statuses: ['running', 'active', 'terminal'], avatarId: 'av_demo', createdAfter: '2026-05-01T00:00:00', createdBefore: '2026-05-02T12:00:00+02:00' },
		}, [{}], { timezone: 'Europe/Berlin' });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node').map((row) => row.id)).toEqual(['sess_a', 'sess_b', 'sess_c', 'sess_d', 'sess_e']);
	});

	it('takes dates from expressions as epoch seconds and Luxon DateTimes', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.get('/v1/sessions')
			.query({ created_after: '2026-05-01T00:00:00.000Z', created_before: '2026-05-01T12:00:00.000Z', limit: '50' })
			.reply(200, page([], false));

		const run = await runNode({
			resource: 'session',
			operation: 'list',
			filters: { createdAfter: '={{ 1777593600 }}', createdBefore: "={{ DateTime.fromISO('2026-05-01T14:00:00+02:00') }}" },
		});

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')).toEqual([]);
	});

	it('Return All follows next_cursor with starting_after over 3 pages', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.get('/v1/sessions')
			.query({ limit: '100' })
			.reply(200, page(['sess_1', 'sess_2'], true, 'sess_2'))
			.get('/v1/sessions')
			.query({ limit: '100', starting_after: 'sess_2' })
			.reply(200, page(['sess_3', 'sess_4'], true, 'sess_4'))
			.get('/v1/sessions')
			.query({ limit: '100', starting_after: 'sess_4' })
			.reply(200, page(['sess_5'], false));

		const structured = await runNode({ resource: 'session', operation: 'list', returnAll: true }, [{ page: 'all' }]);
		const items = structured.data.resultData.runData.Node[0].data!.main[0]!;
		expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual(['sess_1', 'sess_2', 'sess_3', 'sess_4', 'sess_5'].map((id) => [id, { item: 0 }]));
		expect(items[4].json).toEqual(sessionRowOf(session({ id: 'sess_5' })));
		// One input item read over 3 pages: the Config output still holds that one item, once.
		expect(outputItems(structured, 'Node', 1)).toEqual([{ json: { page: 'all' }, pairedItem: { item: 0 } }]);
	});

	it('Raw Response of a multi-page read lists every page body', async () => {
		nock(PROTOFACE_BASE)
			.get('/v1/sessions')
			.query({ limit: '100' })
			.reply(200, page(['sess_1'], true, 'sess_1'))
			.get('/v1/sessions')
			.query({ limit: '100', starting_after: 'sess_1' })
			.reply(200, page(['sess_2'], false));

		const run = await runNode({ resource: 'session', operation: 'list', returnAll: true, resultFormat: 'raw' });

		expect(outputJson(run, 'Node')).toEqual([{ body: [page(['sess_1'], true, 'sess_1'), page(['sess_2'], false)], status: 200 }]);
	});
});
