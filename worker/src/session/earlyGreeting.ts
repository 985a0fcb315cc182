/**
 * The greeting's audio, synthesized while the agent joins the room and starts its session.
 *
 * A `greetingMessage` is known from the dispatch, so its synthesis need not wait for the session: on
 * the critical path from "the user joined" to "the user hears the agent" it cost the TTS's time to
 * first byte (espeak-ng 155 ms p50 on the 2-core machine, a cloud TTS 200–500 ms; docs/performance.md).
 * Started before `ctx.connect()`, it runs beside joining the room (~140 ms) and `AgentSession.start`
 * (~310 ms), and `session.say(text, {audio})` then plays frames that are already there.
 *
 * - It uses its own TTS instance (built from the same config), so the session's metrics listener never
 *   sees it; its TTS metrics (time to first byte, characters) are handed to the greeting's speech once
 *   it exists (`attach`), so usage and the greeting's turn metrics stay whole.
 * - If the synthesis fails without audio, the greeting goes through the session's own TTS as before
 *   (retries, `tts_error`, the apology: session/recovery.ts). A failure after the first frames ends
 *   the greeting where the audio stops, with a warning.
 */
import { type APIConnectOptions, type metrics, type tts } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';

import type { Logger } from '../sessionHelpers';

/** What receives the greeting's TTS metrics: TurnMetrics. */
export interface MetricsSink {
	onMetrics(metric: metrics.TTSMetrics): void;
}

export class EarlyGreeting {
	readonly #frames: AudioFrame[] = [];
	readonly #stream: tts.ChunkedStream;
	readonly #logger: Logger;
	#done = false;
	#closed = false;
	#failed: Error | undefined;
	#wake: Array<() => void> = [];
	#metrics: metrics.TTSMetrics[] = [];
	#speechId: string | undefined;
	readonly #usage: MetricsSink;

	/**
	 * Starts synthesizing `text` at once with `engine` (a TTS instance of its own: see the module comment).
	 * @param connOptions the session's TTS retry and timeout options (session/recovery.ts).
	 * @param usage where its TTS metrics go (the session's TurnMetrics): under the greeting's speech id
	 *   once it is said, without one if it never is (a vendor bills a synthesis nobody heard too).
	 */
	constructor(engine: tts.TTS, text: string, connOptions: APIConnectOptions, usage: MetricsSink, logger: Logger) {
		this.#logger = logger;
		this.#usage = usage;
		// A TTS emits "error" per failed attempt (unheard, an EventEmitter would throw it); its stream then
		// just ends, so the error is kept from here.
		engine.on('error', (event: { error?: unknown }) => (this.#failed = event.error instanceof Error ? event.error : new Error(String(event.error))));
		engine.on('metrics_collected', (metric: metrics.TTSMetrics) => this.#onMetrics(metric));
		this.#stream = engine.synthesize(text, connOptions);
		void this.#pump();
	}

	async #pump() {
		try {
			for await (const chunk of this.#stream) {
				this.#frames.push(chunk.frame);
				this.#notify();
			}
		} catch (error) {
			this.#failed = error as Error;
		} finally {
			if (this.#frames.length === 0 && !this.#closed) this.#failed ??= new Error('the TTS returned no audio');
			this.#done = true;
			this.#notify();
		}
	}

	#notify() {
		const waiting = this.#wake;
		this.#wake = [];
		for (const resume of waiting) resume();
	}

	#onMetrics(metric: metrics.TTSMetrics) {
		if (this.#speechId) this.#usage.onMetrics({ ...metric, speechId: this.#speechId });
		else if (this.#closed) this.#usage.onMetrics(metric);
		else this.#metrics.push(metric);
	}

	/**
	 * The audio as a stream for `session.say(text, {audio})`: the frames synthesized so far, then the
	 * rest as they come. Undefined when the synthesis already failed without audio: say it the usual
	 * way. Should it fail without audio after this was called, the stream ends empty and `sayInstead`
	 * is called to say it the usual way then.
	 */
	audio(sayInstead: () => void): ReadableStream<AudioFrame> | undefined {
		if (this.#done && this.#frames.length === 0) {
			this.#warnFailed();
			return undefined;
		}
		let next = 0;
		return new ReadableStream<AudioFrame>({
			pull: async (controller) => {
				while (next >= this.#frames.length && !this.#done) await new Promise<void>((resume) => this.#wake.push(resume));
				if (next < this.#frames.length) return controller.enqueue(this.#frames[next++]);
				controller.close();
				if (next === 0 && this.#failed) {
					this.#warnFailed();
					sayInstead();
				} else if (this.#failed) this.#logger.warn({ error: this.#failed.message, frames: next }, 'greeting synthesis failed part way; the greeting ends there');
			},
			// An interrupted greeting: nothing more to synthesize.
			cancel: () => this.close(),
		});
	}

	#warnFailed() {
		this.#logger.warn({ error: this.#failed?.message }, 'greeting synthesized early failed; the session says it through its own TTS');
	}

	/** The greeting's speech: its TTS metrics, those so far and later ones, go to the usage under its id. */
	attach(speechId: string) {
		this.#speechId = speechId;
		for (const metric of this.#metrics.splice(0)) this.#usage.onMetrics({ ...metric, speechId });
	}

	/** Stops the synthesis (the session ended before the greeting, or it was interrupted). */
	close() {
		this.#closed = true;
		if (!this.#done) this.#stream.close();
		// Never said: its usage still counts (TurnMetrics adds metrics of no speech to the totals).
		if (!this.#speechId) for (const metric of this.#metrics.splice(0)) this.#usage.onMetrics(metric);
	}
}
