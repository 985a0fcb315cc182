/**
 * The exact Twirp requests the Realtime Voice node sends (method, path, signed auth, body). The same
 * operations run against a real livekit-server in livekit-server.test.ts.
 */
import nock from 'nock';
import { TokenVerifier } from 'livekit-server-sdk';

import { parseDispatchMetadata } from '../../src/config';
import { executeWorkflow, nodeError, outputItems, outputJson } from '../harness/engine';
import { completeConfig, isolateNetwork, LIVEKIT_HOST, LIVEKIT_KEY, LIVEKIT_SECRET, liveKitCredentials, workflowWith } from '../harness/fixtures';

isolateNetwork();

const verifier = new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET);
/** Twirp calls carry a JWT signed with the credential's secret and scoped to the call. */
const signedWith = (grant: object) => async (header: string) => {
	const claims = await verifier.verify(header.replace(/^Bearer /, ''));
	return JSON.stringify(claims.video) === JSON.stringify(grant);
};

const config = () => ({ ...completeConfig(), session: { ttl: 900 } });
const createParameters = {
	resource: 'session',
	operation: 'create',
	// Wait for Agent has tests of its own below.
	waitForAgent: false,
	participantName: 'Ada',
	participantIdentity: 'user-ada',
	roomName: 'support-ada',
	configSource: 'json',
	configJson: JSON.stringify(config()),
};
const roomMetadata = JSON.stringify({ createdBy: 'n8n-nodes-realtime-voice', agentName: 'n8n-realtime-voice', participantIdentity: 'user-ada', participantName: 'Ada' });
const dispatchMetadata = JSON.stringify({ version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity: 'user-ada', name: 'Ada' }, config: config() });
const twirp = (method: string, auth: object) =>
	nock(LIVEKIT_HOST, { reqheaders: { authorization: signedWith(auth) as never, 'content-type': /application\/json/ } }).post(`/twirp/livekit.${method}`);

describe('Realtime Voice › Session › Create (requests)', () => {
	it('checks the room name is free, creates the room with the TTL and the reconnect window, dispatches the config, waits for the agent, mints the token', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, (_uri, body) => (expect(body).toEqual({ names: ['support-ada'] }), { rooms: [] }));
		twirp('RoomService/CreateRoom', { roomCreate: true })
			.reply(200, (_uri, body) => {
				// departureTimeout: Reconnect Window's default, the worker's N8N_VOICE_IDLE_TIMEOUT_SECONDS.
				expect(body).toEqual({ name: 'support-ada', emptyTimeout: 900, departureTimeout: 30, metadata: roomMetadata });
				return { sid: 'RM_1', name: 'support-ada', emptyTimeout: 900, departureTimeout: 30, creationTime: '1795000000', creationTimeMs: '1795000000250', metadata: roomMetadata };
			});
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'support-ada' })
			.reply(200, (_uri, body) => {
				expect(body).toEqual({ room: 'support-ada', agentName: 'n8n-realtime-voice', metadata: dispatchMetadata });
				return { id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada', metadata: dispatchMetadata };
			});
		// Wait for Agent (on by default): the room is read until the agent is in it, here at the third look.
		const polls: unknown[] = [];
		const participants = [[], [{ identity: 'user-ada', kind: 'STANDARD' }], [{ identity: 'user-ada', kind: 'STANDARD' }, { identity: 'agent-AJ_1', kind: 'AGENT', joinedAtMs: '1795000000731' }]];
		twirp('RoomService/ListParticipants', { roomAdmin: true, room: 'support-ada' })
			.times(3)
			.reply(200, (_uri, body) => (polls.push(body), { participants: participants[polls.length - 1] }));

		const { waitForAgent: _off, ...defaults } = createParameters;
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: defaults }, [{ crm: 7 }]), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')).toBeUndefined();
		const [row] = outputJson(run, 'Node');
		expect(row).toEqual({
			roomName: 'support-ada',
			wsUrl: 'ws://livekit.test:7880',
			token: expect.any(String),
			tokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			participantName: 'Ada',
			assistantId: null,
			mode: 'adhoc',
			dispatchId: 'AD_1',
			agentName: 'n8n-realtime-voice',
			participantIdentity: 'user-ada',
			roomSid: 'RM_1',
			// LiveKit's own clocks: the room's creationTimeMs → the agent's joinedAtMs.
			agentJoinedAfterMs: 481,
			// No session.metadata, no events: the Structured Table flattens `{}` to null.
			metadata: null,
			eventsUrl: null,
		});
		const claims = await verifier.verify(row.token as string);
		expect(claims).toMatchObject({ sub: 'user-ada', name: 'Ada', video: { roomJoin: true, room: 'support-ada', canPublish: true, canSubscribe: true, canPublishData: true } });
		expect(Math.abs(claims.exp! - claims.nbf! - 900)).toBeLessThanOrEqual(1);
		expect(Date.parse(row.tokenExpiresAt as string) / 1000).toBe(claims.exp);
		expect(parseDispatchMetadata(dispatchMetadata).ok).toBe(true);
		expect(outputJson(run, 'Node', 1)).toEqual([{ crm: 7 }]);
		expect(polls).toEqual([{ room: 'support-ada' }, { room: 'support-ada' }, { room: 'support-ada' }]);
	});

	it('returns the server objects in Raw Response', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [] });
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, { sid: 'RM_2', name: 'auto', emptyTimeout: 900 });
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'auto' }).reply(200, { id: 'AD_2', agentName: 'n8n-realtime-voice', room: 'auto' });

		const parameters = { ...createParameters, roomName: 'auto', resultFormat: 'raw' };
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters }), { credentials: liveKitCredentials({ clientUrl: 'https://voice.example.com' }) });

		const [row] = outputJson(run, 'Node');
		expect(row.status).toBe(200);
		expect(row.body).toMatchObject({
			room: { sid: 'RM_2', name: 'auto', emptyTimeout: 900 },
			dispatch: { id: 'AD_2', agentName: 'n8n-realtime-voice', room: 'auto' },
			wsUrl: 'wss://voice.example.com',
			participantIdentity: 'user-ada',
			token: expect.any(String),
		});
	});

	it('deletes the room again when the dispatch fails, and reports the LiveKit error', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [] });
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, { sid: 'RM_3', name: 'support-ada' });
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'support-ada' }).reply(400, { code: 'invalid_argument', msg: 'agent name is not valid' });
		twirp('RoomService/DeleteRoom', { roomCreate: true }).reply(200, (_uri, body) => (expect(body).toEqual({ room: 'support-ada' }), {}));

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: createParameters }), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')?.message).toBe('LiveKit API error 400 [invalid_argument]: Dispatch agent: agent name is not valid');
	});

	it('refuses a room name that is already taken without touching the room', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [{ sid: 'RM_X', name: 'support-ada' }] });

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: createParameters }), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')?.message).toBe('Room "support-ada" already exists');
	});

	it('retries a 503 from the server and dispatches to the agent named on the node', async () => {
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(503, { code: 'unavailable', msg: 'busy' });
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, { sid: 'RM_4', name: 'gen' });
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'gen' }).reply(200, (_uri, body: any) => ({ id: 'AD_4', agentName: body.agentName, room: 'gen' }));

		const parameters = { ...createParameters, roomName: '', agentName: 'sales-agent', options: { maxRetries: 1 } };
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters }), { credentials: liveKitCredentials() });

		expect(outputJson(run, 'Node')[0]).toMatchObject({ agentName: 'sales-agent', dispatchId: 'AD_4' });
	});

	it('validates the configuration before any request', async () => {
		const bad = { ...createParameters, configJson: JSON.stringify({ ...config(), tts: { default: { provider: 'espeak', voiceId: 'en', outputFormat: 'FLAC' } } }) };
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: bad }), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')?.message).toMatch(/^Invalid assistant configuration: config\.tts\.default\.outputFormat must be one of "PCM_22050_16"/);
	});

	it('never puts the API secret into outputs or errors', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(401, { code: 'unauthenticated', msg: `invalid token signed with ${LIVEKIT_SECRET}` });

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: createParameters, continueOnFail: true }), { credentials: liveKitCredentials() });

		expect(outputJson(run, 'Node')[0]).toMatchObject({ error: 'LiveKit API error 401 [unauthenticated]: List rooms: invalid token signed with [redacted]', httpCode: 401 });
		expect(JSON.stringify(run.data)).not.toContain(LIVEKIT_SECRET);
		expect(JSON.stringify(run.data)).not.toContain(LIVEKIT_KEY);
	});

	it('refuses the same Room Name on two items before creating anything', async () => {
		const parameters = { ...createParameters, roomName: '={{ $json.room }}', participantName: '={{ $json.name }}' };
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters }, [{ room: 'shared', name: 'A' }, { room: 'other', name: 'B' }, { room: 'shared', name: 'C' }]), {
			credentials: liveKitCredentials(),
		});

		expect(nodeError(run, 'Node')?.message).toBe('Room Name "shared" is also used by item 1');
	});

	it('uses the participant identity as display name when Participant Name is empty', async () => {
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, { sid: 'RM_5', name: 'gen' });
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'gen' }).reply(200, (_uri, body: any) => {
			expect(JSON.parse(body.metadata).participant).toEqual({ identity: 'user-ada', name: 'user-ada' });
			return { id: 'AD_5', agentName: body.agentName, room: 'gen' };
		});

		const parameters = { ...createParameters, roomName: '', participantName: '' };
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters }), { credentials: liveKitCredentials() });

		expect(outputJson(run, 'Node')[0]).toMatchObject({ participantName: 'user-ada', participantIdentity: 'user-ada' });
	});
});

describe('Realtime Voice › Session › Get / List / End (requests)', () => {
	const room = { sid: 'RM_1', name: 'support-ada', emptyTimeout: 900, creationTime: '1795000000', numParticipants: 2, metadata: roomMetadata };

	it('Get reports participants and whether the agent joined', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, (_uri, body) => (expect(body).toEqual({ names: ['support-ada'] }), { rooms: [room] }));
		twirp('RoomService/ListParticipants', { roomAdmin: true, room: 'support-ada' }).reply(200, {
			participants: [{ identity: 'user-ada', kind: 'STANDARD' }, { identity: 'agent-AJ_1', kind: 'AGENT' }],
		});

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { resource: 'session', operation: 'get', roomName: 'support-ada' } }), { credentials: liveKitCredentials() });

		expect(outputJson(run, 'Node')).toEqual([
			{
				roomName: 'support-ada',
				roomSid: 'RM_1',
				createdAt: new Date(1_795_000_000_000).toISOString(),
				numParticipants: 2,
				emptyTimeout: 900,
				createdByNode: true,
				agentName: 'n8n-realtime-voice',
				participantIdentity: 'user-ada',
				participantName: 'Ada',
				agentJoined: true,
				agentIdentity: 'agent-AJ_1',
				participants: '["user-ada","agent-AJ_1"]',
			},
		]);
	});

	it('List returns only rooms this node created, newest first, up to the limit', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, (_uri, body) => (expect(body).toEqual({}), {
			rooms: [
				{ ...room, name: 'older', creationTime: '1795000000' },
				{ sid: 'RM_9', name: 'foreign', creationTime: '1795000500' },
				{ ...room, name: 'newer', creationTime: '1795000900' },
			],
		}));

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { resource: 'session', operation: 'list', returnAll: true } }), { credentials: liveKitCredentials() });

		expect(outputJson(run, 'Node').map((r) => r.roomName)).toEqual(['newer', 'older']);
	});

	it('End deletes the room', async () => {
		twirp('RoomService/DeleteRoom', { roomCreate: true }).reply(200, (_uri, body) => (expect(body).toEqual({ room: 'support-ada' }), {}));

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { resource: 'session', operation: 'end', roomName: 'support-ada' } }), { credentials: liveKitCredentials() });

		expect(outputJson(run, 'Node')).toEqual([{ roomName: 'support-ada', ended: true }]);
	});
});

describe('Realtime Voice › Get / List / End › Raw Response and Config output', () => {
	const room = { sid: 'RM_1', name: 'support-ada', emptyTimeout: 900, metadata: roomMetadata };
	const input = [{ ticket: 'T-1' }];
	const raw = (operation: string, extra: object) =>
		executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { resource: 'session', operation, resultFormat: 'raw', ...extra } }, input), { credentials: liveKitCredentials() });

	it('Get', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [room] });
		twirp('RoomService/ListParticipants', { roomAdmin: true, room: 'support-ada' }).reply(200, { participants: [{ identity: 'user-ada', kind: 'STANDARD' }] });
		const run = await raw('get', { roomName: 'support-ada' });
		expect(outputJson(run, 'Node')).toEqual([{ status: 200, body: { room, participants: [{ identity: 'user-ada' }] } }]);
		expect(outputJson(run, 'Node', 1)).toEqual(input);
	});

	it('List', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [room, { sid: 'RM_2', name: 'foreign' }] });
		const run = await raw('list', { limit: 5 });
		expect(outputJson(run, 'Node')).toEqual([{ status: 200, body: { rooms: [room] } }]);
		expect(outputJson(run, 'Node', 1)).toEqual(input);
	});

	it('End', async () => {
		twirp('RoomService/DeleteRoom', { roomCreate: true }).reply(200, {});
		const run = await raw('end', { roomName: 'support-ada' });
		expect(outputJson(run, 'Node')).toEqual([{ status: 200, body: {} }]);
		expect(outputJson(run, 'Node', 1)).toEqual(input);
	});
});

describe('Realtime Voice › Session › Create › Reconnect Window and Wait for Agent (requests)', () => {
	const waiting = { ...createParameters, waitForAgent: true, agentWaitTimeout: 1 };
	const room = (name: string) => ({ sid: `RM_${name}`, name, creationTimeMs: '1795000000000' });

	it('creates the room with departureTimeout = Reconnect Window; without Wait for Agent agentJoinedAfterMs is null', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [] });
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, (_uri, body) => {
			expect(body).toEqual({ name: 'support-ada', emptyTimeout: 900, departureTimeout: 120, metadata: roomMetadata });
			return room('support-ada');
		});
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'support-ada' }).reply(200, { id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada' });

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { ...createParameters, reconnectWindow: 120 } }), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')[0]).toMatchObject({ roomName: 'support-ada', dispatchId: 'AD_1', agentJoinedAfterMs: null });
	});

	it('no agent within the timeout: the item fails naming the timeout and what LiveKit shows, and the room is deleted', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [] });
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, room('support-ada'));
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'support-ada' }).reply(200, { id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada' });
		let polls = 0;
		twirp('RoomService/ListParticipants', { roomAdmin: true, room: 'support-ada' })
			.times(100)
			.optionally()
			.reply(200, () => (polls++, { participants: [{ identity: 'user-ada', kind: 'STANDARD' }] }));
		// LiveKit's dispatch state: no job, i.e. no worker took it.
		twirp('AgentDispatchService/ListDispatch', { roomAdmin: true, room: 'support-ada' }).reply(200, (_uri, body) => {
			expect(body).toEqual({ dispatchId: 'AD_1', room: 'support-ada' });
			return { agentDispatches: [{ id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada', state: { createdAt: '1795000000000000000' } }] };
		});
		const deleted: unknown[] = [];
		twirp('RoomService/DeleteRoom', { roomCreate: true }).reply(200, (_uri, body) => (deleted.push(body), {}));

		const started = Date.now();
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: waiting }), { credentials: liveKitCredentials() });

		const error = nodeError(run, 'Node') as { message: string; description: string; context: Record<string, unknown> };
		expect(error.message).toBe(
			'no worker accepted the session within 1 s: LiveKit started no job for dispatch AD_1 (agent "n8n-realtime-voice"): no worker of that name is registered, or none had capacity, and LiveKit drops such a dispatch',
		);
		expect(error.description).toContain('The room "support-ada" was deleted again');
		expect(error.context.code).toBe('agent_not_joined');
		expect(deleted).toEqual([{ room: 'support-ada' }]);
		expect(polls).toBeGreaterThanOrEqual(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('a worker took the job but its agent did not join: the message says so', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [] });
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, room('support-ada'));
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'support-ada' }).reply(200, { id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada' });
		twirp('RoomService/ListParticipants', { roomAdmin: true, room: 'support-ada' }).times(100).optionally().reply(200, { participants: [] });
		// Read at the timeout (accepted: 2 s of grace follow) and again when the grace is over.
		twirp('AgentDispatchService/ListDispatch', { roomAdmin: true, room: 'support-ada' }).times(2).reply(200, {
			agentDispatches: [{ id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada', state: { jobs: [{ id: 'AJ_1', state: { status: 'JS_RUNNING', workerId: 'AW_1' } }] } }],
		});
		twirp('RoomService/DeleteRoom', { roomCreate: true }).reply(200, (_uri, body) => (expect(body).toEqual({ room: 'support-ada' }), {}));

		const started = Date.now();
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: waiting }), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')?.message).toBe(
			'the agent did not join the session within 1 s and 2 s more after a worker accepted it: LiveKit shows job AJ_1 running on worker AW_1 for dispatch AD_1, but no agent in the room',
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
	});

	it('a worker took the job and its agent joins during the grace after the timeout: the item succeeds', async () => {
		twirp('RoomService/ListRooms', { roomList: true }).reply(200, { rooms: [] });
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, room('support-ada'));
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true, room: 'support-ada' }).reply(200, { id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada' });
		const joinsAt = Date.now() + 1800;
		twirp('RoomService/ListParticipants', { roomAdmin: true, room: 'support-ada' })
			.times(100)
			.optionally()
			.reply(200, () => ({ participants: Date.now() < joinsAt ? [] : [{ identity: 'agent-AJ_1', kind: 'AGENT' }] }));
		twirp('AgentDispatchService/ListDispatch', { roomAdmin: true, room: 'support-ada' }).reply(200, {
			agentDispatches: [{ id: 'AD_1', agentName: 'n8n-realtime-voice', room: 'support-ada', state: { jobs: [{ id: 'AJ_1', state: { status: 'JS_PENDING', workerId: 'AW_1' } }] } }],
		});

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: waiting }), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')[0]).toMatchObject({ roomName: 'support-ada', agentJoinedAfterMs: expect.any(Number) });
	});

	it('continue on fail: one error row for the item no agent joined, paired with it; waiting items do not hold up the others', async () => {
		const names = ['s-1', 's-2', 's-3'];
		const dispatched = new Set<string>();
		const scope = nock(LIVEKIT_HOST).persist();
		scope.post('/twirp/livekit.RoomService/ListRooms').reply(200, { rooms: [] });
		scope.post('/twirp/livekit.RoomService/CreateRoom').reply(200, (_uri, body: any) => room(body.name));
		scope.post('/twirp/livekit.AgentDispatchService/CreateDispatch').reply(200, (_uri, body: any) => (dispatched.add(body.room), { id: `AD_${body.room}`, agentName: body.agentName, room: body.room }));
		// The agents of s-1 and s-3 join only once all three sessions were dispatched: with Max
		// Concurrency 1, a wait that held its request slot would never see them.
		scope.post('/twirp/livekit.RoomService/ListParticipants').reply(200, (_uri, body: any) => ({
			participants: dispatched.size === 3 && body.room !== 's-2' ? [{ identity: `agent-${body.room}`, kind: 'AGENT', joinedAtMs: '1795000000400' }] : [],
		}));
		scope.post('/twirp/livekit.AgentDispatchService/ListDispatch').reply(200, (_uri, body: any) => ({ agentDispatches: [{ id: body.dispatchId, room: body.room, state: {} }] }));
		const deleted: string[] = [];
		scope.post('/twirp/livekit.RoomService/DeleteRoom').reply(200, (_uri, body: any) => (deleted.push(body.room), {}));

		try {
			const parameters = { ...waiting, agentWaitTimeout: 2, roomName: '={{ $json.room }}', options: { maxConcurrency: 1 } };
			const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters, continueOnFail: true }, names.map((name) => ({ room: name }))), {
				credentials: liveKitCredentials(),
			});

			const items = outputItems(run, 'Node');
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json).toMatchObject({ roomName: 's-1', agentJoinedAfterMs: 400 });
			expect(items[2].json).toMatchObject({ roomName: 's-3', agentJoinedAfterMs: 400 });
			expect(items[1].json).toEqual({
				error: 'no worker accepted the session within 2 s: LiveKit started no job for dispatch AD_s-2 (agent "n8n-realtime-voice"): no worker of that name is registered, or none had capacity, and LiveKit drops such a dispatch',
				description: expect.stringContaining('The room "s-2" was deleted again'),
				code: 'agent_not_joined',
			});
			expect(deleted).toEqual(['s-2']);
		} finally {
			scope.persist(false);
			nock.cleanAll();
		}
	});

	it.each([
		[{ agentWaitTimeout: 0 }, 'Agent Wait Timeout (Seconds) must be a number from 1 to 120, got 0'],
		[{ agentWaitTimeout: 121 }, 'Agent Wait Timeout (Seconds) must be a number from 1 to 120, got 121'],
		[{ reconnectWindow: -1 }, 'Reconnect Window (Seconds) must be a number from 0 to 3600, got -1'],
	])('refuses %j before any request', async (bad, message) => {
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { ...waiting, ...bad } }), { credentials: liveKitCredentials() });
		expect(nodeError(run, 'Node')?.message).toBe(message);
	});
});
