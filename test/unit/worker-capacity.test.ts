/**
 * The worker's capacity model (worker/src/capacity.ts): its settings, the load it reports to LiveKit,
 * the jobs it accepts, and the CPU guard on its own processes. The same model against a real
 * livekit-server: test/e2e/capacity.test.ts.
 */
import { spawn } from 'node:child_process';

import type { JobRequest } from '@livekit/agents';

import { createCapacity, processTreeCpuSeconds, readCapacitySettings, type CapacitySettings } from '../../worker/src/capacity';

const settings = (overrides: Partial<CapacitySettings> = {}): CapacitySettings => ({ maxSessions: 2, cpuGuard: 0.95, serverTargetLoad: 0.7, drainTimeoutSeconds: 300, ...overrides });
const quietLogger = () => ({ child: () => ({ info: () => undefined, warn: () => undefined }) }) as never;

function request(id: string) {
	const answer: { accepted?: boolean } = {};
	const job = {
		id,
		accept: async () => void (answer.accepted = true),
		reject: async () => void (answer.accepted = false),
	} as unknown as JobRequest;
	return { job, answer };
}

describe('capacity settings', () => {
	it('defaults: 10 sessions, CPU guard 0.95, LiveKit target load 0.7, drain 300 s', () => {
		expect(readCapacitySettings({})).toEqual({ maxSessions: 10, cpuGuard: 0.95, serverTargetLoad: 0.7, drainTimeoutSeconds: 300 });
	});

	it('reads every variable and refuses bad values by name', () => {
		expect(
			readCapacitySettings({ N8N_VOICE_MAX_SESSIONS: '16', N8N_VOICE_CPU_GUARD: '0.9', N8N_VOICE_SERVER_TARGET_LOAD: '1', N8N_VOICE_DRAIN_TIMEOUT_SECONDS: '0' }),
		).toEqual({ maxSessions: 16, cpuGuard: 0.9, serverTargetLoad: 1, drainTimeoutSeconds: 0 });
		expect(() => readCapacitySettings({ N8N_VOICE_MAX_SESSIONS: '0' })).toThrow('N8N_VOICE_MAX_SESSIONS must be a number from 1 to 1000; got "0"');
		expect(() => readCapacitySettings({ N8N_VOICE_CPU_GUARD: '1.5' })).toThrow('N8N_VOICE_CPU_GUARD must be a number from 0.05 to 1; got "1.5"');
		expect(() => readCapacitySettings({ N8N_VOICE_SERVER_TARGET_LOAD: 'x' })).toThrow('N8N_VOICE_SERVER_TARGET_LOAD must be a number from 0.05 to 1; got "x"');
		expect(() => readCapacitySettings({ N8N_VOICE_DRAIN_TIMEOUT_SECONDS: '-1' })).toThrow('N8N_VOICE_DRAIN_TIMEOUT_SECONDS must be a number from 0 to 86400; got "-1"');
	});

	it('N8N_VOICE_LOAD_THRESHOLD, the former CPU threshold, sets the CPU guard unless N8N_VOICE_CPU_GUARD is given', () => {
		expect(readCapacitySettings({ N8N_VOICE_LOAD_THRESHOLD: '0.8' }).cpuGuard).toBe(0.8);
		expect(readCapacitySettings({ N8N_VOICE_LOAD_THRESHOLD: '0.8', N8N_VOICE_CPU_GUARD: '0.9' }).cpuGuard).toBe(0.9);
	});
});

describe('capacity model', () => {
	it('reports sessions ÷ max, scaled so that a full worker reports exactly the server target load (its load threshold)', async () => {
		const capacity = createCapacity(settings({ maxSessions: 4 }), { cpuClock: () => 0, logger: quietLogger });
		const worker = { activeJobs: [] as Array<{ job: { id: string } }> };
		expect(capacity.loadThreshold).toBe(0.7);
		expect(await capacity.loadFunc(worker)).toBe(0);
		worker.activeJobs = [{ job: { id: 'AJ_1' } }];
		expect(await capacity.loadFunc(worker)).toBeCloseTo(0.175);
		worker.activeJobs = ['AJ_1', 'AJ_2', 'AJ_3', 'AJ_4'].map((id) => ({ job: { id } }));
		expect(await capacity.loadFunc(worker)).toBe(capacity.loadThreshold);
	});

	it('accepts jobs up to the maximum, counting accepted jobs that are not running yet, and rejects the next', async () => {
		let now = 0;
		const capacity = createCapacity(settings(), { cpuClock: () => 0, now: () => now, logger: quietLogger });
		const [a, b, c] = [request('AJ_a'), request('AJ_b'), request('AJ_c')];
		// Three offers at once, before any load report: LiveKit may send more than fit.
		await Promise.all([capacity.requestFunc(a.job), capacity.requestFunc(b.job), capacity.requestFunc(c.job)]);
		expect([a.answer.accepted, b.answer.accepted, c.answer.accepted]).toEqual([true, true, false]);
		expect(capacity.sessions()).toBe(2);

		// Running: counted once. Ended: the room is free again.
		const worker = { activeJobs: [{ job: { id: 'AJ_a' } }, { job: { id: 'AJ_b' } }] };
		expect(await capacity.loadFunc(worker)).toBe(0.7);
		worker.activeJobs = [{ job: { id: 'AJ_b' } }];
		const d = request('AJ_d');
		await capacity.requestFunc(d.job);
		expect(d.answer.accepted).toBe(true);
		expect(capacity.sessions()).toBe(2);

		// An accepted job that never starts (LiveKit did not assign it) stops counting after a minute.
		now += 61_000;
		expect(capacity.sessions()).toBe(1);
	});

	it("CPU guard: the worker's own processes at or above the guard report full and reject jobs; below it they do not", async () => {
		let now = 0;
		let cpuSeconds = 0;
		const capacity = createCapacity(settings({ maxSessions: 10, cpuGuard: 0.9 }), { cpuClock: () => cpuSeconds, cpuCount: 2, now: () => now, logger: quietLogger });
		const worker = { activeJobs: [{ job: { id: 'AJ_1' } }] };
		expect(await capacity.loadFunc(worker)).toBeCloseTo(0.07);
		// 2.5 s later, 4.75 CPU seconds on 2 cores: 95 %.
		now += 2500;
		cpuSeconds += 4.75;
		expect(await capacity.loadFunc(worker)).toBe(0.7);
		const rejected = request('AJ_2');
		await capacity.requestFunc(rejected.job);
		expect(rejected.answer.accepted).toBe(false);
		// Then 1 CPU second in 2.5 s: 20 %, available again.
		now += 2500;
		cpuSeconds += 1;
		expect(await capacity.loadFunc(worker)).toBeCloseTo(0.07);
		const accepted = request('AJ_3');
		await capacity.requestFunc(accepted.job);
		expect(accepted.answer.accepted).toBe(true);
	});

	it('CPU guard 1 never trips', async () => {
		let now = 0;
		let cpuSeconds = 0;
		const capacity = createCapacity(settings({ cpuGuard: 1 }), { cpuClock: () => cpuSeconds, cpuCount: 1, now: () => now, logger: quietLogger });
		await capacity.loadFunc({ activeJobs: [] });
		now += 1000;
		cpuSeconds += 1;
		expect(await capacity.loadFunc({ activeJobs: [] })).toBe(0);
	});

	it("the CPU clock counts this process's children (the job processes)", async () => {
		const before = processTreeCpuSeconds()!;
		const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 1500; while (Date.now() < end) {}']);
		await new Promise((resolve) => setTimeout(resolve, 1200));
		const during = processTreeCpuSeconds()!;
		await new Promise((resolve) => child.once('exit', resolve));
		expect(during - before).toBeGreaterThan(0.3);
		// A process that is gone has no clock.
		expect(processTreeCpuSeconds(child.pid!)).toBeUndefined();
	});
});
