/**
 * The worker's capacity model: how many sessions it takes, and what it tells LiveKit.
 *
 * LiveKit offers a job only to a worker whose status is available, and picks among them by the load
 * they last reported (every 2.5 s): a livekit-server answers a dispatch only while some worker has
 * `load < agents.target_load` (0.7 by default), and a dispatch no worker takes is dropped, not queued.
 * So the load this worker reports must mean something an operator can size:
 *
 * - load = sessions ÷ N8N_VOICE_MAX_SESSIONS, scaled so that a full worker reports exactly the
 *   server's target load (N8N_VOICE_SERVER_TARGET_LOAD, LiveKit's 0.7 unless the server is
 *   configured otherwise): the server keeps offering jobs until the worker is really full, whatever its
 *   target load, and never longer;
 * - the status is "full" once the sessions reach the maximum, or while the CPU used by this worker's
 *   own processes (main, job and inference processes) is at or above N8N_VOICE_CPU_GUARD of the
 *   machine. Other programs' CPU does not count: a busy neighbour must not make LiveKit drop sessions
 *   this worker could run;
 * - between two load reports LiveKit may offer more jobs than fit: every job request is checked against
 *   the sessions accepted so far, and one over the maximum is rejected (LiveKit then tries another
 *   worker, or drops the dispatch; the Realtime Voice node's Wait for Agent says so).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import { log, type JobRequest } from '@livekit/agents';

import { numberSetting } from './settings';

export interface CapacitySettings {
	/** Sessions this worker runs at once; a job over it is rejected. */
	maxSessions: number;
	/** Share (0–1) of the machine's CPU this worker's processes may use before it takes no new sessions; 1 disables the guard. */
	cpuGuard: number;
	/** The LiveKit server's `agents.target_load`: the load a full worker reports. */
	serverTargetLoad: number;
	/** Seconds a SIGTERMed worker waits for its sessions to end before it ends them. */
	drainTimeoutSeconds: number;
}

export const DEFAULT_MAX_SESSIONS = 10;

/** Read and checked at start-up (cli.ts): a bad value stops the worker with the variable's name. */
export function readCapacitySettings(env: NodeJS.ProcessEnv = process.env): CapacitySettings {
	// N8N_VOICE_LOAD_THRESHOLD was the CPU threshold of the framework's whole-machine load; it now sets
	// the CPU guard when N8N_VOICE_CPU_GUARD is not given.
	const legacy = env.N8N_VOICE_CPU_GUARD === undefined || env.N8N_VOICE_CPU_GUARD === '' ? 'N8N_VOICE_LOAD_THRESHOLD' : 'N8N_VOICE_CPU_GUARD';
	return {
		maxSessions: Math.floor(numberSetting(env, 'N8N_VOICE_MAX_SESSIONS', DEFAULT_MAX_SESSIONS, 1, 1000)),
		cpuGuard: numberSetting(env, legacy, 0.95, 0.05, 1),
		serverTargetLoad: numberSetting(env, 'N8N_VOICE_SERVER_TARGET_LOAD', 0.7, 0.05, 1),
		drainTimeoutSeconds: numberSetting(env, 'N8N_VOICE_DRAIN_TIMEOUT_SECONDS', 300, 0, 86_400),
	};
}

/** What `AgentServer` offers the load function: the jobs its job processes run. */
export interface JobSource {
	activeJobs: Array<{ job: { id: string } }>;
}

/** CPU seconds used so far by this process and its descendants; undefined where it cannot be read. */
export type CpuClock = () => number | undefined;

export interface Capacity {
	/** ServerOptions.loadFunc: called every 2.5 s by the framework. */
	loadFunc(worker: JobSource): Promise<number>;
	/** ServerOptions.requestFunc: accepts a job while there is room, rejects it otherwise. */
	requestFunc(request: JobRequest): Promise<void>;
	/** ServerOptions.loadThreshold: the load of a full worker. */
	loadThreshold: number;
	/** Sessions accepted or running now. */
	sessions(): number;
}

/** An accepted job counts until LiveKit's assignment and the job process start, at most this long, before it shows up as running. */
const PENDING_MS = 60_000;

export function createCapacity(
	settings: CapacitySettings,
	options: { cpuClock?: CpuClock; cpuCount?: number; now?: () => number; logger?: () => ReturnType<typeof log> } = {},
): Capacity {
	const now = options.now ?? Date.now;
	const cpuClock = options.cpuClock ?? processTreeCpuSeconds;
	const cpuCount = options.cpuCount ?? cpuCountFromEnv();
	const logger = options.logger ?? log;
	/** Accepted job ids not yet seen running, with when they were accepted. */
	const pending = new Map<string, number>();
	let worker: JobSource | undefined;
	let lastCpu: { at: number; seconds: number } | undefined;
	let cpuShare = 0;
	let lastState: string | undefined;

	const sessions = () => {
		const running = new Set((worker?.activeJobs ?? []).map((info) => info.job.id));
		const at = now();
		for (const [id, acceptedAt] of pending) {
			if (running.has(id) || at - acceptedAt > PENDING_MS) pending.delete(id);
		}
		return running.size + pending.size;
	};

	const cpuGuardTripped = () => settings.cpuGuard < 1 && cpuShare >= settings.cpuGuard;

	const report = (state: string, fields: Record<string, unknown>) => {
		if (state === lastState) return;
		lastState = state;
		logger().child(fields).info(`worker capacity: ${state}`);
	};

	return {
		loadThreshold: settings.serverTargetLoad,
		sessions,
		async loadFunc(source) {
			worker = source;
			const seconds = cpuClock();
			const at = now();
			if (seconds !== undefined && lastCpu && at > lastCpu.at) {
				cpuShare = Math.max(0, Math.min(1, (seconds - lastCpu.seconds) / ((at - lastCpu.at) / 1000) / cpuCount));
			}
			if (seconds !== undefined) lastCpu = { at, seconds };
			const count = sessions();
			const fields = { sessions: count, maxSessions: settings.maxSessions, cpu: Number(cpuShare.toFixed(2)), cpuGuard: settings.cpuGuard };
			if (cpuGuardTripped()) {
				report('full (CPU guard)', fields);
				return settings.serverTargetLoad;
			}
			report(count >= settings.maxSessions ? 'full (max sessions)' : 'available', fields);
			return Math.min(1, count / settings.maxSessions) * settings.serverTargetLoad;
		},
		async requestFunc(request) {
			// No await before the decision: concurrent requests are counted one after the other.
			const count = sessions();
			if (count >= settings.maxSessions || cpuGuardTripped()) {
				logger()
					.child({ jobId: request.id, sessions: count, maxSessions: settings.maxSessions, cpu: Number(cpuShare.toFixed(2)), cpuGuard: settings.cpuGuard })
					.warn(count >= settings.maxSessions ? 'job rejected: the worker runs its maximum of sessions' : 'job rejected: the CPU guard is tripped');
				await request.reject();
				return;
			}
			pending.set(request.id, now());
			await request.accept();
		},
	};
}

/** Cores the CPU share is measured against: NUM_CPUS (as the framework reads it), else the machine's. */
function cpuCountFromEnv(): number {
	const fromEnv = Number(process.env.NUM_CPUS);
	return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism();
}

const CLOCK_TICKS = 100;

/**
 * CPU seconds of this process, its reaped children, and every live descendant (Linux /proc; the job
 * and inference processes are children of the worker). Elsewhere only this process's own time.
 */
export function processTreeCpuSeconds(root = process.pid): number | undefined {
	try {
		const stats = new Map<number, { ppid: number; ticks: number; children: number }>();
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
				// Fields after the command (which may hold spaces) start after the last ')'.
				const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
				stats.set(Number(entry), {
					ppid: Number(fields[1]),
					ticks: Number(fields[11]) + Number(fields[12]),
					children: Number(fields[13]) + Number(fields[14]),
				});
			} catch {
				// the process ended while we read
			}
		}
		const self = stats.get(root);
		if (!self) return undefined;
		let ticks = self.ticks + self.children;
		const queue = [root];
		while (queue.length) {
			const parent = queue.pop()!;
			for (const [pid, stat] of stats) {
				if (stat.ppid !== parent || pid === root) continue;
				ticks += stat.ticks;
				queue.push(pid);
			}
		}
		return ticks / CLOCK_TICKS;
	} catch {
		const usage = process.cpuUsage();
		return (usage.user + usage.system) / 1e6;
	}
}
