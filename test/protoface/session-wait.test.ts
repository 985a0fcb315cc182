import nock from 'nock';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { waitUntilRunning } from '../../nodes/Protoface/actions/session/waitUntilRunning';
import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { isolateNetwork, workflowWith } from '../harness/fixtures';
import { auth, PASTED_TOKEN, PROTOFACE_BASE, protofaceCredentials, refused, runNode, session, sessionRowOf, unmatchedRequests } from './fixtures';

isolateNetwork();

const ID = session().id as string;
const waitParams = (extra: IDataObject = {}) => ({
	resource: 'session',
	operation: 'create',
	avatarId: 'av_demo',
	roomName: 'demo-room',
	transportUrl: 'wss://my-app.livekit.cloud',
	workerToken: PASTED_TOKEN,
	waitUntilRunning: true,
	pollIntervalSeconds: 0.25,
	waitTimeoutSeconds: 5,
	...extra,
});
/** What waitParams() sends. */
const createBody = {
	avatar_id: 'av_demo',
	idle_timeout_seconds: 30,
	quality: 'standard',
	transport: { type: 'livekit', url: 'wss://my-app.livekit.cloud', room_name: 'demo-room', worker_token: PASTED_TOKEN, worker_identity: 'protoface-worker' },
};
const running = session({
	status: 'running',
	started_at: '2026-05-25T19:00:01.456Z',
	first_frame_at: '2026-05-25T19:00:02.001Z',
	usage: { billable_seconds: 2, frames: 50 },
});
const STILL_RUNS = 'The session may still start and counts against your concurrency cap until it ends: end it with Session → End if it is not needed.';

describe('Protoface › Session › Create › Wait Until Running', () => {
	it('polls Get until running and reports first_frame_at and the time waited', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions', createBody)
			.reply(201, session())
			.get(`/v1/sessions/${ID}`)
			.reply(200, session({ status: 'starting', started_at: '2026-05-25T19:00:01.456Z' }))
			// A throttled poll is retried by the shared transport like any other call.
			.get(`/v1/sessions/${ID}`)
			.reply(503, { error: { type: 'service_unavailable', code: 'at_capacity', message: 'busy' } }, { 'Retry-After': '0' })
			.get(`/v1/sessions/${ID}`)
			.reply(200, running);

		const run = await runNode(waitParams({ additionalFields: { idempotencyKey: 'k-1' } }));

		expect(nodeError(run, 'Node')).toBeUndefined();
		const [row] = outputJson(run, 'Node');
		expect(row).toEqual({ ...sessionRowOf(running), idempotencyKey: 'k-1', waitedMs: expect.any(Number) });
		expect(row.firstFrameAt).toBe('2026-05-25T19:00:02.001Z');
		expect(row.waitedMs as number).toBeGreaterThanOrEqual(490);
	});

	it('returns the last poll as the Raw Response, and stops at once when the session is already running', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth }).post('/v1/sessions', createBody).reply(201, running);
		const run = await runNode(waitParams({ resultFormat: 'raw' }));
		expect(outputJson(run, 'Node')).toEqual([{ body: running, status: 201 }]);
	});

	it('fails the item naming the session, with the failure code and message, when the session fails', async () => {
		const failed = session({ status: 'failed', failed_at: '2026-05-25T19:00:04.000Z', failure: { code: 'worker_join_failed', message: 'LiveKit refused the worker token' } });
		nock(PROTOFACE_BASE, { reqheaders: auth }).post('/v1/sessions', createBody).reply(201, session()).get(`/v1/sessions/${ID}`).reply(200, failed);

		const run = await runNode(waitParams(), [{}], { continueOnFail: true });

		expect(outputJson(run, 'Node')).toEqual([
			{
				error: `Protoface session ${ID} was created but failed [worker_join_failed]: LiveKit refused the worker token`,
				description: 'The worker could not run the session; the failure code says why (check the avatar and the LiveKit room and token)',
				code: 'worker_join_failed',
				sessionId: ID,
				idempotencyKey: expect.any(String),
			},
		]);
	});

	it('returns ended and canceled sessions as rows (terminal, not failed)', async () => {
		const canceled = session({ status: 'canceled', ended_at: '2026-05-25T19:00:03.000Z' });
		nock(PROTOFACE_BASE, { reqheaders: auth }).post('/v1/sessions', createBody).reply(201, session()).get(`/v1/sessions/${ID}`).reply(200, canceled);
		const run = await runNode(waitParams());
		expect(outputJson(run, 'Node')[0]).toMatchObject({ status: 'canceled', endedAt: '2026-05-25T19:00:03.000Z', failedAt: null });
	});

	it('gives up at Wait Timeout naming the session and its last status, after exactly the polls that fit', async () => {
		let polls = 0;
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions', createBody)
			.reply(201, session())
			.get(`/v1/sessions/${ID}`)
			.times(3)
			.reply(200, () => {
				polls++;
				return session({ status: 'starting' });
			});

		// Polls at 0.3, 0.6 and 0.9 s; the next would start at the 1 s deadline, so the wait ends there.
		const started = Date.now();
		const run = await runNode(waitParams({ pollIntervalSeconds: 0.3, waitTimeoutSeconds: 1 }), [{}], { continueOnFail: true });

		expect(Date.now() - started).toBeGreaterThanOrEqual(990);
		expect(polls).toBe(3);
		const [row] = outputJson(run, 'Node');
		expect(row).toEqual({
			error: `Protoface session ${ID} was created but is still "starting" after 1 s (Wait Timeout)`,
			description: `${STILL_RUNS} Or raise Wait Timeout.`,
			code: 'wait_timeout',
			sessionId: ID,
			idempotencyKey: expect.any(String),
		});
	});

	it('a poll that fails midway fails the item naming the session (and the API error)', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions', createBody)
			.reply(201, session())
			.get(`/v1/sessions/${ID}`)
			.reply(200, session({ status: 'starting' }))
			.get(`/v1/sessions/${ID}`)
			.reply(500, { error: { type: 'internal', code: 'internal_error', message: 'Unexpected error', request_id: 'req_500' } });

		const run = await runNode(waitParams(), [{}], { continueOnFail: true });

		expect(outputJson(run, 'Node')).toEqual([
			{
				error: `Protoface session ${ID} was created but polling it failed: Protoface API error 500 [internal_error]: Unexpected error`,
				description: `Type: internal · Request ID: req_500 · ${STILL_RUNS}`,
				httpCode: 500,
				type: 'internal',
				code: 'internal_error',
				requestId: 'req_500',
				sessionId: ID,
				idempotencyKey: expect.any(String),
			},
		]);
	});

	it('bounds each poll by the time left: a slow poll ends at the deadline as a Wait Timeout', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions', createBody)
			.reply(201, session())
			.get(`/v1/sessions/${ID}`)
			// Never answers: only the poll's own timeout, cut to the time left, ends it.
			.reply(() => new Promise<never>(() => undefined));

		const started = Date.now();
		const run = await runNode(waitParams({ pollIntervalSeconds: 0.25, waitTimeoutSeconds: 1 }), [{}], { continueOnFail: true });

		expect(Date.now() - started).toBeLessThan(2000);
		expect(outputJson(run, 'Node')[0]).toMatchObject({ error: `Protoface session ${ID} was created but is still "queued" after 1 s (Wait Timeout)`, sessionId: ID });
	});

	it('refuses a Poll Interval below 0.25 s before sending', async () => {
		const error = await refused(waitParams({ pollIntervalSeconds: 0.1 }));
		expect(error.message).toBe('Poll Interval (Seconds) must be from 0.25 to 60, got 0.1');
	});
});

describe('Protoface › Session › Create › Wait Until Running stops when the run stops', () => {
	it('another item failing (continue-on-fail off) stops the wait of a created session without another poll', async () => {
		const unmatched = unmatchedRequests();
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions', (body) => body.avatar_id === 'av_broken')
			.delay(100)
			.reply(400, { error: { type: 'invalid_request', code: 'bad_avatar', message: 'Avatar av_broken cannot be used', request_id: 'req_400' } })
			.post('/v1/sessions', (body) => body.avatar_id === 'av_demo')
			.reply(201, session());

		const run = await executeWorkflow(
			workflowWith({ type: 'protoface', parameters: waitParams({ avatarId: '={{ $json.avatar }}' }) }, [{ avatar: 'av_broken' }, { avatar: 'av_demo' }]),
			{ credentials: protofaceCredentials },
		);
		unmatched.stop();

		expect(nodeError(run, 'Node')?.message).toBe('Protoface API error 400 [bad_avatar]: Avatar av_broken cannot be used');
		expect(unmatched.seen).toEqual([]);
	});

	it('a cancelled execution ends the wait naming the session', async () => {
		const stop = new AbortController();
		stop.abort();
		const fn = { getNode: () => ({ id: 'n', name: 'Protoface', type: 'protoface', typeVersion: 1, position: [0, 0], parameters: {} }) } as unknown as IExecuteFunctions;
		const settings = { retry: { maxRetries: 0, maxTotalWaitMs: 0 }, timeoutMs: 1000, secrets: [], signal: stop.signal };

		const waiting = waitUntilRunning.call(fn, { body: session(), status: 201, headers: {} }, 'k-9', { intervalMs: 250, timeoutMs: 5000 }, { itemIndex: 0, settings });

		await expect(waiting).rejects.toThrow(`Protoface session ${ID} was created but waiting for it stopped: the execution was cancelled or another item failed`);
		await expect(waiting).rejects.toMatchObject({ context: { sessionId: ID, idempotencyKey: 'k-9', code: 'wait_cancelled' } });
	});
});
