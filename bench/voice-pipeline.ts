/**
 * Voice pipeline benchmarks on the local stack (real livekit-server, bundled worker, scripted local
 * providers): P2 agent join latency, P3 worker overhead per turn, P4 concurrent sessions per worker.
 * Usage: npm run bench:voice [-- p2Sessions=50 p3Turns=20 p4Levels=10,15,20,25,30 p4Stagger=250,0 only=p2,p3,p4]
 */
import { cpus } from 'node:os';

import { measureAgentJoin } from './voice/p2-agent-join';
import { measureTurnOverhead } from './voice/p3-turn-overhead';
import { measureConcurrency } from './voice/p4-concurrency';
import { startStack } from './voice/stack';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));
const P2_SESSIONS = Number(args.p2Sessions ?? 50);
const P3_TURNS = Number(args.p3Turns ?? 20);
const P4_LEVELS = String(args.p4Levels ?? '10,15,20,25,30').split(',').map(Number);
const P4_STAGGER = String(args.p4Stagger ?? '250,0').split(',').map(Number);
const only = args.only?.split(',');

async function main() {
	console.log(`voice pipeline benchmarks on ${cpus().length} cores`);
	const stack = await startStack({
		chat: () => ({ content: 'We are open from nine in the morning to five in the evening.' }),
		// Preemptive generation off: P3 subtracts the LLM's whole time to first token from the turn.
		// Load threshold 1: P4 measures audio quality under load, not the worker's refusal policy.
		// P4 pushes one worker past its default 10 sessions on purpose; the CPU guard is off (1) for the same reason.
		workerEnv: { N8N_VOICE_PREEMPTIVE_GENERATION: 'false', N8N_VOICE_CPU_GUARD: '1', N8N_VOICE_MAX_SESSIONS: '64', N8N_VOICE_IDLE_PROCESSES: '4' },
		prewarmed: 4,
	});
	try {
		if (!only || only.includes('p2')) {
			const p2 = await measureAgentJoin(stack, P2_SESSIONS, 1000);
			console.log(`P2 node execution → agent joined, ${P2_SESSIONS} sessions: p50 ${p2.p50} ms, p95 ${p2.p95} ms, max ${p2.max} ms`);
		}
		if (!only || only.includes('p3')) {
			const p3 = await measureTurnOverhead(stack, P3_TURNS);
			console.log(
				`P3 worker overhead per turn, ${p3.turns} turns: p50 ${p3.overhead.p50} ms, p95 ${p3.overhead.p95} ms, max ${p3.overhead.max} ms` +
					` (end of turn → first agent audio p50 ${p3.turnToFirstAudio.p50} ms / p95 ${p3.turnToFirstAudio.p95} ms; as heard by the caller p50 ${p3.callerHeard.p50} ms / p95 ${p3.callerHeard.p95} ms)`,
			);
		}
		if (!only || only.includes('p4')) {
			for (const stagger of P4_STAGGER) {
				await new Promise((resolve) => setTimeout(resolve, 10_000));
				const p4 = await measureConcurrency(stack, P4_LEVELS, stagger);
				console.log(
					`P4 concurrent sessions held by one worker with ≤ 1 % audio underruns, arrivals ${stagger} ms apart: ${p4.held} (levels: ${p4.results.map((r) => `${r.sessions}→${r.underrunPercent}%`).join(', ')})`,
				);
			}
		}
	} finally {
		await stack.stop();
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
