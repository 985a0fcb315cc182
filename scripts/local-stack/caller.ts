/**
 * A scripted caller: an `@livekit/rtc-node` participant that joins a session room with the token the
 * node returned, listens to the agent (detecting speech in its audio by energy), talks through a
 * microphone track fed with PCM (silence between utterances, like a real open mic), answers tool RPCs
 * and calls the agent's RPC methods as UpliftAI's client SDK does.
 */
import {
	AudioFrame,
	AudioSource,
	AudioStream,
	LocalAudioTrack,
	ParticipantKind,
	Room,
	RoomEvent,
	TrackKind,
	TrackPublishOptions,
	TrackSource,
	type RemoteParticipant,
	type RemoteTrack,
	type RpcInvocationData,
} from '@livekit/rtc-node';

import { MIC_SAMPLE_RATE } from './audio-tools';
import { routeRtcNodeLogs } from './logs';

// rtc-node's debug lines ("Connect callback received", "ignoring incoming byte stream …") go to the
// run's log file, not to the terminal of npm start or jest; its warnings still reach stderr.
routeRtcNodeLogs();

export { MIC_SAMPLE_RATE, synthesizeSpeech } from './audio-tools';
const FRAME_SAMPLES = MIC_SAMPLE_RATE / 100;
/** Mean absolute amplitude above which an agent audio frame counts as speech (silence decodes to ~0). */
const SPEECH_LEVEL = 200;
/** Quiet time that ends one agent utterance. */
const UTTERANCE_GAP_MS = 600;

export interface Utterance {
	startedAt: number;
	endedAt?: number;
	/** Loud frames (10 ms each). */
	frames: number;
	/**
	 * Positions of the first and last loud frame in the track's frame sequence. The receiver's jitter
	 * buffer yields a frame every 10 ms of media time, so the quiet frames between them are audio
	 * that arrived too late to play, however late this process got round to reading them.
	 */
	firstFrame: number;
	lastFrame: number;
}

export class TestCaller {
	readonly room = new Room();
	readonly utterances: Utterance[] = [];
	readonly data: Array<{ topic?: string; text: string }> = [];
	agent?: { identity: string; joinedAt: number };
	firstAgentAudioAt?: number;
	disconnectedAt?: number;
	/** When the last sample of the latest utterance went into the microphone. */
	lastSpokeAt?: number;
	/** Agent audio tracks subscribed, and the frames (loud or not) received on them: what a timeout reports. */
	readonly agentAudio = { tracks: 0, frames: 0 };
	#mic?: AudioSource;
	#speech: Int16Array[] = [];
	#pumping = false;
	#listeners = new Set<() => void>();

	static async join(url: string, token: string, options: { microphone?: boolean } = {}): Promise<TestCaller> {
		const caller = new TestCaller();
		await caller.#connect(url, token, options.microphone ?? true);
		return caller;
	}

	async #connect(url: string, token: string, microphone: boolean) {
		const onAgent = (participant: RemoteParticipant) => {
			if (participant.kind === ParticipantKind.AGENT && !this.agent) this.agent = { identity: participant.identity, joinedAt: Date.now() };
			this.#notify();
		};
		this.room.on(RoomEvent.ParticipantConnected, onAgent);
		this.room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _publication, participant: RemoteParticipant) => {
			if (track.kind === TrackKind.KIND_AUDIO && participant.kind === ParticipantKind.AGENT) {
				this.agentAudio.tracks++;
				void this.#listen(track);
			}
		});
		this.room.on(RoomEvent.DataReceived, (payload: Uint8Array, _participant, _kind, topic) => {
			this.data.push({ topic, text: new TextDecoder().decode(payload) });
			this.#notify();
		});
		this.room.on(RoomEvent.Disconnected, () => {
			this.disconnectedAt = Date.now();
			this.#notify();
		});
		await this.room.connect(url, token, { autoSubscribe: true, dynacast: false });
		for (const participant of this.room.remoteParticipants.values()) onAgent(participant);
		if (microphone) await this.#openMicrophone();
	}

	async #listen(track: RemoteTrack) {
		let current: Utterance | undefined;
		let quietSince = 0;
		let sequence = -1;
		for await (const frame of new AudioStream(track, { sampleRate: 24_000, numChannels: 1 })) {
			const now = Date.now();
			sequence++;
			this.agentAudio.frames++;
			let sum = 0;
			for (let i = 0; i < frame.data.length; i++) sum += Math.abs(frame.data[i]);
			const loud = sum / Math.max(1, frame.data.length) > SPEECH_LEVEL;
			if (loud) {
				this.firstAgentAudioAt ??= now;
				if (!current) {
					current = { startedAt: now, frames: 0, firstFrame: sequence, lastFrame: sequence };
					this.utterances.push(current);
				}
				current.frames++;
				current.lastFrame = sequence;
				quietSince = 0;
			} else if (current) {
				quietSince ||= now;
				if (now - quietSince >= UTTERANCE_GAP_MS) {
					current.endedAt = quietSince;
					current = undefined;
					quietSince = 0;
				}
			}
			this.#notify();
		}
	}

	async #openMicrophone() {
		// A small queue keeps the microphone real-time: captureFrame waits while 100 ms are queued.
		this.#mic = new AudioSource(MIC_SAMPLE_RATE, 1, 100);
		const track = LocalAudioTrack.createAudioTrack('microphone', this.#mic);
		await this.room.localParticipant!.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
		this.#pumping = true;
		void this.#pump();
	}

	/** Feeds the microphone 10 ms at a time: queued speech first, silence otherwise. */
	async #pump() {
		const silence = new Int16Array(FRAME_SAMPLES);
		while (this.#pumping && this.#mic) {
			let samples: Int16Array = silence;
			const speech = this.#speech[0];
			if (speech) {
				samples = speech.subarray(0, FRAME_SAMPLES);
				this.#speech[0] = speech.subarray(FRAME_SAMPLES);
				if (this.#speech[0].length === 0) {
					this.#speech.shift();
					this.lastSpokeAt = Date.now();
					this.#notify();
				}
				if (samples.length < FRAME_SAMPLES) samples = Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => samples[i] ?? 0);
			}
			try {
				await this.#mic.captureFrame(new AudioFrame(Int16Array.from(samples), MIC_SAMPLE_RATE, 1, FRAME_SAMPLES));
			} catch {
				return; // source closed
			}
		}
	}

	/** Says the PCM (16 kHz mono) into the microphone; resolves when the last sample was captured. */
	async say(pcm: Int16Array): Promise<number> {
		const before = this.lastSpokeAt;
		this.#speech.push(pcm);
		await this.waitFor(() => this.lastSpokeAt !== before && this.#speech.length === 0, 60_000, 'microphone playout');
		return this.lastSpokeAt!;
	}

	/** Serves a tool the agent calls over RPC, reading arguments as UpliftAI's SDK does. */
	handleTool(name: string, handler: (args: Record<string, unknown>, data: RpcInvocationData) => Promise<unknown>) {
		this.room.localParticipant!.registerRpcMethod(name, async (data) => {
			const args = (JSON.parse(data.payload) as { arguments: { raw_arguments: Record<string, unknown> } }).arguments.raw_arguments;
			return JSON.stringify(await handler(args, data));
		});
	}

	/** Calls one of the agent's RPC methods (`update_tools`, `update_instructions`). */
	async callAgent(method: string, payload: unknown): Promise<string> {
		if (!this.agent) throw new Error('no agent in the room');
		return this.room.localParticipant!.performRpc({ destinationIdentity: this.agent.identity, method, payload: JSON.stringify(payload) });
	}

	/** The next agent utterance that starts after `after` and has ended. */
	async nextUtterance(after: number, timeoutMs: number): Promise<Utterance> {
		let found: Utterance | undefined;
		try {
			await this.waitFor(() => (found = this.utterances.find((u) => u.startedAt >= after && u.endedAt !== undefined)) !== undefined, timeoutMs, 'agent utterance');
		} catch (error) {
			// Was nothing received, or nothing loud? (An agent track never subscribed, or silence.)
			const agentTracks = [...this.room.remoteParticipants.values()].filter((p) => p.kind === ParticipantKind.AGENT).flatMap((p) => [...p.trackPublications.values()].map((t) => `${t.sid}${t.subscribed ? ' subscribed' : ''}`));
			throw new Error(`${(error as Error).message} (agent ${this.agent?.identity ?? 'absent'}; its publications: ${agentTracks.join(', ') || 'none'}; audio tracks subscribed ${this.agentAudio.tracks}, frames received ${this.agentAudio.frames}, utterances ${this.utterances.length})`);
		}
		return found!;
	}

	waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
		if (condition()) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const check = () => {
				if (!condition()) return;
				clearTimeout(timer);
				this.#listeners.delete(check);
				resolve();
			};
			const timer = setTimeout(() => {
				this.#listeners.delete(check);
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
			}, timeoutMs);
			this.#listeners.add(check);
		});
	}

	#notify() {
		for (const listener of [...this.#listeners]) listener();
	}

	async leave() {
		this.#pumping = false;
		await this.#mic?.close().catch(() => {});
		this.#mic = undefined;
		await this.room.disconnect().catch(() => {});
	}
}
