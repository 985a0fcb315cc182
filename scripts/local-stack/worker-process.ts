/**
 * Starts the bundled agent worker (`n8n-realtime-voice-worker start`) as a child process against a
 * LiveKit server, waits until it has registered, and keeps its JSON log lines (turn metrics included)
 * for whoever started it. Used by the local stack (`npm start`), the e2e test and the benchmarks.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { freePort } from '../livekit-server';

export interface WorkerLogLine {
	level?: number;
	msg?: string;
	[key: string]: unknown;
}

export interface WorkerProcess {
	pid: number;
	agentName: string;
	logs: WorkerLogLine[];
	/** Resolves with the first log line (from now on or already seen) that matches. */
	waitForLog(match: (line: WorkerLogLine) => boolean, timeoutMs: number): Promise<WorkerLogLine>;
	output(): string;
	/**
	 * SIGTERM to the worker's main process only, as a process supervisor sends it: the worker drains
	 * (N8N_VOICE_DRAIN_TIMEOUT_SECONDS) and stops its job processes itself. Resolves when it has exited.
	 */
	terminate(): Promise<void>;
	/** Whether any process of the worker's group (the worker, its job and inference processes) is left. */
	hasProcesses(): boolean;
	stop(): Promise<void>;
}

/** Values kept out of the worker's output as it is kept here: provider keys and the webhook signing secret. */
const SECRET_VARIABLES = ['OPENAI_API_KEY', 'GROQ_API_KEY', 'DEEPGRAM_API_KEY', 'UPLIFTAI_API_KEY', 'OPENAI_COMPATIBLE_API_KEY', 'N8N_VOICE_WEBHOOK_SECRET'];

const WORKER_BIN = join(__dirname, '..', '..', 'worker', 'bin', 'n8n-realtime-voice-worker.js');

export async function startWorker(options: {
	url: string;
	apiKey: string;
	apiSecret: string;
	agentName: string;
	env?: Record<string, string>;
	logLevel?: string;
	timeoutMs?: number;
	/** Also wait until this many job processes are prewarmed (default: none). */
	prewarmed?: number;
}): Promise<WorkerProcess> {
	// WORKER_NODE_OPTIONS passes node flags to the worker and its job processes (e.g. --cpu-prof).
	const child = spawn(process.execPath, [...(process.env.WORKER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), WORKER_BIN, 'start', '--log-level', options.logLevel ?? 'info'], {
		env: {
			...process.env,
			LIVEKIT_URL: options.url,
			LIVEKIT_API_KEY: options.apiKey,
			LIVEKIT_API_SECRET: options.apiSecret,
			N8N_VOICE_AGENT_NAME: options.agentName,
			N8N_VOICE_HEALTH_PORT: String(await freePort()),
			...options.env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group: the worker forks job and inference processes, and stopping it must
		// stop them too, even when it has to be killed.
		detached: true,
	});
	const logs: WorkerLogLine[] = [];
	const waiters = new Set<{ match: (line: WorkerLogLine) => boolean; resolve: (line: WorkerLogLine) => void }>();
	let text = '';
	let partial = '';
	// The LiveKit secret and any provider key the worker inherited never reach a log or an error.
	const secrets = [options.apiSecret, ...SECRET_VARIABLES.map((name) => options.env?.[name] ?? process.env[name])].filter((value): value is string => Boolean(value && value.length >= 8));
	const redact = (value: string) => secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), value);
	const keep = (chunk: Buffer) => {
		// Redact whole lines, so a secret split across two chunks is still found.
		partial += chunk.toString();
		const complete = partial.lastIndexOf('\n') + 1;
		const done = redact(partial.slice(0, complete));
		text = (text + done).slice(-20_000);
		const lines = done.split('\n');
		partial = partial.slice(complete);
		for (const raw of lines) {
			if (!raw.startsWith('{')) continue;
			try {
				const line = JSON.parse(raw) as WorkerLogLine;
				logs.push(line);
				for (const waiter of waiters) if (waiter.match(line)) (waiters.delete(waiter), waiter.resolve(line));
			} catch {
				// not a log line
			}
		}
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const waitForLog: WorkerProcess['waitForLog'] = (match, timeoutMs) => {
		const seen = logs.find(match);
		if (seen) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const waiter = { match, resolve: (line: WorkerLogLine) => (clearTimeout(timer), resolve(line)) };
			const timer = setTimeout(() => {
				waiters.delete(waiter);
				reject(new Error(`worker log line not seen within ${timeoutMs} ms; last output:\n${text.slice(-3000)}`));
			}, timeoutMs);
			waiters.add(waiter);
			void exited.then(() => {
				if (!waiters.has(waiter)) return;
				waiters.delete(waiter);
				clearTimeout(timer);
				reject(new Error(`worker exited (${child.exitCode}) before the log line; output:\n${text.slice(-3000)}`));
			});
		});
	};

	const hasProcesses = () => {
		try {
			process.kill(-child.pid!, 0);
			return true;
		} catch {
			return false;
		}
	};
	const signalGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-child.pid!, signal);
		} catch {
			// group already gone
		}
	};
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const force = setTimeout(() => signalGroup('SIGKILL'), 5000);
			signalGroup('SIGTERM');
			await exited;
			clearTimeout(force);
		}
		// Job processes that outlived the worker (they are in its group) go too, and stop() returns once
		// they are gone: a killed process stays in the group until it is reaped.
		signalGroup('SIGKILL');
		for (const deadline = Date.now() + 5000; hasProcesses() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
	};

	try {
		await waitForLog((line) => line.msg === 'registered worker', options.timeoutMs ?? 30_000);
		const wanted = options.prewarmed ?? 0;
		if (wanted > 0) await waitForLog(() => logs.filter((line) => line.msg === 'job process prewarmed').length >= wanted, options.timeoutMs ?? 30_000);
	} catch (error) {
		await stop();
		throw error;
	}
	const terminate = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await exited;
	};
	return { pid: child.pid!, agentName: options.agentName, logs, waitForLog, output: () => text, terminate, hasProcesses, stop };
}
