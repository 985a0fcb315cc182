/**
 * P3: worker overhead per turn = end of the user's turn → first agent audio frame, minus the
 * providers' own time (LLM time to first token + TTS time to first byte, as the worker measured them).
 *
 * A caller speaks an espeak-ng utterance, the scripted STT returns its text, the scripted LLM answers
 * one sentence and espeak speaks it. Preemptive generation is off in this worker so that the LLM
 * starts after the end of the turn and the subtraction is exact. "End of turn" is the moment the
 * framework committed the turn (after the VAD silence and the endpointing delay, which are deliberate
 * waits, not overhead). Also printed: the same span seen by the caller (first frame received).
 */
import { synthesizeSpeech, TestCaller } from '../../scripts/local-stack/caller';
import { localConfig, percentile, type Stack } from './stack';

export async function measureTurnOverhead(stack: Stack, turns: number) {
	const [session] = await stack.provision([localConfig(stack.providers.baseUrl, { initialGreeting: false })]);
	const caller = await TestCaller.join(String(session.wsUrl), String(session.token));
	const speech = synthesizeSpeech('What are your opening hours?');
	const overhead: number[] = [];
	const turnToAudio: number[] = [];
	const callerSide: number[] = [];
	try {
		await caller.waitFor(() => caller.agent !== undefined, 30_000, 'agent');
		for (let turn = 0; turn < turns; turn++) {
			const seen = stack.worker.logs.filter((l) => l.msg === 'turn metrics').length;
			stack.providers.queueTranscripts('What are your opening hours?');
			const spokeAt = await caller.say(speech);
			const reply = await caller.nextUtterance(spokeAt, 30_000);
			let count = 0;
			const line = await stack.worker.waitForLog((l) => l.msg === 'turn metrics' && ++count > seen, 30_000);
			const m = line.turnMetrics as { turnToFirstAudioMs: number; llmTtftMs: number; ttsTtfbMs: number; userTurnEndedAt: number };
			turnToAudio.push(m.turnToFirstAudioMs);
			overhead.push(m.turnToFirstAudioMs - m.llmTtftMs - m.ttsTtfbMs);
			callerSide.push(reply.startedAt - m.userTurnEndedAt);
		}
	} finally {
		await caller.leave();
		await stack.rooms.deleteRoom(String(session.roomName)).catch(() => {});
	}
	const stats = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });
	return { turns, overhead: stats(overhead), turnToFirstAudio: stats(turnToAudio), callerHeard: stats(callerSide) };
}
