/** The Protoface workflow JSON files (test/workflows/ and examples/), executed through n8n-core's engine. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import nock from 'nock';
import { TokenVerifier } from 'livekit-server-sdk';
import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError, outputItems, type WorkflowJson } from '../harness/engine';
import { isolateNetwork, LIVEKIT_KEY, LIVEKIT_SECRET, liveKitCredentials } from '../harness/fixtures';
import { leakedSecrets } from '../harness/secrets';
import { auth, PROTOFACE_BASE, PROTOFACE_KEY, protofaceCredentials, session } from './fixtures';

isolateNetwork();

const load = (path: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', path), 'utf8')) as WorkflowJson;
const running = (id: string, room: string) =>
	session({ id, status: 'running', avatar_id: `av_${id.slice(5)}`, started_at: '2026-05-25T19:00:01.000Z', first_frame_at: '2026-05-25T19:00:02.000Z', transport: { ...(session().transport as IDataObject), room_name: room, url: 'wss://rooms.example.test' } });

describe('test/workflows/protoface-create-wait-end.json', () => {
	it('creates, waits for and ends two sessions; the avatar that is not ready fails alone and every row stays paired', async () => {
		const workflow = load('test/workflows/protoface-create-wait-end.json');
		const records = workflow.pinData!.Rooms.map((item) => item.json as Record<string, string>);
		const keys: Record<string, string> = {};
		const scope = nock(PROTOFACE_BASE, { reqheaders: auth });
		for (const r of records) {
			const expected = {
				avatar_id: r.avatarId,
				idle_timeout_seconds: 30,
				max_duration_seconds: 300,
				metadata: { ticket: r.ticket },
				quality: 'standard',
				transport: { type: 'livekit', url: 'wss://rooms.example.test', room_name: r.roomName, worker_token: r.workerToken, worker_identity: 'protoface-worker' },
			};
			scope.post('/v1/sessions', expected).reply(function () {
				keys[r.avatarId] = String(this.req.headers['idempotency-key']);
				if (r.avatarId === 'av_processing') {
					return [409, { error: { type: 'conflict', code: 'avatar_not_ready', message: 'Avatar av_processing is still processing', request_id: 'req_409' } }];
				}
				return [201, session({ id: `sess_${r.avatarId.slice(3)}`, avatar_id: r.avatarId, status: 'queued' })];
			});
		}
		scope
			.get('/v1/sessions/sess_ada').reply(200, session({ id: 'sess_ada', status: 'starting' }))
			.get('/v1/sessions/sess_ada').reply(200, running('sess_ada', 'room-ada'))
			.get('/v1/sessions/sess_cara').reply(200, running('sess_cara', 'room-cara'))
			.post('/v1/sessions/sess_ada/end').reply(200, { ...running('sess_ada', 'room-ada'), status: 'ending' })
			.post('/v1/sessions/sess_cara/end').reply(200, { ...running('sess_cara', 'room-cara'), status: 'ending' });

		const run = await executeWorkflow(workflow, { credentials: protofaceCredentials });

		expect(nodeError(run, 'End Avatar Session')).toBeUndefined();
		const created = outputItems(run, 'Create Avatar Session');
		expect(created.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(created.map((item) => [item.json.id ?? null, item.json.status ?? null, item.json.firstFrameAt ?? null, item.json.code ?? null])).toEqual([
			['sess_ada', 'running', '2026-05-25T19:00:02.000Z', null],
			[null, null, null, 'avatar_not_ready'],
			['sess_cara', 'running', '2026-05-25T19:00:02.000Z', null],
		]);
		expect(created[0].json).toMatchObject({ roomName: 'room-ada', livekitUrl: 'wss://rooms.example.test', idempotencyKey: keys.av_ada, waitedMs: expect.any(Number) });
		expect(created[1].json).toMatchObject({ error: 'Protoface API error 409 [avatar_not_ready]: Avatar av_processing is still processing', httpCode: 409, requestId: 'req_409' });

		const ended = outputItems(run, 'End Avatar Session');
		expect(ended.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(ended.map((item) => item.json.status ?? item.json.error)).toEqual(['ending', 'Session ID is required', 'ending']);
		expect(outputItems(run, 'End Avatar Session', 1).map((item) => item.json)).toEqual(created.map((item) => item.json));

		// The Config output re-emits the input records, with the pasted tokens they carry replaced.
		expect(outputItems(run, 'Create Avatar Session', 1).map((item) => item.json)).toEqual(records.map((r) => ({ ...r, workerToken: '[redacted]' })));
		// Only the trigger's own output (the records as pinned) still holds them.
		const { Rooms: _records, ...protofaceNodes } = run.data.resultData.runData;
		const everything = JSON.stringify(protofaceNodes);
		for (const r of records) expect(everything).not.toContain(r.workerToken);
	});
});

describe('examples/protoface-avatar-session.json', () => {
	it('mints a worker token per visitor room from the LiveKit credential and waits for each session to run', async () => {
		const workflow = load('examples/protoface-avatar-session.json');
		const tokens: string[] = [];
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.post('/v1/sessions')
			.times(2)
			.reply(201, (_uri, body: any) => {
				tokens.push(body.transport.worker_token);
				const room = body.transport.room_name as string;
				expect(body).toEqual({
					avatar_id: 'av_demo',
					idle_timeout_seconds: 60,
					max_duration_seconds: 600,
					metadata: { visitor_id: room.replace('support-', ''), page: expect.any(String) },
					quality: 'standard',
					transport: { type: 'livekit', url: 'ws://livekit.test:7880', room_name: room, worker_token: expect.any(String), worker_identity: 'protoface-worker', audio_source: 'data_stream' },
				});
				return session({ id: `sess_${room}`, transport: { ...body.transport, worker_token: '[redacted]' } });
			})
			.get(/\/v1\/sessions\/sess_support-v-100[12]$/)
			.times(2)
			.reply(200, (uri) => running(uri.split('/').pop()!, uri.split('sess_').pop()!));

		const run = await executeWorkflow(workflow, { credentials: { ...protofaceCredentials, ...liveKitCredentials() } });
		expect(leakedSecrets(run, [PROTOFACE_KEY, LIVEKIT_SECRET])).toEqual([]);

		const rows = outputItems(run, 'Start Avatar Session');
		expect(rows.map((item) => [item.json.id, item.json.status, item.json.roomName, item.pairedItem])).toEqual([
			['sess_support-v-1001', 'running', 'support-v-1001', { item: 0 }],
			['sess_support-v-1002', 'running', 'support-v-1002', { item: 1 }],
		]);
		const verifier = new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET);
		const claims = await Promise.all(tokens.map((token) => verifier.verify(token)));
		expect(claims.map((c) => [c.sub, c.video?.room, c.video?.roomJoin]).sort()).toEqual([
			['protoface-worker', 'support-v-1001', true],
			['protoface-worker', 'support-v-1002', true],
		]);
		const output = JSON.stringify(run.data.resultData.runData['Start Avatar Session'][0].data);
		for (const token of tokens) expect(output).not.toContain(token);
	});
});
