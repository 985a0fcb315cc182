/**
 * npm start's and the tests' terminal output carries no debug lines of @livekit/rtc-node: the test
 * caller (scripts/local-stack/caller.ts) routes them to the run's log file, and only warnings and
 * errors to stderr.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { warningLine } from '../../scripts/local-stack/logs';

const run = promisify(execFile);

describe('the test caller keeps rtc-node debug output off the terminal', () => {
	it('writes rtc-node debug lines to the log file and none to stdout or stderr', async () => {
		const logFile = join(mkdtempSync(join(tmpdir(), 'caller-logs-')), 'rtc.log');
		const { stdout, stderr } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'caller-child.ts')], {
			cwd: join(__dirname, '..', '..'),
			env: { ...process.env, RTC_NODE_LOG_FILE: logFile, NODE_ENV: 'test' },
			timeout: 60_000,
		});
		expect(stdout.trim()).toBe('done');
		expect(stdout + stderr).not.toContain('"level":20');
		expect(stdout + stderr).not.toContain('lk-rtc');
		expect(existsSync(logFile)).toBe(true);
		const log = readFileSync(logFile, 'utf8');
		expect(log).toContain('"msg":"Connect callback received"');
		expect(log).toContain('ignoring incoming text stream due to no handler for topic: lk.transcription');
		for (const line of log.trim().split('\n')) expect(line).toMatch(/^\[lk-rtc\] \{"level":\d+/);
	}, 90_000);

	it('passes warnings and errors on as one short line, nothing below', () => {
		expect(warningLine('lk-rtc', '{"level":20,"msg":"Connect callback received"}')).toBeUndefined();
		expect(warningLine('lk-rtc', '{"level":30,"msg":"info"}')).toBeUndefined();
		expect(warningLine('lk-rtc', '{"level":40,"msg":"RoomEvent.TrackUnpublished: Could not find publication"}')).toBe('lk-rtc warn: RoomEvent.TrackUnpublished: Could not find publication');
		expect(warningLine('worker', '{"level":50,"msg":"boom"}')).toBe('worker error: boom');
		expect(warningLine('lk-rtc', 'not json')).toBeUndefined();
	});
});
