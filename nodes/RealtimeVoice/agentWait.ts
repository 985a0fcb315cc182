/**
 * Wait for Agent: a session is only handed out once an agent is in its room. LiveKit offers a dispatch
 * to a worker with spare capacity and drops it when there is none (it is not queued), so without this
 * wait a user could get a token for a room no agent will ever join.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { AgentDispatch, ParticipantInfo, Room } from 'livekit-server-sdk';

import type { SendContext } from '../shared/runner';
import { abortableSleep } from '../shared/transport/retry';
import { liveKitCall, type LiveKit } from './livekit';
import { isAgent } from './rows';

/** How often the room's participants are read while waiting. */
export const AGENT_POLL_MS = 250;

export interface AgentJoined {
	agent: ParticipantInfo;
	/** Room creation → agent joined, ms: LiveKit's own timestamps when it gives both, else measured here. */
	afterMs: number;
}

interface Waiting {
	lk: LiveKit;
	room: Room;
	roomName: string;
	agentName: string;
	dispatchId: string;
	/** Date.now() just before the room was created. */
	startedAt: number;
	timeoutSeconds: number;
}

const JOB_STATUS = ['pending', 'running', 'succeeded', 'failed'];

/**
 * Polls the room until a participant of kind AGENT is in it. When Agent Wait Timeout passes with no
 * agent, LiveKit's dispatch state decides: no job means no worker accepted the session (the failure
 * this option exists for); an accepted job gets `acceptedJobGraceMs` more. On failure (or when the
 * run is stopped) the room is deleted, so nothing half-created is left, and the item fails with what
 * LiveKit shows (error code `agent_not_joined`).
 */
export async function waitForAgent(fn: IExecuteFunctions, context: SendContext, waiting: Waiting): Promise<AgentJoined> {
	const { lk, roomName, startedAt, timeoutSeconds } = waiting;
	let shown: { accepted: boolean; text: string } | undefined;
	try {
		const joined = await pollForAgent(fn, context, waiting, startedAt + timeoutSeconds * 1000);
		if (joined) return joined;
		shown = await describeDispatch(lk, waiting);
		// A worker took the job and is starting it (a fresh job process when its prewarmed ones are in
		// use takes a few seconds more in a burst): it gets a grace period, not the failure the timeout
		// is for, which is that no worker accepted the session.
		if (shown.accepted) {
			const late = await pollForAgent(fn, context, waiting, Date.now() + acceptedJobGraceMs(timeoutSeconds));
			if (late) return late;
			shown = await describeDispatch(lk, waiting);
		}
	} catch (error) {
		await lk.rooms.deleteRoom(roomName).catch(() => undefined);
		throw error;
	}
	await lk.rooms.deleteRoom(roomName).catch(() => undefined);
	const waited = shown.accepted ? `${timeoutSeconds} s and ${acceptedJobGraceMs(timeoutSeconds) / 1000} s more after a worker accepted it` : `${timeoutSeconds} s`;
	const error = new NodeOperationError(fn.getNode(), `${shown.accepted ? 'the agent did not join' : 'no worker accepted'} the session within ${waited}: ${shown.text}`, {
		itemIndex: context.itemIndex,
		description:
			`The room "${roomName}" was deleted again. Check that a worker with Agent Name "${waiting.agentName}" is running and has capacity ` +
			'(its N8N_VOICE_MAX_SESSIONS, docs/worker.md#capacity), or raise Agent Wait Timeout.',
	});
	error.context.code = 'agent_not_joined';
	return Promise.reject(error);
}

/**
 * How long an agent whose job a worker accepted may still take to join after Agent Wait Timeout:
 * twice the timeout (20 s at the default 10 s). Measured on this 2-core machine, a burst of 10 on one
 * worker with 4 prewarmed processes had its 10th agent in the room after 14–20 s (docs/worker.md).
 */
export const acceptedJobGraceMs = (timeoutSeconds: number) => 2 * timeoutSeconds * 1000;

/** Polls the room's participants until an agent is in it (returned) or `deadline` passes (undefined). */
async function pollForAgent(fn: IExecuteFunctions, context: SendContext, waiting: Waiting, deadline: number): Promise<AgentJoined | undefined> {
	const { lk, roomName, startedAt } = waiting;
	const signal = context.settings.signal;
	for (;;) {
		const participants = await liveKitCall(fn, context, 'Wait for agent', () => lk.rooms.listParticipants(roomName));
		const agent = participants.find(isAgent);
		if (agent) return { agent, afterMs: joinedAfterMs(waiting.room, agent, startedAt) };
		const remaining = deadline - Date.now();
		if (remaining <= 0) return undefined;
		await abortableSleep(Math.min(AGENT_POLL_MS, remaining), signal);
		if (signal?.aborted) {
			throw new NodeOperationError(fn.getNode(), 'Wait for Agent was stopped (another item failed or the execution was cancelled); the room was deleted', {
				itemIndex: context.itemIndex,
			});
		}
	}
}

function joinedAfterMs(room: Room, agent: ParticipantInfo, startedAt: number): number {
	const created = Number(room.creationTimeMs ?? 0);
	const joined = Number(agent.joinedAtMs ?? 0);
	if (created > 0 && joined >= created) return joined - created;
	return Math.max(0, Date.now() - startedAt);
}

/** LiveKit's view of the dispatch: the jobs it started for it, if any. */
async function describeDispatch(lk: LiveKit, { roomName, dispatchId, agentName }: Waiting): Promise<{ accepted: boolean; text: string }> {
	let dispatch: AgentDispatch | undefined;
	try {
		dispatch = await lk.dispatches.getDispatch(dispatchId, roomName);
	} catch (error) {
		return { accepted: false, text: `no agent in the room, and dispatch ${dispatchId} could not be read (${(error as Error).message})` };
	}
	if (!dispatch) return { accepted: false, text: `no agent in the room, and LiveKit no longer lists dispatch ${dispatchId}` };
	const jobs = dispatch.state?.jobs ?? [];
	if (jobs.length === 0) {
		return {
			accepted: false,
			text:
				`LiveKit started no job for dispatch ${dispatchId} (agent "${agentName}"): no worker of that name is registered, ` +
				'or none had capacity, and LiveKit drops such a dispatch',
		};
	}
	const text = jobs
		.map((job) => {
			const status = JOB_STATUS[Number(job.state?.status ?? 0)] ?? String(job.state?.status);
			const worker = job.state?.workerId ? ` on worker ${job.state.workerId}` : '';
			const error = job.state?.error ? ` (${job.state.error})` : '';
			return `job ${job.id} ${status}${worker}${error}`;
		})
		.join(', ');
	return { accepted: true, text: `LiveKit shows ${text} for dispatch ${dispatchId}, but no agent in the room` };
}
