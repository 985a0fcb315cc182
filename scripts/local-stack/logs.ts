/**
 * Where the local stack's debug output goes: a log file, not the terminal.
 *
 * `@livekit/rtc-node` (0.13.35) logs through its own pino logger (`dist/log.cjs`, name "lk-rtc"), at
 * level debug unless NODE_ENV is "production", straight to file descriptor 1. It exports neither the
 * logger nor a level setting, so `routeRtcNodeLogs()` takes that module (the same instance the Room
 * code uses) and gives its logger another stream: every line goes to the current log file, and only
 * warnings and errors (pino level ≥ 40) to stderr, as one short line.
 *
 * The log file is the one a run opened with `openRunLog()` (npm start: out/logs/npm-start-<time>.log),
 * or else `RTC_NODE_LOG_FILE`, or else out/logs/test-caller.log (appended; tests and benchmarks).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const LOG_DIR = join(__dirname, '..', '..', 'out', 'logs');

/** pino's numeric levels: 40 warn, 50 error, 60 fatal. */
const WARN = 40;
const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export interface RunLog {
	path: string;
	/** Appends text (whole lines) under a source tag. */
	write(source: string, text: string): void;
}

let current: RunLog | undefined;

function fileLog(path: string): RunLog {
	let ready = false;
	return {
		path,
		write(source, text) {
			if (!ready) {
				mkdirSync(dirname(path), { recursive: true });
				ready = true;
			}
			const lines = text.split('\n').filter((line) => line.length > 0);
			if (lines.length > 0) appendFileSync(path, lines.map((line) => `[${source}] ${line}\n`).join(''));
		},
	};
}

const timestamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Opens out/logs/<name>-<yyyymmdd-hhmmss>.log as the run's log file (it is created on first write). */
export function openRunLog(name: string): RunLog {
	current = fileLog(join(LOG_DIR, `${name}-${timestamp()}.log`));
	return current;
}

export function runLog(): RunLog {
	current ??= fileLog(process.env.RTC_NODE_LOG_FILE ?? join(LOG_DIR, 'test-caller.log'));
	return current;
}

/** One stderr line for a warning or error of a JSON log line, or undefined below warn. */
export function warningLine(source: string, line: string): string | undefined {
	try {
		const parsed = JSON.parse(line) as { level?: number; msg?: string };
		if (typeof parsed.level !== 'number' || parsed.level < WARN) return undefined;
		return `${source} ${LEVEL_NAMES[parsed.level] ?? parsed.level}: ${parsed.msg ?? line}`;
	} catch {
		return undefined;
	}
}

let routed = false;

/** Sends @livekit/rtc-node's log lines of this process to the log file (warnings also to stderr). Idempotent. */
export function routeRtcNodeLogs(): void {
	if (routed) return;
	routed = true;
	const dist = dirname(require.resolve('@livekit/rtc-node'));
	// The package's "exports" only map ".", so its logger module is loaded by file name: the same
	// module (same resolved path) the Room, participant and audio-stream modules require.
	const { log } = require(join(dist, 'log.cjs')) as { log: Record<symbol, unknown> & { level: string } };
	const pino = require(require.resolve('pino', { paths: [dist] })) as { symbols?: { streamSym?: symbol } };
	const streamSym = pino.symbols?.streamSym;
	if (!streamSym || !(streamSym in log)) {
		// Another pino than the one known here: at least keep debug output off the terminal.
		log.level = 'warn';
		return;
	}
	log[streamSym] = {
		write(chunk: string) {
			runLog().write('lk-rtc', chunk);
			for (const line of chunk.split('\n')) {
				const warning = line && warningLine('lk-rtc', line);
				if (warning) process.stderr.write(`${warning}\n`);
			}
		},
	};
}
