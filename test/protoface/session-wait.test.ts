import nock from 'nock';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { waitUntilRunning } from '../../nodes/Protoface/actions/session/waitUntilRunning';
import { nodeError, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { auth, PASTED_TOKEN, PROTOFACE_BASE, runNode, session, sessionRowOf } from './fixtures';

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
	pollIntervalSeconds: 0.05,
	waitTimeoutSeconds: 5,
	...extra,
});
const running = session({
	status: 'running',
	started_at: '2026-05-25T19:00:01.456Z',
	first_frame_at: '2026-05-25T19:00:02.001Z',
	usage: { billable_seconds: 2, frames: 50 },
});

describe('Protoface › Session › Create › Wait Until Running', () => {
	it('polls Get until running and reports first_frame_at and the time waited', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions')
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
		expect(row.waitedMs as number).toBeGreaterThanOrEqual(90);
	});

	it('returns the last poll as the Raw Response, and stops at once when the session is already running', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth }).post('/v1/sessions').reply(201, running);
		const run = await runNode(waitParams({ resultFormat: 'raw' }));
		expect(outputJson(run, 'Node')).toEqual([{ body: running, status: 201 }]);
	});

	it('fails the item with the failure code and message when the session fails', async () => {
		const failed = session({ status: 'failed', failure: { code: 'worker_join_failed', message: 'LiveKit refused the worker token' } });
		nock(PROTOFACE_BASE, { reqheaders: auth }).post('/v1/sessions').reply(201, session()).get(`/v1/sessions/${ID}`).reply(200, failed);

		const run = await runNode(waitParams(), [{}], { continueOnFail: true });

		expect(outputJson(run, 'Node')).toEqual([
			{
				error: `Protoface session ${ID} failed [worker_join_failed]: LiveKit refused the worker token`,
				description: 'The worker could not run the session; the failure code says why (check the avatar and the LiveKit room and token)',
				code: 'worker_join_failed',
			},
		]);
	});

	it('returns ended and canceled sessions as rows (terminal, not failed)', async () => {
		const canceled = session({ status: 'canceled', ended_at: '2026-05-25T19:00:03.000Z' });
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(201, session()).get(`/v1/sessions/${ID}`).reply(200, canceled);
		const run = await runNode(waitParams());
		expect(outputJson(run, 'Node')[0]).toMatchObject({ status: 'canceled', endedAt: '2026-05-25T19:00:03.000Z' });
	});

	it('gives up after Wait Timeout naming the last status', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(201, session()).get(`/v1/sessions/${ID}`).times(100).reply(200, session({ status: 'starting' }));

		const run = await runNode(waitParams({ pollIntervalSeconds: 0.2, waitTimeoutSeconds: 1 }));

		const error = nodeError(run, 'Node')!;
		expect(error.message).toBe(`Protoface session ${ID} is still "starting" after 1 s (Wait Timeout)`);
		expect(error.description).toMatch(/End it with Session → End, or raise Wait Timeout/);
		nock.cleanAll();
	});

	it('stops waiting when the execution is cancelled, without another poll', async () => {
		const stop = new AbortController();
		stop.abort();
		const fn = { getNode: () => ({ id: 'n', name: 'Protoface', type: 'protoface', typeVersion: 1, position: [0, 0], parameters: {} }) } as unknown as IExecuteFunctions;
		const settings = { retry: { maxRetries: 0, maxTotalWaitMs: 0 }, timeoutMs: 1000, secrets: [], signal: stop.signal };

		await expect(
			waitUntilRunning.call(fn, { body: session(), status: 201, headers: {} }, { intervalMs: 50, timeoutMs: 5000 }, { itemIndex: 0, settings }),
		).rejects.toThrow(`Stopped waiting for Protoface session ${ID}: the execution was cancelled or another item failed`);
	});
});
