/**
 * P2: node execution → agent joined the room. One session at a time through the Realtime Voice node
 * in n8n's engine; the clock starts before the workflow runs and stops at the agent participant's
 * `joinedAtMs` as livekit-server recorded it (same host, same clock). The room is deleted after each
 * measurement so the worker's pool of prewarmed job processes refills as it would in production.
 */
import { isAgent } from '../../nodes/RealtimeVoice/rows';
import { localConfig, percentile, sleep, type Stack } from './stack';

export async function measureAgentJoin(stack: Stack, sessions: number, pauseMs: number) {
	const samples: number[] = [];
	for (let i = 0; i < sessions; i++) {
		const started = Date.now();
		const [session] = await stack.provision([localConfig(stack.providers.baseUrl, { greetingMessage: 'Hello.' })]);
		const room = String(session.roomName);
		let joinedAt: number | undefined;
		while (joinedAt === undefined && Date.now() - started < 30_000) {
			const agent = (await stack.rooms.listParticipants(room)).find(isAgent);
			if (agent) joinedAt = Number(agent.joinedAtMs);
			else await sleep(5);
		}
		if (joinedAt === undefined) throw new Error(`no agent joined ${room} within 30 s; worker said:\n${stack.worker.output().slice(-2500)}`);
		samples.push(joinedAt - started);
		await stack.rooms.deleteRoom(room);
		await sleep(pauseMs);
	}
	return { samples, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples) };
}
