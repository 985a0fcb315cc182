/** The two ends of a session that are not the conversation itself: the greeting and a refusal. */
import type { JobContext, log, voice } from '@livekit/agents';
import { RoomEvent, type AudioFrame, type RemoteParticipant, type Room } from '@livekit/rtc-node';

import type { AssistantConfig } from '../../src/config';
import type { EarlyGreeting } from './session/earlyGreeting';

export type Logger = ReturnType<typeof log>;

/** Runs `then` once the participant is in the room (now, if already there). */
export function whenParticipantJoins(room: Room, identity: string, then: () => void): () => void {
	const onJoin = (participant: RemoteParticipant) => {
		if (participant.identity !== identity) return;
		room.off(RoomEvent.ParticipantConnected, onJoin);
		then();
	};
	if (room.remoteParticipants.has(identity)) then();
	else room.on(RoomEvent.ParticipantConnected, onJoin);
	return () => room.off(RoomEvent.ParticipantConnected, onJoin);
}

/** The user's identity from metadata that failed validation, if it can still be read. */
export function participantHint(metadata: string): string | undefined {
	try {
		const identity = (JSON.parse(metadata) as { participant?: { identity?: unknown } }).participant?.identity;
		return typeof identity === 'string' ? identity : undefined;
	} catch {
		return undefined;
	}
}

/** How long a refused session waits for its user, so the reason reaches someone (data is not stored). */
const REFUSAL_WAIT_MS = 30_000;

/** Data-channel topic on which the worker tells the room's participants why a session cannot run. */
export const WORKER_EVENTS_TOPIC = 'n8n-realtime-voice';

const DEFAULT_GREETING_INSTRUCTIONS = 'Greet the user in one short sentence and offer your help.';

/**
 * `greetingMessage` is spoken verbatim (no LLM needed); otherwise `greetingInstructions` make the LLM
 * write the greeting. `initialGreeting: false` keeps the agent silent until the user speaks; when it
 * is not set, the agent greets if the config says how.
 */
export function greet(session: voice.AgentSession, agent: AssistantConfig['agent'], early?: EarlyGreeting) {
	if (!greets(agent)) return early?.close();
	const allowInterruptions = agent.allowInterruptions ?? true;
	try {
		if (agent.greetingMessage) {
			// Audio synthesized while the agent joined (session/earlyGreeting.ts), when there is some.
			const say = (audio?: ReadableStream<AudioFrame>) => session.say(agent.greetingMessage!, { allowInterruptions, ...(audio ? { audio } : {}) });
			const audio = early?.audio(() => {
				try {
					say();
				} catch {
					// closing already
				}
			});
			const handle = say(audio);
			if (audio) early!.attach(handle.id);
			else early?.close();
		} else session.generateReply({ instructions: agent.greetingInstructions || DEFAULT_GREETING_INSTRUCTIONS, allowInterruptions });
	} catch {
		// The session is already closing (the user joined as the TTL ran out): nothing to greet.
		early?.close();
	}
}

/** Whether the agent speaks first (see greet). */
export const greets = (agent: AssistantConfig['agent']) => agent.initialGreeting ?? Boolean(agent.greetingMessage || agent.greetingInstructions);

/**
 * Ends a job that cannot run (invalid dispatch, provider not configured): one clear log line, one data
 * message to the room so the user's app can show why, and the job ends. The worker itself keeps going.
 * `reported`: the session's events about the refusal on their way (a bounded drain that never
 * rejects); the job is shut down only once it settled, as shutting down ends the process.
 */
export async function endWithError(ctx: JobContext, logger: Logger, reason: 'invalid_config' | 'provider_setup', errors: string[], userIdentity?: string, reported?: Promise<unknown>) {
	logger.error({ reason, errors }, `session refused: ${errors.join('; ')}`);
	try {
		await ctx.connect();
		// Room data reaches only those present: wait (briefly) for the user before saying why.
		if (userIdentity) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => (stop(), resolve()), REFUSAL_WAIT_MS);
				const stop = whenParticipantJoins(ctx.room, userIdentity, () => (clearTimeout(timer), resolve()));
			});
		}
		const message = JSON.stringify({ type: 'session_error', reason, errors });
		await ctx.room.localParticipant!.publishData(new TextEncoder().encode(message), { reliable: true, topic: WORKER_EVENTS_TOPIC });
	} catch (error) {
		logger.warn({ error: (error as Error).message }, 'could not tell the room why the session was refused');
	} finally {
		await reported?.catch(() => undefined);
		ctx.shutdown(reason);
	}
}

/** Pipeline errors arrive wrapped ({type, label, error, recoverable}); log what actually failed. */
export function describeError(error: unknown): string {
	if (error instanceof Error) return error.message;
	if (error && typeof error === 'object') {
		const { label, error: inner, recoverable } = error as { label?: string; error?: unknown; recoverable?: boolean };
		return `${label ?? 'pipeline'}: ${inner instanceof Error ? inner.message : String(inner)}${recoverable === undefined ? '' : recoverable ? ' (recoverable)' : ' (not recoverable)'}`;
	}
	return String(error);
}
