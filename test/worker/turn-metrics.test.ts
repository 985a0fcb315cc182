/** Per-turn metrics: the framework's per-component metrics folded into one line per reply. */
import type { llm, metrics } from '@livekit/agents';

import { TurnMetrics, type TurnRecord } from '../../worker/src/turnMetrics';

const at = 1_800_000_000_000;
const message = (startedSpeakingAt?: number) => ({ id: 'item_1', interrupted: false, metrics: startedSpeakingAt ? { startedSpeakingAt: startedSpeakingAt / 1000 } : {} }) as unknown as llm.ChatMessage;

describe('TurnMetrics', () => {
	it('writes one record per reply with latency, usage and tool calls', () => {
		const lines: TurnRecord[] = [];
		const turns = new TurnMetrics((record) => lines.push(record));
		turns.onAssistantMessage(message(at - 5000)); // the greeting: no user turn before it
		turns.onMetrics({ type: 'stt_metrics', durationMs: 42, audioDurationMs: 1500, streamed: false } as metrics.STTMetrics);
		turns.onMetrics({ type: 'eou_metrics', timestamp: at, endOfUtteranceDelayMs: 510.4, transcriptionDelayMs: 120, speechId: 'speech_1' } as metrics.EOUMetrics);
		turns.onMetrics({ type: 'llm_metrics', ttftMs: 80.2, promptTokens: 100, completionTokens: 5 } as metrics.LLMMetrics);
		turns.onToolCall({ name: 'get_weather', ms: 30, ok: true });
		turns.onMetrics({ type: 'llm_metrics', ttftMs: 70, promptTokens: 120, completionTokens: 12 } as metrics.LLMMetrics);
		turns.onMetrics({ type: 'tts_metrics', ttfbMs: 15.6, charactersCount: 40, streamed: false } as metrics.TTSMetrics);
		turns.onMetrics({ type: 'tts_metrics', ttfbMs: 99, charactersCount: 400, streamed: true } as metrics.TTSMetrics); // the adapter's duplicate
		turns.onAssistantMessage(message(at + 190));

		expect(lines[0]).toMatchObject({ turn: 1, kind: 'greeting', llmCalls: 0, turnToFirstAudioMs: undefined });
		expect(lines[1]).toEqual({
			turn: 2,
			speechId: 'speech_1',
			kind: 'reply',
			interrupted: false,
			sttMs: 42,
			sttAudioSeconds: 1.5,
			endOfUtteranceDelayMs: 510,
			transcriptionDelayMs: 120,
			llmTtftMs: 80,
			llmCalls: 2,
			llmPromptTokens: 220,
			llmCompletionTokens: 17,
			ttsTtfbMs: 16,
			ttsCharacters: 40,
			toolCalls: [{ name: 'get_weather', ms: 30, ok: true }],
			userTurnEndedAt: at,
			firstAudioAt: at + 190,
			turnToFirstAudioMs: 190,
		});
		expect(turns.totals).toEqual({ sttAudioSeconds: 1.5, llmPromptTokens: 220, llmCompletionTokens: 17, ttsCharacters: 40, turns: 2 });
	});
});
