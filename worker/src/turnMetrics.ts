/**
 * Per-turn latency and usage, logged as one JSON line per agent reply (`"msg":"turn metrics"`).
 *
 * The agents framework reports metrics per component as they happen; this folds them into the reply
 * they belong to (by speech id) and writes the line when the reply's message is committed:
 * STT time and audio seconds, end-of-utterance delay, LLM time to first token and tokens, TTS time to
 * first byte and characters, and `turnToFirstAudioMs` = end of the user's turn (the moment the
 * framework committed it) → the first agent audio frame sent to the room.
 */
import type { llm, metrics } from '@livekit/agents';

export interface TurnRecord {
	turn: number;
	speechId?: string;
	kind: 'greeting' | 'reply';
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

interface Pending {
	stt: { ms: number; audioSeconds: number }[];
	eou?: metrics.EOUMetrics;
	llm: metrics.LLMMetrics[];
	tts: metrics.TTSMetrics[];
	tools: TurnRecord['toolCalls'];
}

const emptyPending = (): Pending => ({ stt: [], llm: [], tts: [], tools: [] });

/**
 * Replies are sequential within one session, so everything measured since the previous reply was
 * committed belongs to the next one (a tool round trip included: its two LLM calls land in one turn).
 */
export class TurnMetrics {
	#turn = 0;
	#pending = emptyPending();
	readonly totals = { sttAudioSeconds: 0, llmPromptTokens: 0, llmCompletionTokens: 0, ttsCharacters: 0, turns: 0 };

	constructor(private readonly write: (record: TurnRecord) => void) {}

	onMetrics(metric: metrics.AgentMetrics) {
		const pending = this.#pending;
		switch (metric.type) {
			case 'stt_metrics':
				pending.stt.push({ ms: metric.durationMs, audioSeconds: metric.audioDurationMs / 1000 });
				break;
			case 'eou_metrics':
				pending.eou = metric;
				break;
			case 'llm_metrics':
				pending.llm.push(metric);
				break;
			case 'tts_metrics':
				// A non-streaming TTS is wrapped in a StreamAdapter that reports the same audio again.
				if (!metric.streamed) pending.tts.push(metric);
				break;
			default:
				break;
		}
	}

	onToolCall(call: TurnRecord['toolCalls'][number]) {
		this.#pending.tools.push(call);
	}

	/** Called when an assistant message is committed to the conversation. */
	onAssistantMessage(message: llm.ChatMessage) {
		const pending = this.#pending;
		this.#pending = emptyPending();
		const m = message.metrics ?? {};
		const firstAudioAt = m.startedSpeakingAt !== undefined ? Math.round(m.startedSpeakingAt * 1000) : undefined;
		const userTurnEndedAt = pending.eou?.timestamp;
		const record: TurnRecord = {
			turn: ++this.#turn,
			speechId: pending.eou?.speechId,
			kind: pending.eou ? 'reply' : 'greeting',
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
			turnToFirstAudioMs: userTurnEndedAt !== undefined && firstAudioAt !== undefined ? firstAudioAt - userTurnEndedAt : undefined,
		};
		this.totals.turns++;
		this.totals.sttAudioSeconds += record.sttAudioSeconds;
		this.totals.llmPromptTokens += record.llmPromptTokens;
		this.totals.llmCompletionTokens += record.llmCompletionTokens;
		this.totals.ttsCharacters += record.ttsCharacters;
		this.write(record);
	}
}
