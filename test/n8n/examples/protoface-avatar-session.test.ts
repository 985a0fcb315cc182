/**
 * examples/protoface-avatar-session.json in a real n8n 2.41.1, Protoface answered by the stand-in
 * (../stand-ins/protoface.ts) and the worker token minted for the real livekit-server: one avatar
 * session per visitor, waited for until running (see helpers.ts for the checks every example gets).
 */
import { TokenVerifier } from 'livekit-server-sdk';

import { TEST_KEYS } from '../fixtures';
import { describeExample, expectAuthenticated, json, output, records, requestFor, state, type Rec } from './helpers';

describeExample('protoface-avatar-session.json', (example) => {
	const posts = () => example().requests.filter((r) => r.method === 'POST' && r.path === '/v1/sessions');
	const postFor = (v: Rec) => requestFor(posts(), (body) => body.transport?.room_name === `support-${v.visitorId}`);

	it('creates one session per visitor in room support-<visitorId> and returns it once running', () => {
		const visitors = records(example());
		const rows = json(output(example(), 'Start Avatar Session', 0));
		visitors.forEach((v, i) => {
			const post = postFor(v);
			const created = post.response as Rec;
			const polls = example().requests.filter((r) => r.method === 'GET' && r.path === `/v1/sessions/${created.id}`);
			const last = polls[polls.length - 1].response as Rec;
			expect(last.status).toBe('running');
			expect(rows[i]).toEqual({
				id: created.id,
				status: 'running',
				avatarId: 'av_demo',
				quality: 'standard',
				roomName: `support-${v.visitorId}`,
				livekitUrl: state.livekit.url,
				workerIdentity: 'protoface-worker',
				createdAt: created.created_at,
				startedAt: last.started_at,
				firstFrameAt: last.first_frame_at,
				endedAt: null,
				failedAt: null,
				failureCode: null,
				failureMessage: null,
				billableSeconds: 0,
				frames: 0,
				idempotencyKey: post.headers['idempotency-key'],
				waitedMs: expect.any(Number),
			});
			expect(rows[i].id).toMatch(/^sess_[0-9A-Z]{26}$/);
			expect(rows[i].startedAt).toEqual(expect.any(String));
			expect(rows[i].firstFrameAt).toEqual(expect.any(String));
			// Two polls 0.5 s apart (queued → starting → running).
			expect(rows[i].waitedMs as number).toBeGreaterThanOrEqual(900);
		});
	});

	it('sent POST /v1/sessions with a per-item Idempotency-Key and a worker token minted for the room, then polled until running', async () => {
		const visitors = records(example());
		expectAuthenticated(example().requests, 'protoface', TEST_KEYS.protoface);
		expect(posts()).toHaveLength(visitors.length);
		const verifier = new TokenVerifier(state.livekit.apiKey, state.livekit.apiSecret);
		const keys = new Set<string>();
		for (const v of visitors) {
			const post = postFor(v);
			const room = `support-${v.visitorId}`;
			const body = post.body as Rec;
			expect(body).toEqual({
				avatar_id: 'av_demo',
				idle_timeout_seconds: 60,
				max_duration_seconds: 600,
				metadata: { visitor_id: v.visitorId, page: v.page },
				quality: 'standard',
				transport: { type: 'livekit', url: state.livekit.url, room_name: room, worker_identity: 'protoface-worker', audio_source: 'data_stream', worker_token: expect.any(String) },
			});
			const claims = await verifier.verify(body.transport.worker_token);
			expect(claims).toMatchObject({ sub: 'protoface-worker', video: { room, roomJoin: true } });
			expect(Number(claims.exp) - Number(claims.nbf)).toBe(600);
			expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
			keys.add(post.headers['idempotency-key']);
			// The worker token went to Protoface only: it is in no output of the run.
			expect(JSON.stringify(example().run.raw)).not.toContain(body.transport.worker_token);
			const id = (post.response as Rec).id;
			const polls = example().requests.filter((r) => r.path === `/v1/sessions/${id}`);
			expect(polls.map((r) => [r.method, (r.response as Rec).status])).toEqual([
				['GET', 'starting'],
				['GET', 'running'],
			]);
		}
		expect(keys.size).toBe(visitors.length);
		// Nothing else: no End, no list, no avatar calls.
		expect(example().requests).toHaveLength(visitors.length * 3);
	});
});
