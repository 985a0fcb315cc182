/** The Debian audio tools of the local stack, and speech for the test caller's microphone. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const MIC_SAMPLE_RATE = 16_000;

/** Installs espeak-ng and sox on first use (scripts/setup-audio.sh): the worker speaks with one, the caller with both. */
export function ensureAudioTools() {
	execFileSync('bash', [join(__dirname, '..', 'setup-audio.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Speech for the microphone: espeak-ng → 16 kHz mono s16le via sox. */
export function synthesizeSpeech(text: string, voice = 'en-us'): Int16Array {
	const wav = execFileSync('espeak-ng', ['--stdout', '-v', voice, '-s', '165'], { input: text, maxBuffer: 64 << 20 });
	const raw = execFileSync('sox', ['-t', 'wav', '-', '-t', 'raw', '-r', String(MIC_SAMPLE_RATE), '-e', 'signed', '-b', '16', '-c', '1', '-'], { input: wav, maxBuffer: 64 << 20 });
	// Copy: an Int16Array view needs an even byte offset, which a Buffer does not promise.
	return new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length - (raw.length % 2)));
}
