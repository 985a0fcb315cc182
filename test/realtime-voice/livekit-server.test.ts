/**
 * The Realtime Voice node against a real livekit-server on 127.0.0.1: what the node creates is what
 * the server holds, and a participant can join with the token it returns.
 */
import { Room, dispose } from '@livekit/rtc-node';
import { TokenVerifier } from 'livekit-server-sdk';

import { parseDispatchMetadata } from '../../src/config';
import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { completeConfig, isolateNetwork, workflowWith } from '../harness/fixtures';
import { liveKitServer } from '../harness/livekit';

isolateNetwork();
const server = liveKitServer();
const joined: Room[] = [];

afterAll(async () => {
	await Promise.all(joined.map((room) => room.disconnect()));
	await dispose();
});

const session = (operation: string, parameters: object = {}, credentials = server.credentials) =>
	executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { resource: 'session', operation, ...parameters } }), { credentials });

async function createSession(participantName: string, ttl = 600) {
	const config = { ...completeConfig(), session: { ttl } };
	// No worker runs here: Wait for Agent is tested with one in test/e2e/capacity.test.ts.
	const run = await session('create', { participantName, configSource: 'json', configJson: JSON.stringify(config), waitForAgent: false });
	expect(nodeError(run, 'Node')).toBeUndefined();
	return { row: outputJson(run, 'Node')[0], config };
}

async function join(url: string, token: string) {
	const room = new Room();
	await room.connect(url, token, { autoSubscribe: false, dynacast: false });
	joined.push(room);
	return room;
}

it('creates the room with the TTL, a dispatch carrying the config, and a token the server accepts', async () => {
	const { row, config } = await createSession('Grace', 600);

	const [room] = await server.rooms.listRooms([row.roomName as string]);
	// departureTimeout: the Reconnect Window (default 30 s, the worker's idle timeout), not LiveKit's 20 s.
	expect(room).toMatchObject({ name: row.roomName, emptyTimeout: 600, departureTimeout: 30, sid: row.roomSid });
	expect(row.agentJoinedAfterMs).toBeNull();
	expect(JSON.parse(room.metadata)).toEqual({ createdBy: 'n8n-nodes-realtime-voice', agentName: 'n8n-realtime-voice', participantIdentity: row.participantIdentity, participantName: 'Grace' });

	// LiveKit also lists an implicit dispatch with an empty agent name; named workers never take it.
	const dispatch = (await server.dispatches.listDispatch(row.roomName as string)).find((d) => d.id === row.dispatchId);
	expect(dispatch?.agentName).toBe('n8n-realtime-voice');
	expect(parseDispatchMetadata(dispatch!.metadata)).toEqual({
		ok: true,
		value: { version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity: row.participantIdentity, name: 'Grace' }, config },
	});

	const claims = await new TokenVerifier(server.apiKey, server.apiSecret).verify(row.token as string);
	expect(claims.video).toMatchObject({ room: row.roomName, roomJoin: true });
	expect(row.wsUrl).toBe(server.url);
});

it('Get sees the user join with the returned token, and the agent once one joins', async () => {
	const { row } = await createSession('Alan');
	const get = async () => outputJson(await session('get', { roomName: row.roomName }), 'Node')[0];

	expect(await get()).toMatchObject({ roomName: row.roomName, agentJoined: false, participants: '[]', createdByNode: true });

	await join(row.wsUrl as string, row.token as string);
	expect(await get()).toMatchObject({ agentJoined: false, participants: JSON.stringify([row.participantIdentity]) });

	await join(server.url, await server.token(row.roomName as string, 'agent-test', 'agent'));
	expect(await get()).toMatchObject({ agentJoined: true, agentIdentity: 'agent-test', numParticipants: 2 });
});

it('the room outlives LiveKit\'s 20 s departure default after the user left: it stays open for the Reconnect Window', async () => {
	const { row } = await createSession('Ada');
	const user = await join(row.wsUrl as string, row.token as string);
	await user.disconnect();
	const leftAt = Date.now();

	// 25 s after the user left (LiveKit alone would have closed it at 20 s), the room is still there.
	await new Promise((resolve) => setTimeout(resolve, 25_000 - (Date.now() - leftAt)));
	expect(await server.rooms.listRooms([row.roomName as string])).toHaveLength(1);
	await server.rooms.deleteRoom(row.roomName as string);
}, 60_000);

it('List shows the rooms this node created and leaves out foreign rooms', async () => {
	const { row } = await createSession('Katherine');
	await server.rooms.createRoom({ name: `foreign-${Date.now()}` });

	const own = outputJson(await session('list', { returnAll: true }), 'Node');
	expect(own.map((r) => r.roomName)).toContain(row.roomName);
	expect(own.every((r) => r.createdByNode === true)).toBe(true);

	const all = outputJson(await session('list', { returnAll: true, onlyOwn: false }), 'Node');
	expect(all.some((r) => String(r.roomName).startsWith('foreign-'))).toBe(true);
});

it('End closes the room; Get then reports it gone', async () => {
	const { row } = await createSession('Barbara');

	expect(outputJson(await session('end', { roomName: row.roomName }), 'Node')).toEqual([{ roomName: row.roomName, ended: true }]);
	expect(await server.rooms.listRooms([row.roomName as string])).toEqual([]);

	const after = await session('get', { roomName: row.roomName });
	expect(nodeError(after, 'Node')?.message).toBe(`LiveKit API error 404 [room_not_found]: Room "${row.roomName}" does not exist (it ended, timed out, or never started)`);
});

it('a wrong secret is a clear error that does not contain the secret', async () => {
	const wrong = { liveKitApi: { ...server.credentials.liveKitApi, apiSecret: 'wrong-secret-0123456789abcdef0123456789' } };
	const run = await session('list', {}, wrong);

	expect(nodeError(run, 'Node')?.message).toBe(
		'LiveKit API error 401: List rooms: invalid token: [redacted token], error: token signature is invalid: signature is invalid',
	);
	expect(JSON.stringify(run.data)).not.toContain('wrong-secret-0123456789abcdef0123456789');
	expect(JSON.stringify(run.data)).not.toContain(server.apiSecret);
	expect(JSON.stringify(run.data)).not.toContain(server.apiKey);
});
