/**
 * `espeak`: offline speech with the Debian `espeak-ng` engine, so a session can speak with no API key
 * and no network. `voiceId` is an espeak-ng voice (`en`, `en-us`, `de`, `en+f3`, …; `espeak-ng --voices`).
 */
import { execFileSync, spawn } from 'node:child_process';

import { ProviderSetupError, type TtsProviderModule } from '../types';
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
	// Awaited below; until then an abort must not surface as an unhandled rejection.
	exited.catch(() => {});
	// If espeak-ng dies first, writing to it fails with EPIPE: the exit code tells the story instead.
	child.stdin.on('error', () => {});
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

let knownVoices: Set<string> | undefined;

/**
 * espeak-ng silently falls back to its default voice for a name it does not know, so the voice is
 * checked against `espeak-ng --voices` (language codes, voice names, voice files; a `+variant` suffix
 * such as `en+f3` is allowed) when the session starts, not discovered by ear.
 */
function checkVoice(voiceId: string) {
	if (!knownVoices) {
		let listing: string;
		try {
			listing = execFileSync(ESPEAK_BINARY, ['--voices'], { encoding: 'utf8' });
		} catch (error) {
			throw new ProviderSetupError(`tts.default.provider "espeak" needs the espeak-ng program (Debian package espeak-ng): ${(error as Error).message}`);
		}
		knownVoices = new Set(
			listing
				.split('\n')
				.slice(1)
				.flatMap((line) => {
					const [, language, , name, file] = line.trim().split(/\s+/);
					return [language, name, file, file?.split('/').pop()].filter(Boolean).map((v) => v!.toLowerCase());
				}),
		);
	}
	const base = voiceId.split('+')[0].toLowerCase();
	if (!knownVoices.has(base)) {
		throw new ProviderSetupError(`tts.default.voiceId "${voiceId}" is not an espeak-ng voice; use a language code such as en-us, en-gb, de, fr or ur (see espeak-ng --voices)`);
	}
}

export const espeakTts: TtsProviderModule = {
	create: (config) => {
		checkVoice(config.voiceId);
		return new PcmTts({
			label: 'espeak-ng',
			provider: 'espeak',
			model: 'espeak-ng',
			sampleRate: ESPEAK_SAMPLE_RATE,
			source: (text, signal) => espeakPcm(text, config.voiceId, signal),
		});
	},
};
