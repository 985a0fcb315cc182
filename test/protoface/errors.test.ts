import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { nodeError, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { auth, PASTED_TOKEN, PROTOFACE_BASE, runNode, session } from './fixtures';

isolateNetwork();

const create = (extra: IDataObject = {}) => ({
	resource: 'session',
	operation: 'create',
	avatarId: 'av_demo',
	roomName: 'demo-room',
	transportUrl: 'wss://my-app.livekit.cloud',
	workerToken: PASTED_TOKEN,
	...extra,
});
const envelope = (type: string, code: string, message: string, param?: string) => ({
	error: { type, code, message, ...(param ? { param } : {}), request_id: `req_${code}` },
});

describe('Protoface › retries', () => {
	it('retries 503 at_capacity after Retry-After once and sends the same Idempotency-Key again', async () => {
		const keys: string[] = [];
		const times: number[] = [];
		const record = function (this: { req: { headers: Record<string, string> } }) {
			keys.push(this.req.headers['idempotency-key']);
			times.push(Date.now());
		};
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions')
			.reply(function () {
				record.call(this);
				return [503, envelope('service_unavailable', 'at_capacity', 'No free workers right now'), { 'Retry-After': '1' }];
			})
			.post('/v1/sessions')
			.reply(function () {
				record.call(this);
				return [201, session()];
			});

		const run = await runNode(create());

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(keys).toHaveLength(2);
		expect(keys[1]).toBe(keys[0]);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
		expect(outputJson(run, 'Node')).toEqual([expect.objectContaining({ id: session().id, idempotencyKey: keys[0] })]);
	});
});

describe('Protoface › API errors', () => {
	it('402: the API code and request id, and what to do', async () => {
		nock(PROTOFACE_BASE)
			.post('/v1/sessions')
			.reply(402, envelope('quota_exceeded', 'insufficient_credit_balance', 'Your credit balance is too low to start a session'));

		const error = nodeError(await runNode(create()), 'Node')!;

		expect(error.message).toBe('Protoface API error 402 [insufficient_credit_balance]: Your credit balance is too low to start a session');
		expect(error.description).toBe(
			'Type: quota_exceeded · Request ID: req_insufficient_credit_balance · Protoface has no credits left for this: top up credits (or change plan) in the Protoface dashboard, then run again',
		);
	});

	it('409 with an Idempotency-Key explains both causes; the error row keeps code and request id', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(409, envelope('conflict', 'avatar_not_ready', 'Avatar av_demo is still processing'));

		const rows = outputJson(await runNode(create({ additionalFields: { idempotencyKey: 'order-9' } }), [{}], { continueOnFail: true }), 'Node');

		expect(rows).toEqual([
			{
				error: 'Protoface API error 409 [avatar_not_ready]: Avatar av_demo is still processing',
				description:
					'Type: conflict · Request ID: req_avatar_not_ready · Conflict: either the resource is not ready (e.g. the avatar is still processing; retry later) or this Idempotency-Key was already used with a different body within 24 h (use a new key, or leave it empty to generate one)',
				httpCode: 409,
				type: 'conflict',
				code: 'avatar_not_ready',
				requestId: 'req_avatar_not_ready',
			},
		]);
	});

	it('422 names the field', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').reply(422, envelope('unprocessable', 'value_error', 'room_name is not a valid LiveKit room name', 'transport.room_name'));

		const error = nodeError(await runNode(create()), 'Node')!;

		expect(error.message).toBe('Protoface API error 422 [value_error]: room_name is not a valid LiveKit room name');
		expect(error.description).toBe(
			'Type: unprocessable · Field: transport.room_name · Request ID: req_value_error · Protoface rejected a field value (value_error); see Field for which one',
		);
	});

	it('never repeats a pasted worker token an error message echoes', async () => {
		nock(PROTOFACE_BASE)
			.post('/v1/sessions')
			.times(2)
			.reply(400, envelope('invalid_request', 'transport.invalid_token', `worker_token ${PASTED_TOKEN} is not a JWT`, 'transport.worker_token'));

		const failed = await runNode(create());
		const rows = outputJson(await runNode(create(), [{}], { continueOnFail: true }), 'Node');

		const error = nodeError(failed, 'Node')!;
		expect(error.message).toBe('Protoface API error 400 [transport.invalid_token]: worker_token [redacted] is not a JWT');
		// The error's `node` is the workflow node itself, whose parameters hold the pasted token as typed.
		const { node: _node, stack: _stack, ...reported } = JSON.parse(JSON.stringify(error));
		expect(JSON.stringify(reported)).not.toContain(PASTED_TOKEN);
		expect(JSON.stringify(failed.data.resultData.runData.Node[0].data ?? {})).not.toContain(PASTED_TOKEN);
		expect(rows[0].error).toBe('Protoface API error 400 [transport.invalid_token]: worker_token [redacted] is not a JWT');
		expect(JSON.stringify(rows)).not.toContain(PASTED_TOKEN);
	});
});
