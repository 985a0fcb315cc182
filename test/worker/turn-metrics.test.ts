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

/** A speech handle as the framework reports it: an id, the chat items it committed, done or not. */
function speech(id: string) {
	const state = { done: false, chatItems: [] as Array<{ id: string }> };
	return { id, get chatItems() { return state.chatItems; }, done: () => state.done, state };
}
const assistant = (id: string, startedSpeakingAt: number, interrupted = false) =>
	({ id, role: 'assistant', interrupted, metrics: { startedSpeakingAt: startedSpeakingAt / 1000 } }) as unknown as llm.ChatMessage;
const llmOf = (speechId: string, ttftMs: number, promptTokens = 10) => ({ type: 'llm_metrics', ttftMs, promptTokens, completionTokens: 2, speechId }) as metrics.LLMMetrics;
const ttsOf = (speechId: string, ttfbMs: number, charactersCount: number) => ({ type: 'tts_metrics', ttfbMs, charactersCount, streamed: false, speechId }) as metrics.TTSMetrics;
const eouOf = (speechId: string, timestamp: number) => ({ type: 'eou_metrics', timestamp, endOfUtteranceDelayMs: 500, transcriptionDelayMs: 50, speechId }) as metrics.EOUMetrics;

describe('TurnMetrics attributes by speech, not by arrival order', () => {
	it('an interrupted greeting committed after the reply to the user was already generated', () => {
		const lines: TurnRecord[] = [];
		const warnings: string[] = [];
		const turns = new TurnMetrics((record) => lines.push(record), (_details, message) => warnings.push(message));
		const greeting = speech('speech_greet');
		turns.onSpeechCreated(greeting, 'say');
		turns.onMetrics(ttsOf('speech_greet', 20, 60));
		// The user talks over the greeting: their turn ends, the reply is created and its LLM runs
		// (a tool call included) while the greeting is still being cut off.
		turns.onMetrics({ type: 'stt_metrics', durationMs: 30, audioDurationMs: 3_500, streamed: false } as metrics.STTMetrics);
		const reply = speech('speech_reply');
		turns.onSpeechCreated(reply, 'generate_reply');
		turns.onMetrics(eouOf('speech_reply', at));
		turns.onMetrics(llmOf('speech_reply', 300, 100));
		turns.onToolCall({ name: 'get_weather', ms: 25, ok: true });
		turns.onMetrics(llmOf('speech_reply', 200, 140));
		// Only now is the interrupted greeting committed (it started speaking long before the turn ended).
		turns.onAssistantMessage(assistant('msg_greet', at - 2_664, true));
		greeting.state.done = true;
		turns.onMetrics(ttsOf('speech_reply', 40, 30));
		reply.state.chatItems.push({ id: 'msg_reply' });
		turns.onAssistantMessage(assistant('msg_reply', at + 900));

		expect(lines).toEqual([
			expect.objectContaining({ turn: 1, speechId: 'speech_greet', kind: 'greeting', interrupted: true, llmCalls: 0, ttsCharacters: 60, toolCalls: [], turnToFirstAudioMs: undefined, sttAudioSeconds: 0 }),
			expect.objectContaining({ turn: 2, speechId: 'speech_reply', kind: 'reply', llmCalls: 2, llmTtftMs: 300, llmPromptTokens: 240, ttsTtfbMs: 40, ttsCharacters: 30, sttAudioSeconds: 3.5, toolCalls: [{ name: 'get_weather', ms: 25, ok: true }], turnToFirstAudioMs: 900 }),
		]);
		expect(warnings).toEqual([]);
		expect(turns.totals).toEqual({ sttAudioSeconds: 3.5, llmPromptTokens: 240, llmCompletionTokens: 4, ttsCharacters: 90, turns: 2 });
	});

	it('replies committed out of creation order each keep their own metrics', () => {
		const lines: TurnRecord[] = [];
		const turns = new TurnMetrics((record) => lines.push(record));
		const first = speech('s1');
		const second = speech('s2');
		turns.onSpeechCreated(first, 'generate_reply');
		turns.onMetrics(eouOf('s1', at));
		turns.onSpeechCreated(second, 'generate_reply');
		turns.onMetrics(eouOf('s2', at + 5_000));
		turns.onMetrics(llmOf('s2', 222));
		turns.onMetrics(llmOf('s1', 111));
		second.state.chatItems.push({ id: 'm2' });
		turns.onAssistantMessage(assistant('m2', at + 5_700));
		first.state.chatItems.push({ id: 'm1' });
		turns.onAssistantMessage(assistant('m1', at + 400, true));
		expect(lines.map((l) => [l.speechId, l.kind, l.llmTtftMs, l.turnToFirstAudioMs, l.interrupted])).toEqual([
			['s2', 'reply', 222, 700, false],
			['s1', 'reply', 111, 400, true],
		]);
	});

	it('never reports a negative latency: it is left out and logged', () => {
		const lines: TurnRecord[] = [];
		const warnings: Array<Record<string, unknown>> = [];
		const turns = new TurnMetrics((record) => lines.push(record), (details) => warnings.push(details));
		const reply = speech('s1');
		turns.onSpeechCreated(reply, 'generate_reply');
		turns.onMetrics(eouOf('s1', at));
		reply.state.chatItems.push({ id: 'm1' });
		turns.onAssistantMessage(assistant('m1', at - 2_664));
		expect(lines[0]).toMatchObject({ kind: 'reply', turnToFirstAudioMs: undefined, userTurnEndedAt: at, firstAudioAt: at - 2_664 });
		expect(warnings).toEqual([expect.objectContaining({ speechId: 's1', turnToFirstAudioMs: -2_664 })]);
	});

	it('marks the apology the worker says itself', () => {
		const lines: TurnRecord[] = [];
		const turns = new TurnMetrics((record) => lines.push(record));
		const apology = speech('s_apology');
		turns.markSaid('s_apology', 'apology');
		turns.onSpeechCreated(apology, 'say');
		turns.onAssistantMessage(assistant('m', at));
		expect(lines[0]).toMatchObject({ speechId: 's_apology', kind: 'greeting', said: 'apology' });
	});
});
