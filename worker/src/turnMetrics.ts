/**
 * Per-turn latency and usage, logged as one JSON line per agent reply (`"msg":"turn metrics"`).
 *
 * The agents framework reports metrics per component as they happen, and replies overlap: a reply
 * generated while the greeting still plays (preemptive generation, an interruption), a greeting
 * committed after the user's next turn ended. So nothing is attributed by arrival order; each metric
 * goes to the speech it belongs to:
 *
 * - LLM and TTS metrics carry the `speechId` of the speech they were produced for;
 * - the end-of-utterance metric names the speech that answers the user's turn (that speech is then a
 *   `reply`), and takes the STT metrics measured since the previous end of turn (STT metrics have no
 *   speech: they belong to the user's turn);
 * - a tool call belongs to the newest reply still running (tools run inside the reply that called
 *   them, and its follow-up LLM call shares its speech id);
 * - an assistant message belongs to the speech whose chat items hold it (a generated reply), else to
 *   the oldest `say` speech still running (`session.say` commits its message while it plays).
 *
 * The line is written when the speech's message is committed: STT time and audio seconds,
 * end-of-utterance delay, LLM time to first token and tokens, TTS time to first byte and characters,
 * and `turnToFirstAudioMs` = end of the user's turn (the moment the framework committed it) → the
 * first agent audio frame sent to the room. A negative latency cannot happen for a reply attributed
 * right; should one be computed anyway it is left out and logged, never reported.
 *
 * Usage totals are counted as metrics arrive, whatever speech they belong to.
 */
import type { llm, metrics } from '@livekit/agents';

export interface TurnRecord {
	turn: number;
	speechId?: string;
	kind: 'greeting' | 'reply';
	/** Spoken by the worker itself (the apology after a provider fault), not generated. */
	said?: 'apology';
	interrupted: boolean;
	sttMs?: number;
	sttAudioSeconds: number;
	endOfUtteranceDelayMs?: number;
	transcriptionDelayMs?: number;
	llmTtftMs?: number;
	llmCalls: number;
	llmPromptTokens: number;
	llmCompletionTokens: number;
	ttsTtfbMs?: number;
	ttsCharacters: number;
	toolCalls: Array<{ name: string; ms: number; ok: boolean }>;
	userTurnEndedAt?: number;
	firstAudioAt?: number;
	turnToFirstAudioMs?: number;
}

/** What TurnMetrics needs of a `voice.SpeechHandle`. */
export interface SpeechLike {
	readonly id: string;
	readonly chatItems: ReadonlyArray<{ id: string }>;
	done(): boolean;
}

export type SpeechSource = 'say' | 'generate_reply' | 'tool_response';

interface Pending {
	stt: { ms: number; audioSeconds: number }[];
	eou?: metrics.EOUMetrics;
	llm: metrics.LLMMetrics[];
	tts: metrics.TTSMetrics[];
	tools: TurnRecord['toolCalls'];
}

interface Speech extends Pending {
	handle?: SpeechLike;
	source?: SpeechSource;
	said?: TurnRecord['said'];
	recorded: boolean;
}

const emptyPending = (): Pending => ({ stt: [], llm: [], tts: [], tools: [] });

export class TurnMetrics {
	#turn = 0;
	/** Speeches by id, in creation order. */
	readonly #speeches = new Map<string, Speech>();
	/** STT metrics of the user's turn in progress (until its end-of-utterance metric). */
	#userStt: Pending['stt'] = [];
	/** Metrics of no known speech (a session that reports no speeches): the next record takes them. */
	#loose = emptyPending();
	readonly totals = { sttAudioSeconds: 0, llmPromptTokens: 0, llmCompletionTokens: 0, ttsCharacters: 0, turns: 0 };

	constructor(
		private readonly write: (record: TurnRecord) => void,
		private readonly warn: (details: Record<string, unknown>, message: string) => void = () => undefined,
	) {}

	/** A speech was created (`speech_created`); `said` marks one the worker says itself. */
	onSpeechCreated(handle: SpeechLike, source: SpeechSource, said?: TurnRecord['said']) {
		const speech = this.#speech(handle.id);
		Object.assign(speech, { handle, source, said: said ?? speech.said });
		this.#prune();
	}

	/** Marks a speech created by `session.say` as the worker's own (before or after it was reported). */
	markSaid(speechId: string, said: NonNullable<TurnRecord['said']>) {
		this.#speech(speechId).said = said;
	}

	onMetrics(metric: metrics.AgentMetrics) {
		switch (metric.type) {
			case 'stt_metrics': {
				const stt = { ms: metric.durationMs, audioSeconds: metric.audioDurationMs / 1000 };
				this.totals.sttAudioSeconds += stt.audioSeconds;
				this.#userStt.push(stt);
				break;
			}
			case 'eou_metrics': {
				const target = metric.speechId ? this.#speech(metric.speechId) : this.#loose;
				target.eou = metric;
				target.stt.push(...this.#userStt);
				this.#userStt = [];
				break;
			}
			case 'llm_metrics':
				this.totals.llmPromptTokens += metric.promptTokens;
				this.totals.llmCompletionTokens += metric.completionTokens;
				this.#target(metric.speechId).llm.push(metric);
				break;
			case 'tts_metrics':
				// A non-streaming TTS is wrapped in a StreamAdapter that reports the same audio again.
				if (metric.streamed) break;
				this.totals.ttsCharacters += metric.charactersCount;
				this.#target(metric.speechId).tts.push(metric);
				break;
			default:
				break;
		}
	}

	onToolCall(call: TurnRecord['toolCalls'][number]) {
		const running = [...this.#speeches.values()].reverse().find((s) => s.handle && !s.handle.done() && s.source !== 'say');
		(running ?? this.#loose).tools.push(call);
	}

	/** Called when an assistant message is committed to the conversation. */
	onAssistantMessage(message: llm.ChatMessage) {
		const [speechId, speech] = this.#speechOf(message) ?? [undefined, undefined];
		const pending = this.#merge(speech);
		if (speech) speech.recorded = true;
		const m = message.metrics ?? {};
		const firstAudioAt = m.startedSpeakingAt !== undefined ? Math.round(m.startedSpeakingAt * 1000) : undefined;
		const userTurnEndedAt = pending.eou?.timestamp;
		let turnToFirstAudioMs = userTurnEndedAt !== undefined && firstAudioAt !== undefined ? firstAudioAt - userTurnEndedAt : undefined;
		if (turnToFirstAudioMs !== undefined && turnToFirstAudioMs < 0) {
			this.warn({ speechId, userTurnEndedAt, firstAudioAt, turnToFirstAudioMs }, 'turn metrics: negative latency left out (the reply started before the turn it answers ended)');
			turnToFirstAudioMs = undefined;
		}
		const record: TurnRecord = {
			turn: ++this.#turn,
			speechId: speechId ?? pending.eou?.speechId,
			kind: pending.eou ? 'reply' : 'greeting',
			...(speech?.said ? { said: speech.said } : {}),
			interrupted: Boolean(message.interrupted),
			sttMs: pending.stt.length ? Math.round(pending.stt.reduce((sum, s) => sum + s.ms, 0)) : undefined,
			sttAudioSeconds: Number(pending.stt.reduce((sum, s) => sum + s.audioSeconds, 0).toFixed(3)),
			endOfUtteranceDelayMs: pending.eou ? Math.round(pending.eou.endOfUtteranceDelayMs) : undefined,
			transcriptionDelayMs: pending.eou ? Math.round(pending.eou.transcriptionDelayMs) : undefined,
			llmTtftMs: pending.llm[0] ? Math.round(pending.llm[0].ttftMs) : undefined,
			llmCalls: pending.llm.length,
			llmPromptTokens: pending.llm.reduce((sum, l) => sum + l.promptTokens, 0),
			llmCompletionTokens: pending.llm.reduce((sum, l) => sum + l.completionTokens, 0),
			ttsTtfbMs: pending.tts[0] ? Math.round(pending.tts[0].ttfbMs) : undefined,
			ttsCharacters: pending.tts.reduce((sum, t) => sum + t.charactersCount, 0),
			toolCalls: pending.tools,
			userTurnEndedAt,
			firstAudioAt,
			turnToFirstAudioMs,
		};
		this.totals.turns++;
		this.write(record);
	}

	#speech(id: string): Speech {
		let speech = this.#speeches.get(id);
		if (!speech) this.#speeches.set(id, (speech = { ...emptyPending(), recorded: false }));
		return speech;
	}

	/** The speech a metric names; metrics of no speech go to the loose bucket. */
	#target(speechId: string | undefined): Pending {
		return speechId ? this.#speech(speechId) : this.#loose;
	}

	/** The speech a committed assistant message belongs to. */
	#speechOf(message: llm.ChatMessage): [string, Speech] | undefined {
		const open = [...this.#speeches.entries()].filter(([, s]) => !s.recorded);
		const live = open.filter(([, s]) => s.handle);
		return (
			live.find(([, s]) => s.handle!.chatItems.some((item) => item.id === message.id)) ??
			live.find(([, s]) => s.source === 'say' && !s.handle!.done()) ??
			// A speech known only from its metrics (its creation was not reported): the oldest reply.
			open.find(([, s]) => !s.handle && s.eou)
		);
	}

	/** The speech's metrics, with whatever was measured for no known speech; empties the loose bucket. */
	#merge(speech: Speech | undefined): Pending {
		const loose = this.#loose;
		this.#loose = emptyPending();
		if (!speech) return loose;
		return {
			stt: [...loose.stt, ...speech.stt],
			eou: speech.eou ?? loose.eou,
			llm: [...loose.llm, ...speech.llm],
			tts: [...loose.tts, ...speech.tts],
			tools: [...loose.tools, ...speech.tools],
		};
	}

	/** Forgets speeches that are done and recorded (or done long ago), keeping the map small. */
	#prune() {
		if (this.#speeches.size <= 32) return;
		for (const [id, speech] of this.#speeches) {
			if (this.#speeches.size <= 16) break;
			if (!speech.handle || speech.handle.done()) this.#speeches.delete(id);
		}
	}
}
