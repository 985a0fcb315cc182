/**
 * How long a session may live. `session.ttl` is a hard deadline counted from the room's creation (the
 * moment the node provisioned the session): at the deadline the room is deleted, which disconnects
 * everyone and ends the job. Separately, when the user leaves, the agent waits `idleTimeoutSeconds`
 * for a reconnect before closing the room, so an abandoned session does not hold a job process.
 */
import type { JobContext } from '@livekit/agents';
import { RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';

import { DEFAULT_SESSION_TTL_SECONDS } from '../../src/config';

export type EndReason = 'ttl' | 'idle';

export interface Lifetime {
	deadline: number;
	stop(): void;
}

export function enforceLifetime(
	ctx: JobContext,
	options: { ttlSeconds?: number; idleTimeoutSeconds: number; userIdentity: string; onEnd: (reason: EndReason) => void },
): Lifetime {
	// creationTimeMs is the server's clock; the worker and server share a host or NTP, and a skew only
	// shifts the deadline by that skew.
	const room = ctx.job.room;
	const createdMs = Number(room?.creationTimeMs ?? 0n) || Number(room?.creationTime ?? 0n) * 1000 || Date.now();
	const deadline = createdMs + (options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000;
	let idleTimer: NodeJS.Timeout | undefined;
	let ended = false;

	const end = async (reason: EndReason) => {
		if (ended) return;
		ended = true;
		stop();
		options.onEnd(reason);
		// Deleting the room (not just leaving it) is what makes the TTL binding for the user too.
		await ctx.deleteRoom();
		ctx.shutdown(reason === 'ttl' ? 'session ttl reached' : 'user left');
	};

	const ttlTimer = setTimeout(() => void end('ttl'), Math.max(0, deadline - Date.now()));
	const onLeft = (participant: RemoteParticipant) => {
		if (participant.identity !== options.userIdentity) return;
		clearTimeout(idleTimer);
		idleTimer = setTimeout(() => void end('idle'), options.idleTimeoutSeconds * 1000);
	};
	const onJoined = (participant: RemoteParticipant) => {
		if (participant.identity === options.userIdentity) clearTimeout(idleTimer);
	};
	ctx.room.on(RoomEvent.ParticipantDisconnected, onLeft);
	ctx.room.on(RoomEvent.ParticipantConnected, onJoined);

	function stop() {
		clearTimeout(ttlTimer);
		clearTimeout(idleTimer);
		ctx.room.off(RoomEvent.ParticipantDisconnected, onLeft);
		ctx.room.off(RoomEvent.ParticipantConnected, onJoined);
	}
	return { deadline, stop };
}
