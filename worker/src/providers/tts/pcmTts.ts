/**
 * A non-streaming TTS whose backend produces raw 16-bit mono PCM, delivered as it is produced.
 * espeak-ng and UpliftAI both fit: they differ only in where the bytes come from, so each provider
 * supplies an async source of PCM chunks and this class turns it into LiveKit audio frames. Frames are
 * pushed as soon as 10 ms of audio exists (not after the whole utterance), which keeps time to first
 * byte at the backend's own latency.
 */
import { shortuuid, tts, type APIConnectOptions } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';

/** `timeoutMs`: the session's TTS timeout (its `ttsConnOptions.timeoutMs`), for the backend's first byte. */
export type PcmSource = (text: string, signal: AbortSignal, timeoutMs?: number) => AsyncIterable<Buffer>;

export interface PcmTtsOptions {
	label: string;
	model: string;
	provider: string;
	sampleRate: number;
	source: PcmSource;
}

class PcmChunkedStream extends tts.ChunkedStream {
	label: string;
	readonly #timeoutMs?: number;

	constructor(
		private readonly owner: PcmTts,
		text: string,
		connOptions?: APIConnectOptions,
		abortSignal?: AbortSignal,
	) {
		super(text, owner, connOptions, abortSignal);
		this.#timeoutMs = connOptions?.timeoutMs;
		this.label = `${owner.label}.ChunkedStream`;
	}

	protected async run(): Promise<void> {
		const requestId = shortuuid();
		const { sampleRate } = this.owner;
		// A short first frame (20 ms) keeps time to first byte at the backend's; after it, 100 ms frames
		// keep the per-frame work of the audio pipeline (and so the CPU per session) low.
		const bytesFor = (ms: number) => Math.floor((sampleRate * ms) / 1000) * 2;
		let frameBytes = bytesFor(20);
		let rest: Buffer = Buffer.alloc(0);
		let pending: AudioFrame | undefined;
		// An interruption closes the queue before it aborts the source: stop quietly, it is not an error.
		const stopped = () => this.closed || this.abortController.signal.aborted;
		const push = (bytes: Buffer) => {
			if (stopped()) return;
			// Copy into a fresh, aligned Int16Array: chunks may start at odd offsets.
			const samples = new Int16Array(bytes.length / 2);
			Buffer.from(samples.buffer).set(bytes);
			if (pending) this.queue.put({ requestId, segmentId: requestId, frame: pending, final: false });
			pending = new AudioFrame(samples, sampleRate, 1, samples.length);
		};
		try {
			for await (const chunk of this.owner.source(this.inputText, this.abortController.signal, this.#timeoutMs)) {
				if (stopped()) return;
				rest = rest.length ? Buffer.concat([rest, chunk]) : chunk;
				let offset = 0;
				while (offset + frameBytes <= rest.length) {
					push(rest.subarray(offset, offset + frameBytes));
					offset += frameBytes;
					frameBytes = bytesFor(100);
				}
				rest = rest.subarray(offset);
			}
			const tail = rest.length - (rest.length % 2);
			if (tail > 0) push(rest.subarray(0, tail));
			if (pending && !stopped()) this.queue.put({ requestId, segmentId: requestId, frame: pending, final: true });
		} catch (error) {
			if ((error as Error).name !== 'AbortError' && !stopped()) throw error;
		} finally {
			this.queue.close();
		}
	}
}

export class PcmTts extends tts.TTS {
	label: string;
	readonly source: PcmSource;
	readonly #model: string;
	readonly #provider: string;

	constructor(options: PcmTtsOptions) {
		super(options.sampleRate, 1, { streaming: false });
		this.label = options.label;
		this.source = options.source;
		this.#model = options.model;
		this.#provider = options.provider;
	}

	get model(): string {
		return this.#model;
	}

	get provider(): string {
		return this.#provider;
	}

	synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
		return new PcmChunkedStream(this, text, connOptions, abortSignal);
	}

	stream(): tts.SynthesizeStream {
		throw new Error(`${this.label} does not stream text; the agent session wraps it with a sentence tokenizer`);
	}
}
