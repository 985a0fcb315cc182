/**
 * Why a session ends (`EndReason`): the TTL, the user leaving for good, silence while the user is
 * there, the room deleted or the agent removed from outside (ended_by_node), any other disconnect
 * and an error (error), each recorded once. A stand-in room (an
 * EventEmitter with the rtc-node event names) plays the LiveKit side.
 */
import { EventEmitter } from 'node:events';

import type { JobContext } from '@livekit/agents';
import { DisconnectReason, RoomEvent } from '@livekit/rtc-node';

import { enforceLifetime, type Lifetime, type LifetimeOptions } from '../../worker/src/lifecycle';

const USER = 'user-1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeJob(options: { userPresent?: boolean; roomAgeMs?: number } = {}) {
	const room = Object.assign(new EventEmitter(), { remoteParticipants: new Map<string, unknown>(options.userPresent ? [[USER, {}]] : []) });
	const calls: string[] = [];
	const ctx = {
		job: { room: { creationTimeMs: BigInt(Date.now() - (options.roomAgeMs ?? 0)) } },
		room,
		deleteRoom: async () => void calls.push('deleteRoom'),
		shutdown: (reason?: string) => void calls.push(`shutdown: ${reason}`),
	} as unknown as JobContext;
	return { ctx, room, calls };
}

const lifetimes: Lifetime[] = [];
afterEach(() => lifetimes.splice(0).forEach((l) => l.stop()));

function start(job: ReturnType<typeof fakeJob>, options: Partial<LifetimeOptions> = {}) {
	const ends: string[] = [];
	const lifetime = enforceLifetime(job.ctx, { ttlSeconds: 60, idleTimeoutSeconds: 60, silenceTimeoutSeconds: 0, userIdentity: USER, onEnd: (reason) => ends.push(reason), ...options });
	lifetimes.push(lifetime);
	return { lifetime, ends };
}

describe('session lifetime', () => {
	it('ends at the TTL counted from the room creation: room deleted, job shut down', async () => {
		const job = fakeJob({ roomAgeMs: 59_900 });
		const { lifetime, ends } = start(job);
		expect(lifetime.deadline).toBeGreaterThan(Date.now());
		await sleep(250);
		expect(ends).toEqual(['ttl']);
		expect(job.calls).toEqual(['deleteRoom', 'shutdown: session ttl reached']);
		expect(lifetime.reason).toBe('ttl');
	});

	it('ends as user_left when the user does not come back within the idle timeout', async () => {
		const job = fakeJob({ userPresent: true });
		const { ends } = start(job, { idleTimeoutSeconds: 0.1, silenceTimeoutSeconds: 0.1 });
		job.room.emit(RoomEvent.ParticipantDisconnected, { identity: USER });
		await sleep(250);
		expect(ends).toEqual(['user_left']);
		expect(job.calls).toEqual(['deleteRoom', 'shutdown: user left']);
	});

	it('keeps the session when the user comes back in time', async () => {
		const job = fakeJob({ userPresent: true });
		const { ends } = start(job, { idleTimeoutSeconds: 0.15 });
		job.room.emit(RoomEvent.ParticipantDisconnected, { identity: USER });
		await sleep(50);
		job.room.emit(RoomEvent.ParticipantConnected, { identity: USER });
		await sleep(250);
		expect(ends).toEqual([]);
	});

	it('ends as idle when nobody speaks while the user is there', async () => {
		const job = fakeJob({ userPresent: true });
		const { ends } = start(job, { silenceTimeoutSeconds: 0.1 });
		await sleep(250);
		expect(ends).toEqual(['idle']);
		expect(job.calls).toEqual(['deleteRoom', 'shutdown: silence timeout']);
	});

	it('does not count silence while someone speaks or the agent thinks, and restarts it after', async () => {
		const job = fakeJob({ userPresent: true });
		const { lifetime, ends } = start(job, { silenceTimeoutSeconds: 0.3 });
		lifetime.activity('user', true);
		await sleep(200);
		lifetime.activity('user', false);
		lifetime.activity('agent', true);
		await sleep(450);
		expect(ends).toEqual([]);
		lifetime.activity('agent', false);
		await sleep(150);
		expect(ends).toEqual([]);
		await sleep(300);
		expect(ends).toEqual(['idle']);
	});

	it('counts silence only once the user is in the room, and never when it is 0', async () => {
		const waiting = fakeJob();
		const { ends } = start(waiting, { silenceTimeoutSeconds: 0.1 });
		await sleep(200);
		expect(ends).toEqual([]);
		waiting.room.emit(RoomEvent.ParticipantConnected, { identity: USER });
		await sleep(200);
		expect(ends).toEqual(['idle']);

		const disabled = fakeJob({ userPresent: true });
		const never = start(disabled, { silenceTimeoutSeconds: 0 });
		await sleep(200);
		expect(never.ends).toEqual([]);
	});

	it.each(['ROOM_DELETED', 'PARTICIPANT_REMOVED'] as const)('records ended_by_node when the room is deleted or the agent removed (%s), and leaves the room alone', (why) => {
		const job = fakeJob({ userPresent: true });
		const { lifetime, ends } = start(job);
		job.room.emit(RoomEvent.Disconnected, DisconnectReason[why]);
		expect(ends).toEqual(['ended_by_node']);
		expect(job.calls).toEqual([]);
		expect(lifetime.settle()).toBe('ended_by_node');
	});

	it.each(['UNKNOWN_REASON', 'SERVER_SHUTDOWN', 'DUPLICATE_IDENTITY', 'SIGNAL_CLOSE', 'CONNECTION_TIMEOUT', 'JOIN_FAILURE', 'MEDIA_FAILURE', 'ROOM_CLOSED'] as const)('records error for a disconnect nobody asked for (%s)', (why) => {
		const job = fakeJob({ userPresent: true });
		const { lifetime, ends } = start(job);
		job.room.emit(RoomEvent.Disconnected, DisconnectReason[why]);
		expect(ends).toEqual(['error']);
		expect(job.calls).toEqual([]);
		expect(lifetime.reason).toBe('error');
	});

	it('ignores the job disconnecting itself; a job that ends without a reason ends with error', () => {
		const job = fakeJob({ userPresent: true });
		const { lifetime, ends } = start(job);
		lifetime.stop();
		job.room.emit(RoomEvent.Disconnected, DisconnectReason.CLIENT_INITIATED);
		expect(lifetime.reason).toBeUndefined();
		expect(lifetime.settle()).toBe('error');
		expect(ends).toEqual(['error']);
	});

	it('keeps the first reason: an error, then the room deleted', () => {
		const job = fakeJob({ userPresent: true });
		const { lifetime, ends } = start(job);
		lifetime.ended('error');
		job.room.emit(RoomEvent.Disconnected, DisconnectReason.ROOM_DELETED);
		expect(ends).toEqual(['error']);
		expect(lifetime.settle()).toBe('error');
	});
});
