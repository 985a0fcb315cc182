/**
 * How long a session may live, and why it ended (`EndReason` from `src/events/types`):
 *
 * - `ttl`: `session.ttl` is a hard deadline counted from the room's creation (the moment the node
 *   provisioned the session).
 * - `user_left`: the user left and did not come back within `idleTimeoutSeconds` (a page reload is
 *   not the end of a call).
 * - `idle`: the user is in the room but nobody spoke (user speaking, agent thinking or speaking) for
 *   `silenceTimeoutSeconds` (0: never).
 * - `ended_by_node`: the room was deleted from outside (`ROOM_DELETED`: the Realtime Voice node's End
 *   operation) or the agent was removed from it (`PARTICIPANT_REMOVED`): someone ended the session
 *   on purpose.
 * - `error`: any other disconnect (connection lost, server shut down, duplicate identity, …: nobody
 *   meant to end the call), reported through `ended('error')` (the pipeline failed for good), or the
 *   job ended without any other reason (`settle()`: the worker stopped, the entry crashed).
 *
 * For the first three the worker deletes the room (which disconnects everyone, so the deadline binds
 * the user too) and shuts the job down. `onEnd` is called once, with the first reason.
 */
import type { JobContext } from '@livekit/agents';
import { DisconnectReason, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';

import { DEFAULT_SESSION_TTL_SECONDS } from '../../src/config';
import type { EndReason } from '../../src/events/types';

export type { EndReason };

export interface LifetimeOptions {
	ttlSeconds?: number;
	idleTimeoutSeconds: number;
	/** 0 disables the silence timeout. */
	silenceTimeoutSeconds: number;
	userIdentity: string;
	onEnd: (reason: EndReason) => void;
}

export interface Lifetime {
	/** The TTL deadline, epoch milliseconds. */
	deadline: number;
	/** Why the session ended; `undefined` while it runs. */
	readonly reason: EndReason | undefined;
	/** The user (speaking) or the agent (thinking or speaking) became busy or quiet: the silence clock restarts. */
	activity(who: 'user' | 'agent', busy: boolean): void;
	/** The session ended on its own (e.g. `error`): records the reason; the room is left alone. */
	ended(reason: EndReason): void;
	/** The reason, once the job ends: `error` is recorded when there is none (the worker stopped, a crash). */
	settle(): EndReason;
	/** Clears the timers; a reason can still be recorded. */
	stop(): void;
}

const SHUTDOWN_TEXT: Partial<Record<EndReason, string>> = { ttl: 'session ttl reached', user_left: 'user left', idle: 'silence timeout' };

/** The disconnects that are someone ending the session on purpose; every other one is an `error`. */
const ENDED_BY_NODE: ReadonlySet<DisconnectReason> = new Set([DisconnectReason.ROOM_DELETED, DisconnectReason.PARTICIPANT_REMOVED]);

/** The end reason a room disconnect stands for; `undefined` for the job's own (CLIENT_INITIATED). */
export function endReasonOfDisconnect(why: DisconnectReason): EndReason | undefined {
	if (why === DisconnectReason.CLIENT_INITIATED) return undefined;
	return ENDED_BY_NODE.has(why) ? 'ended_by_node' : 'error';
}

export function enforceLifetime(ctx: JobContext, options: LifetimeOptions): Lifetime {
	// creationTimeMs is the server's clock; the worker and server share a host or NTP, and a skew only
	// shifts the deadline by that skew.
	const room = ctx.job.room;
	const createdMs = Number(room?.creationTimeMs ?? 0n) || Number(room?.creationTime ?? 0n) * 1000 || Date.now();
	const deadline = createdMs + (options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000;
	let idleTimer: NodeJS.Timeout | undefined;
	let silenceTimer: NodeJS.Timeout | undefined;
	let reason: EndReason | undefined;
	let userPresent = ctx.room.remoteParticipants?.has(options.userIdentity) ?? false;
	const busy = { user: false, agent: false };

	const record = (why: EndReason): boolean => {
		if (reason) return false;
		reason = why;
		stop();
		options.onEnd(why);
		return true;
	};

	const end = async (why: EndReason) => {
		if (!record(why)) return;
		try {
			// Deleting the room (not just leaving it) is what makes the end binding for the user too.
			await ctx.deleteRoom();
		} finally {
			ctx.shutdown(SHUTDOWN_TEXT[why]);
		}
	};

	const armSilence = () => {
		clearTimeout(silenceTimer);
		if (!options.silenceTimeoutSeconds || reason || !userPresent || busy.user || busy.agent) return;
		silenceTimer = setTimeout(() => void end('idle').catch(() => undefined), options.silenceTimeoutSeconds * 1000);
	};

	const ttlTimer = setTimeout(() => void end('ttl').catch(() => undefined), Math.max(0, deadline - Date.now()));
	const onLeft = (participant: RemoteParticipant) => {
		if (participant.identity !== options.userIdentity) return;
		userPresent = false;
		clearTimeout(silenceTimer);
		clearTimeout(idleTimer);
		idleTimer = setTimeout(() => void end('user_left').catch(() => undefined), options.idleTimeoutSeconds * 1000);
	};
	const onJoined = (participant: RemoteParticipant) => {
		if (participant.identity !== options.userIdentity) return;
		userPresent = true;
		clearTimeout(idleTimer);
		armSilence();
	};
	// Stays attached after stop(): the session may close before the room reports why. The job's own
	// disconnect (CLIENT_INITIATED) is not a reason; our deleteRoom has recorded one already.
	const onDisconnected = (why: DisconnectReason) => {
		const ended = endReasonOfDisconnect(why);
		if (ended) record(ended);
	};
	ctx.room.on(RoomEvent.ParticipantDisconnected, onLeft);
	ctx.room.on(RoomEvent.ParticipantConnected, onJoined);
	ctx.room.on(RoomEvent.Disconnected, onDisconnected);
	armSilence();

	/** Clears the timers; the end reason can still be recorded. */
	function stop() {
		clearTimeout(ttlTimer);
		clearTimeout(idleTimer);
		clearTimeout(silenceTimer);
		ctx.room.off(RoomEvent.ParticipantDisconnected, onLeft);
		ctx.room.off(RoomEvent.ParticipantConnected, onJoined);
	}

	return {
		deadline,
		get reason() {
			return reason;
		},
		activity(who, isBusy) {
			busy[who] = isBusy;
			armSilence();
		},
		ended: (why) => void record(why),
		settle() {
			record('error');
			return reason!;
		},
		stop,
	};
}
