/**
 * `espeak`: offline speech with the Debian `espeak-ng` engine, so a session can speak with no API key
 * and no network. `voiceId` is an espeak-ng voice (`en`, `en-us`, `de`, `en+f3`, …; `espeak-ng --voices`).
 */
import { spawn } from 'node:child_process';

import type { TtsProviderModule } from '../types';
import { PcmTts } from './pcmTts';

/** espeak-ng's WAV output is 22.05 kHz mono s16le. */
const ESPEAK_SAMPLE_RATE = 22_050;
const WAV_HEADER_BYTES = 44;

export const ESPEAK_BINARY = process.env.ESPEAK_NG_PATH ?? 'espeak-ng';

async function* espeakPcm(text: string, voice: string, signal: AbortSignal): AsyncIterable<Buffer> {
	// Text goes in on stdin, never on the command line, so no user text is ever parsed as an option.
	const child = spawn(ESPEAK_BINARY, ['--stdout', '-v', voice], { stdio: ['pipe', 'pipe', 'pipe'], signal });
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
	child.stdin.end(text);
	let header = Buffer.alloc(0);
	for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
		if (header.length < WAV_HEADER_BYTES) {
			const joined = Buffer.concat([header, chunk]);
			if (joined.length < WAV_HEADER_BYTES) {
				header = joined;
				continue;
			}
			header = joined.subarray(0, WAV_HEADER_BYTES);
			const rest = joined.subarray(WAV_HEADER_BYTES);
			if (rest.length) yield rest;
			continue;
		}
		yield chunk;
	}
	const code = await exited;
	if (code !== 0) throw new Error(`espeak-ng exited with ${code}: ${stderr.trim() || 'no output'} (voice "${voice}")`);
}

export const espeakTts: TtsProviderModule = {
	create: (config) =>
		new PcmTts({
			label: 'espeak-ng',
			provider: 'espeak',
			model: 'espeak-ng',
			sampleRate: ESPEAK_SAMPLE_RATE,
			source: (text, signal) => espeakPcm(text, config.voiceId, signal),
		}),
};
