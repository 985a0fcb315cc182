/**
 * One session as the Realtime Voice node makes it, straight through LiveKit's API: a room, an explicit
 * dispatch with the node's metadata (espeak TTS and a greeting, so no provider key or LLM is needed),
 * and a TestCaller that joins with its own token, waits for the agent and hears the greeting.
 */
import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

import { encodeDispatchMetadata, type AssistantConfig } from '../../src/config';
import { TestCaller } from '../../scripts/local-stack/caller';
import type { WorkerProcess } from '../../scripts/local-stack/worker-process';
import { waitForAgent } from '../harness/agent-join';

export interface Server {
	url: string;
	apiKey: string;
	apiSecret: string;
}

export const GREETING = 'Hello, this is the scale test.';

export function greetingConfig(ttl = 120): AssistantConfig {
	return {
		session: { ttl },
		agent: { instructions: 'You are a test assistant.', greetingMessage: GREETING },
		stt: { default: { provider: 'openai-compatible', model: 'whisper-1', baseUrl: 'http://127.0.0.1:9/v1' } },
		tts: { default: { provider: 'espeak', voiceId: 'en-us' } },
		llm: { default: { provider: 'openai-compatible', model: 'none', baseUrl: 'http://127.0.0.1:9/v1' } },
	} as AssistantConfig;
}

const http = (server: Server) => server.url.replace(/^ws/, 'http');

/** Creates the room and the dispatch through `api` (a node of the cluster, or the single server). */
export async function dispatchSession(api: Server, room: string, agentName: string, ttl = 120): Promise<void> {
	await new RoomServiceClient(http(api), api.apiKey, api.apiSecret).createRoom({ name: room, emptyTimeout: 120, departureTimeout: 30 });
	await new AgentDispatchClient(http(api), api.apiKey, api.apiSecret).createDispatch(room, agentName, {
		metadata: encodeDispatchMetadata(greetingConfig(ttl), { identity: `user-${room}`, name: 'Scale Caller' }),
	});
}

/** Joins `room` through `via` as the dispatch's participant; resolves once the agent is in the room. */
export async function joinSession(via: Server, api: Server, room: string, agentName: string, timeoutMs = 90_000): Promise<TestCaller> {
	const token = new AccessToken(via.apiKey, via.apiSecret, { identity: `user-${room}`, name: 'Scale Caller', ttl: 600 });
	token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
	const caller = await TestCaller.join(via.url, await token.toJwt(), { microphone: false });
	try {
		await waitForAgent(caller, api, room, agentName, timeoutMs);
	} catch (error) {
		await caller.leave();
		throw error;
	}
	return caller;
}

/** Whole session: dispatch, join, the greeting heard. */
export async function answeredSession(api: Server, via: Server, room: string, agentName: string, timeoutMs = 90_000) {
	const started = Date.now();
	await dispatchSession(api, room, agentName);
	const caller = await joinSession(via, api, room, agentName, timeoutMs);
	const greeting = await caller.nextUtterance(started, 45_000);
	return { caller, greeting, agentAfterMs: caller.agent!.joinedAt - started, greetingAfterMs: greeting.startedAt - started };
}

/** Which of the workers ran the job of `room` (its job process logs carry `room`), and that job's pid. */
export function jobOf(workers: WorkerProcess[], room: string): { worker: WorkerProcess; pid: number } | undefined {
	for (const worker of workers) {
		const line = worker.logs.find((candidate) => candidate.room === room && typeof candidate.pid === 'number' && candidate.pid !== worker.pid);
		if (line) return { worker, pid: line.pid as number };
	}
	return undefined;
}

export async function deleteRoom(api: Server, room: string) {
	await new RoomServiceClient(http(api), api.apiKey, api.apiSecret).deleteRoom(room).catch(() => undefined);
}

export async function roomExists(api: Server, room: string): Promise<boolean> {
	return (await new RoomServiceClient(http(api), api.apiKey, api.apiSecret).listRooms([room])).length > 0;
}

export async function agentsIn(api: Server, room: string): Promise<string[]> {
	const participants = await new RoomServiceClient(http(api), api.apiKey, api.apiSecret).listParticipants(room).catch(() => []);
	return participants.filter((participant) => Number(participant.kind) === 4).map((participant) => participant.identity);
}

/** `jobOf`, waiting up to `timeoutMs` for the job's log lines (they come through the worker's pipe). */
export async function waitForJob(workers: WorkerProcess[], room: string, timeoutMs = 15_000): Promise<{ worker: WorkerProcess; pid: number } | undefined> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const job = jobOf(workers, room);
		if (job || Date.now() > deadline) return job;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
