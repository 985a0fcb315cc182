/**
 * P4: how many sessions one worker holds at once on this machine before the agents' audio underruns
 * exceed 1 %.
 *
 * Each level provisions N sessions, waits until every room has its agent, then N callers join at
 * once and every agent speaks a 12-second greeting. The greeting's TTS is the `openai-compatible`
 * provider pointed at the scripted double, which returns one continuous tone: any quiet frame inside
 * the utterance is audio the agent failed to deliver in time (an underrun), with no natural pauses to
 * confuse the count. Levels rise until the underrun ratio passes 1 % or a session fails.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { TestCaller } from '../../scripts/local-stack/caller';
import { isAgent } from '../../nodes/RealtimeVoice/rows';
import { localConfig, sleep, type Stack } from './stack';

// ~200 characters without a sentence break: one TTS request, 12 s of tone from the double.
const GREETING = 'this greeting is one long continuous sentence that keeps the agent talking for a while so that every frame it sends can be checked for gaps while many other sessions are talking at the same time on this worker';

async function level(stack: Stack, sessions: number, staggerMs: number) {
	const tts = { provider: 'openai-compatible', voiceId: 'alloy', model: 'tone', baseUrl: stack.providers.baseUrl };
	const provisioned = await stack.provision(Array.from({ length: sessions }, () => localConfig(stack.providers.baseUrl, { greetingMessage: GREETING }, tts)));
	const rooms = provisioned.map((s) => String(s.roomName));
	const deadline = Date.now() + 120_000;
	for (const room of rooms) {
		while (!(await stack.rooms.listParticipants(room)).some(isAgent)) {
			if (Date.now() > deadline) throw new Error(`agent missing in ${room}`);
			await sleep(50);
		}
	}
	if (process.env.P4_SETTLE_MS) await sleep(Number(process.env.P4_SETTLE_MS));
	// How late this process (where all callers run) got to its work: what a wall-clock count would misread.
	const loop = monitorEventLoopDelay({ resolution: 10 });
	loop.enable();
	const started = Date.now();
	// Callers arrive `staggerMs` apart (0 = all at the same instant); every greeting starts on arrival.
	const callers = await Promise.all(provisioned.map(async (s, index) => (await sleep(index * staggerMs), TestCaller.join(String(s.wsUrl), String(s.token), { microphone: false }))));
	try {
		await Promise.all(callers.map((c) => c.nextUtterance(started, 90_000)));
		// A greeting broken by long underruns arrives as several utterances: wait until all have ended
		// and the agent has been quiet for 2 s.
		const settled = () => callers.every((c) => c.utterances.every((u) => u.endedAt !== undefined && Date.now() - u.endedAt > 2000));
		while (!settled() && Date.now() - started < 120_000) await sleep(200);
		let frames = 0;
		let quiet = 0;
		let wallFrames = 0;
		let wallQuiet = 0;
		for (const caller of callers) {
			// From the first loud frame of the greeting to its last, counted in the received frame sequence:
			// the quiet frames in between are underruns.
			const spans = caller.utterances.filter((u) => u.startedAt >= started);
			const span = spans[spans.length - 1].lastFrame - spans[0].firstFrame + 1;
			const loud = spans.reduce((sum, u) => sum + u.frames, 0);
			frames += span;
			quiet += span - loud;
			// The same span by this process's clock: it also counts the times this process read late.
			const wallSpan = (spans[spans.length - 1].endedAt! - spans[0].startedAt) / 10;
			wallFrames += Math.max(wallSpan, loud);
			wallQuiet += Math.max(0, wallSpan - loud);
			if (process.env.P4_DEBUG) console.log(spans.map((u) => `${u.startedAt - started}-${u.endedAt! - started}:${u.frames}/${u.lastFrame - u.firstFrame + 1}`).join(' '));
		}
		const callersLoopMaxMs = Math.round(loop.max / 1e6);
		loop.disable();
		return { sessions, underrunPercent: Number(((100 * quiet) / frames).toFixed(2)), wallClockPercent: Number(((100 * wallQuiet) / wallFrames).toFixed(2)), callersLoopMaxMs };
	} finally {
		await Promise.all(callers.map((c) => c.leave()));
		await Promise.all(rooms.map((room) => stack.rooms.deleteRoom(room).catch(() => {})));
	}
}

export async function measureConcurrency(stack: Stack, levels: number[], staggerMs = 0) {
	const results: Array<{ sessions: number; underrunPercent: number }> = [];
	let held = 0;
	for (const sessions of levels) {
		const result = await level(stack, sessions, staggerMs).catch((error: unknown) => (console.error(error), { sessions, underrunPercent: Number.NaN, error: String(error) }));
		results.push(result);
		const detail = 'wallClockPercent' in result ? ` (by this process's clock ${result.wallClockPercent} %; its event loop stalled up to ${result.callersLoopMaxMs} ms)` : '';
		console.log(`  P4 ${sessions} concurrent sessions (arrivals ${staggerMs} ms apart): ${Number.isNaN(result.underrunPercent) ? `failed (${(result as { error?: string }).error})` : `${result.underrunPercent} % underruns${detail}`}`);
		if (!(result.underrunPercent <= 1)) break;
		held = sessions;
		await sleep(10_000); // let the ended jobs exit and the prewarmed pool refill before the next level
	}
	return { held, results };
}
