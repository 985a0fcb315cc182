/**
 * The session's events as the reporter builds them from what the agent session reports: transcript
 * entries with their speaking times, tool calls, errors, and one `session.ended` with the transcript,
 * usage and latency percentiles, sent once and followed by the drain. session.started comes first
 * even when something was reported before the session started (an MCP server found unreachable).
 */
import { llm, type metrics } from '@livekit/agents';

import type { SessionEventData, SessionEventType } from '../../src/events/types';
import type { DrainResult, SessionEvents } from '../../worker/src/events/queue';
import { latencyOf, percentile, SessionReporter, transcriptEntryOf } from '../../worker/src/events/reporter';
import type { TurnRecord } from '../../worker/src/turnMetrics';
import { recordingLogger } from './recording-logger';

const at = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

function recordingEvents() {
	const sent: Array<{ type: SessionEventType; data: unknown }> = [];
	const drains: number[] = [];
	const events: SessionEvents = {
		enqueue: <T extends SessionEventType>(type: T, data: SessionEventData[T]) => void sent.push({ type, data }),
		drain: async (maxMs: number): Promise<DrainResult> => (drains.push(maxMs), { delivered: sent.length, failed: 0, undelivered: 0 }),
	};
	return { events, sent, drains };
}

const message = (role: 'user' | 'assistant' | 'system', content: string, speaking?: [number, number], interrupted = false) =>
	new llm.ChatMessage({ role, content, createdAt: at + 10_000, interrupted, metrics: speaking ? { startedSpeakingAt: speaking[0] / 1000, stoppedSpeakingAt: speaking[1] / 1000 } : {} });

describe('session report', () => {
	it('makes transcript entries of final user and assistant text only', () => {
		expect(transcriptEntryOf(message('user', ' Where is my order? ', [at, at + 1_500]))).toEqual({ role: 'user', text: 'Where is my order?', startedAt: iso(at), endedAt: iso(at + 1_500), interrupted: false });
		expect(transcriptEntryOf(message('assistant', 'It ships to', [at + 2_000, at + 2_600], true))).toEqual({ role: 'assistant', text: 'It ships to', startedAt: iso(at + 2_000), endedAt: iso(at + 2_600), interrupted: true });
		// Without speaking times the message's creation time is its start.
		expect(transcriptEntryOf(message('assistant', 'Hello'))).toEqual({ role: 'assistant', text: 'Hello', startedAt: iso(at + 10_000), endedAt: undefined, interrupted: false });
		expect(transcriptEntryOf(message('system', 'instructions'))).toBeUndefined();
		expect(transcriptEntryOf(message('user', '   '))).toBeUndefined();
	});

	it('takes nearest-rank percentiles over replies only', () => {
		expect(percentile([], 0.5)).toBeNull();
		expect(percentile([300, 100, 200], 0.5)).toBe(200);
		expect(percentile([100, 200, 300, 400], 0.5)).toBe(200);
		expect(percentile([...Array(20)].map((_v, i) => (i + 1) * 10), 0.95)).toBe(190);
		const records = [
			{ turn: 1, kind: 'greeting', turnToFirstAudioMs: undefined, llmTtftMs: 50, ttsTtfbMs: 20 },
			{ turn: 2, kind: 'reply', turnToFirstAudioMs: 900, llmTtftMs: 300, ttsTtfbMs: 40 },
			{ turn: 3, kind: 'reply', turnToFirstAudioMs: 700, llmTtftMs: 250, ttsTtfbMs: 30 },
		] as TurnRecord[];
		expect(latencyOf(records)).toEqual({
			turns: [
				{ turn: 1, kind: 'greeting', turnToFirstAudioMs: undefined, llmTtftMs: 50, ttsTtfbMs: 20 },
				{ turn: 2, kind: 'reply', turnToFirstAudioMs: 900, llmTtftMs: 300, ttsTtfbMs: 40 },
				{ turn: 3, kind: 'reply', turnToFirstAudioMs: 700, llmTtftMs: 250, ttsTtfbMs: 30 },
			],
			p50Ms: 700,
			p95Ms: 900,
		});
		expect(latencyOf(records.slice(0, 1))).toMatchObject({ p50Ms: null, p95Ms: null });
	});

	it('reports a session as events, and ends it once with transcript, usage and latency', async () => {
		const { events, sent, drains } = recordingEvents();
		const logger = recordingLogger();
		const reporter = new SessionReporter({ events, logger });
		reporter.started(at + 1_800_000, 'agent-AJ_1');
		reporter.message(message('assistant', 'Hello Grace.', [at, at + 900]));
		reporter.turns.onMetrics({ type: 'stt_metrics', durationMs: 40, audioDurationMs: 1_250, streamed: false } as metrics.STTMetrics);
		reporter.turns.onMetrics({ type: 'eou_metrics', timestamp: at + 3_000, endOfUtteranceDelayMs: 500, transcriptionDelayMs: 100, speechId: 's1' } as metrics.EOUMetrics);
		reporter.message(message('user', 'Where is my order?', [at + 1_500, at + 2_500]));
		reporter.turns.onMetrics({ type: 'llm_metrics', ttftMs: 210, promptTokens: 120, completionTokens: 9 } as metrics.LLMMetrics);
		reporter.toolCalled({ name: 'lookup_order', arguments: { orderId: 'A-17' }, via: 'webhook', ok: true, result: { status: 'shipped' }, durationMs: 35 });
		reporter.turns.onMetrics({ type: 'tts_metrics', ttfbMs: 60, charactersCount: 24, streamed: false } as metrics.TTSMetrics);
		reporter.message(message('assistant', 'Your order has shipped.', [at + 3_800, at + 5_000]));
		reporter.error({ code: 'tts_error', message: 'espeak: stalled (recoverable)', recoverable: true });

		const first = reporter.finish('user_left', 1_234);
		const again = reporter.finish('ttl');
		await expect(first).resolves.toEqual({ delivered: 7, failed: 0, undelivered: 0 });
		expect(again).toBe(first);
		expect(drains).toEqual([1_234]);

		expect(sent.map((e) => e.type)).toEqual(['session.started', 'transcript', 'transcript', 'tool.called', 'transcript', 'session.error', 'session.ended']);
		expect(sent[0].data).toEqual({ startedAt: expect.any(String), deadline: iso(at + 1_800_000), agentIdentity: 'agent-AJ_1' });
		expect(sent[3].data).toEqual({ name: 'lookup_order', arguments: { orderId: 'A-17' }, via: 'webhook', ok: true, result: { status: 'shipped' }, durationMs: 35 });
		const ended = sent[6].data as SessionEventData['session.ended'];
		expect(ended).toEqual({
			reason: 'user_left',
			startedAt: (sent[0].data as { startedAt: string }).startedAt,
			endedAt: expect.any(String),
			durationSeconds: expect.any(Number),
			transcript: [
				{ role: 'assistant', text: 'Hello Grace.', startedAt: iso(at), endedAt: iso(at + 900), interrupted: false },
				{ role: 'user', text: 'Where is my order?', startedAt: iso(at + 1_500), endedAt: iso(at + 2_500), interrupted: false },
				{ role: 'assistant', text: 'Your order has shipped.', startedAt: iso(at + 3_800), endedAt: iso(at + 5_000), interrupted: false },
			],
			usage: { sttAudioSeconds: 1.25, llmPromptTokens: 120, llmCompletionTokens: 9, ttsCharacters: 24 },
			latency: {
				turns: [
					{ turn: 1, kind: 'greeting', turnToFirstAudioMs: undefined, llmTtftMs: undefined, ttsTtfbMs: undefined },
					{ turn: 2, kind: 'reply', turnToFirstAudioMs: 800, llmTtftMs: 210, ttsTtfbMs: 60 },
				],
				p50Ms: 800,
				p95Ms: 800,
			},
		});
		expect(ended.durationSeconds).toBeGreaterThanOrEqual(0);
		expect(Date.parse(ended.endedAt)).toBeGreaterThanOrEqual(Date.parse(ended.startedAt));

		const turnLines = logger.lines.filter((line) => line.msg === 'turn metrics');
		expect(turnLines.map((line) => (line.fields.turnMetrics as TurnRecord).toolCalls)).toEqual([[], [{ name: 'lookup_order', ms: 35, ok: true }]]);
		expect(logger.lines.filter((line) => line.msg === 'session ended')).toEqual([
			{ level: 'info', msg: 'session ended', fields: { reason: 'user_left', durationSeconds: ended.durationSeconds, usage: ended.usage, p50Ms: 800, p95Ms: 800 } },
		]);
	});

	it('sends session.started first: what was reported while the agent started follows it, in order', () => {
		const { events, sent } = recordingEvents();
		const reporter = new SessionReporter({ events, logger: recordingLogger() });
		// The MCP toolset's setup runs inside session.start(), before started().
		reporter.error({ code: 'mcp_unavailable', message: 'MCP server 127.0.0.1:9/mcp could not be reached: connection refused', recoverable: true });
		reporter.message(message('assistant', 'Hello.'));
		expect(sent).toEqual([]);
		reporter.started(at + 60_000, 'agent-AJ_1');
		reporter.toolCalled({ name: 'lookup_order', arguments: {}, via: 'webhook', ok: true, durationMs: 5 });
		expect(sent.map((e) => e.type)).toEqual(['session.started', 'session.error', 'transcript', 'tool.called']);
	});

	it('sends what a session that never started held, then session.ended, and nothing after', async () => {
		const { events, sent } = recordingEvents();
		const reporter = new SessionReporter({ events, logger: recordingLogger() });
		reporter.error({ code: 'provider_setup', message: 'stt.default needs DEEPGRAM_API_KEY', recoverable: false });
		await reporter.finish('error');
		reporter.started(at, 'agent-late');
		expect(sent.map((e) => [e.type, (e.data as { code?: string; reason?: string }).code ?? (e.data as { reason?: string }).reason])).toEqual([
			['session.error', 'provider_setup'],
			['session.ended', 'error'],
		]);
	});
});
