/**
 * The greeting synthesized while the agent joins (worker/src/session/earlyGreeting.ts), with the real
 * espeak-ng TTS: the stream replays every frame it made, its TTS metrics reach the usage under the
 * greeting's speech id (or without one when it is never said), and a TTS that cannot be reached
 * leaves the greeting to the session's own TTS.
 */
import { initializeLogger, type metrics } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import nock from 'nock';

import { buildTts } from '../../worker/src/providers/registry';
import { EarlyGreeting } from '../../worker/src/session/earlyGreeting';
import { isolateNetwork } from '../harness/fixtures';
import { recordingLogger } from './recording-logger';

initializeLogger({ pretty: false, level: 'silent' });
isolateNetwork();

const TEXT = 'Hello, thanks for calling. How can I help you today?';
const CONN = { maxRetry: 0, retryIntervalMs: 0, timeoutMs: 5_000 };

async function readAll(stream: ReadableStream<AudioFrame>) {
	const frames: AudioFrame[] = [];
	const reader = stream.getReader();
	for (;;) {
		const { value, done } = await reader.read();
		if (done) return frames;
		frames.push(value);
	}
}

const seconds = (frames: AudioFrame[]) => frames.reduce((sum, frame) => sum + frame.samplesPerChannel / frame.sampleRate, 0);

describe('early greeting', () => {
	it('plays the whole greeting, and its TTS metrics count under the greeting speech', async () => {
		const usage: metrics.TTSMetrics[] = [];
		const greeting = new EarlyGreeting(buildTts({ provider: 'espeak', voiceId: 'en-us' }, {}), TEXT, CONN, { onMetrics: (m) => usage.push(m) }, recordingLogger());
		// Said a little later, as when the user joins after the agent: part of it is already there.
		await new Promise((resolve) => setTimeout(resolve, 200));
		const frames = await readAll(greeting.audio(() => undefined)!);
		expect(frames.length).toBeGreaterThan(10);
		expect(seconds(frames)).toBeGreaterThan(2);
		expect(seconds(frames)).toBeLessThan(6);
		expect(usage).toEqual([]);

		greeting.attach('SP_greeting');
		expect(usage).toEqual([expect.objectContaining({ type: 'tts_metrics', speechId: 'SP_greeting', charactersCount: TEXT.length })]);
		expect(usage[0].ttfbMs).toBeGreaterThan(0);
	});

	it('a greeting never said still counts its synthesis in the usage, without a speech', async () => {
		const usage: metrics.TTSMetrics[] = [];
		const greeting = new EarlyGreeting(buildTts({ provider: 'espeak', voiceId: 'en-us' }, {}), TEXT, CONN, { onMetrics: (m) => usage.push(m) }, recordingLogger());
		await readAll(greeting.audio(() => undefined)!);
		greeting.close();
		expect(usage).toEqual([expect.objectContaining({ type: 'tts_metrics', charactersCount: TEXT.length })]);
		expect(usage[0].speechId).toBeUndefined();
	});

	it('a TTS that answers without audio: the greeting is said through the session\'s own TTS instead', async () => {
		// An OpenAI-compatible speech server that answers 200 with an empty body. (A refused connection or
		// a 5xx ends the same way, after the framework's retries, but its rejection inside the framework's
		// ChunkedStream is one only the job process absorbs, not a jest worker.)
		const speech = nock('http://speech.test').post('/v1/audio/speech').reply(200, '');
		const logger = recordingLogger();
		const engine = buildTts({ provider: 'openai-compatible', model: 'tts-1', voiceId: 'alloy', baseUrl: 'http://speech.test/v1' }, {});
		const greeting = new EarlyGreeting(engine, TEXT, CONN, { onMetrics: () => undefined }, logger);
		// Said before the failure is known: the stream ends without audio and the greeting is said again.
		let saidInstead = 0;
		expect(await readAll(greeting.audio(() => saidInstead++)!)).toEqual([]);
		expect(saidInstead).toBe(1);
		// Said after it: no early audio at all.
		expect(greeting.audio(() => saidInstead++)).toBeUndefined();
		expect(saidInstead).toBe(1);
		expect(logger.lines.filter((line) => line.msg === 'greeting synthesized early failed; the session says it through its own TTS')).toHaveLength(2);
		expect(speech.isDone()).toBe(true);
	});
});
