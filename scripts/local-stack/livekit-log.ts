/**
 * livekit-server's log into a run's log file: `startLiveKitServer({ binary })` is given a launcher
 * that execs the real binary (same pid, same signals) with its stdout and stderr copied, each line
 * tagged "[livekit-server]", into the log file as well as to the pipe the caller reads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { ensureLiveKitBinary } from '../livekit-server';

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** Path of a launcher for livekit-server that copies its output into `logPath`; removed at exit. */
export function liveKitServerTee(logPath: string, binary = ensureLiveKitBinary()): string {
	mkdirSync(dirname(logPath), { recursive: true });
	const dir = mkdtempSync(join(tmpdir(), 'rtv-livekit-log-'));
	const launcher = join(dir, 'livekit-server');
	writeFileSync(
		launcher,
		['#!/usr/bin/env bash', `exec > >(sed -u 's/^/[livekit-server] /' | tee -a ${quote(logPath)}) 2>&1`, `exec ${quote(binary)} "$@"`, ''].join('\n'),
		{ mode: 0o700 },
	);
	process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	return launcher;
}
