/**
 * Turns what happens in a session into its events (`src/events/types`) and its log lines:
 *
 * - `session.started` once the agent session runs; `transcript` per final user or assistant message;
 *   `tool.called` per tool call; `session.error` per pipeline error (and `mcp_unavailable`,
 *   `provider_setup`, `connect_failed`);
 * - `session.ended` exactly once, from `finish()`, with the whole transcript, usage (TurnMetrics
 *   totals) and latency; then the event queue is drained (bounded) before the job ends.
 *
 * Order: `session.started` is always the first event and `session.ended` the last. What is reported
 * before `started()` (an MCP server found unreachable while the agent starts) is held and sent right
 * after `session.started`; a session that never starts (refused, or it could not join the room) sends
 * what was held, then `session.ended`. The queue drops whatever comes after `session.ended`.
 *
 * Log lines: `turn metrics` per reply (TurnMetrics), `session ended` with the summary.
 */
import type { llm } from '@livekit/agents';

import type { EndReason, SessionEventData, SessionEventType, TranscriptEntry, TurnLatency } from '../../../src/events/types';
import type { Logger } from '../sessionHelpers';
import type { ToolCallReport } from '../tools/reporting';
import { TurnMetrics, type TurnRecord } from '../turnMetrics';
import type { DrainResult, SessionEvents } from './queue';

/** How long the end of a session waits for its events to reach n8n. */
export const EVENTS_DRAIN_MS = 10_000;

type SessionEnded = SessionEventData['session.ended'];

/** Seconds since the epoch (the framework's speaking times) or milliseconds → ISO 8601. */
const isoFromSeconds = (seconds: number | undefined) => (seconds === undefined ? undefined : new Date(Math.round(seconds * 1000)).toISOString());

/** Nearest-rank percentile of `values` (milliseconds); null when there are none. */
export function percentile(values: readonly number[], fraction: number): number | null {
	if (!values.length) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

/** Per-turn latency and its p50/p95 over replies' `turnToFirstAudioMs` (greetings have no user turn). */
export function latencyOf(records: readonly TurnRecord[]): SessionEnded['latency'] {
	const turns: TurnLatency[] = records.map(({ turn, kind, turnToFirstAudioMs, llmTtftMs, ttsTtfbMs }) => ({ turn, kind, turnToFirstAudioMs, llmTtftMs, ttsTtfbMs }));
	const replies = records.flatMap((record) => (record.kind === 'reply' && record.turnToFirstAudioMs !== undefined ? [record.turnToFirstAudioMs] : []));
	return { turns, p50Ms: percentile(replies, 0.5), p95Ms: percentile(replies, 0.95) };
}

/** A committed chat message as a transcript entry; `undefined` for other roles or no text. */
export function transcriptEntryOf(message: llm.ChatMessage): TranscriptEntry | undefined {
	if (message.role !== 'user' && message.role !== 'assistant') return undefined;
	const text = message.textContent?.trim();
	if (!text) return undefined;
	const metrics = message.metrics ?? {};
	return {
		role: message.role,
		text,
		startedAt: isoFromSeconds(metrics.startedSpeakingAt) ?? new Date(message.createdAt).toISOString(),
		endedAt: isoFromSeconds(metrics.stoppedSpeakingAt),
		interrupted: Boolean(message.interrupted),
	};
}

export class SessionReporter {
	readonly turns: TurnMetrics;
	readonly #events: SessionEvents;
	readonly #logger: Logger;
	readonly #transcript: TranscriptEntry[] = [];
	readonly #turnRecords: TurnRecord[] = [];
	#startedAt = Date.now();
	#finished: Promise<DrainResult> | undefined;
	/** Events reported before `started()`; `undefined` once they were released. */
	#held: Array<{ type: SessionEventType; data: SessionEventData[SessionEventType] }> | undefined = [];

	constructor(options: { events: SessionEvents; logger: Logger }) {
		this.#events = options.events;
		this.#logger = options.logger;
		this.turns = new TurnMetrics(
			(record) => {
				this.#turnRecords.push(record);
				this.#logger.info({ turnMetrics: record }, 'turn metrics');
			},
			(details, message) => this.#logger.warn(details, message),
		);
	}

	/** The agent session runs; `deadline` is the TTL deadline (epoch ms). */
	started(deadline: number, agentIdentity: string): void {
		if (!this.#held) return;
		this.#startedAt = Date.now();
		this.#events.enqueue('session.started', { startedAt: new Date(this.#startedAt).toISOString(), deadline: new Date(deadline).toISOString(), agentIdentity });
		this.#release();
	}

	/** A message was committed to the conversation. */
	message(message: llm.ChatMessage): void {
		if (message.role === 'assistant') this.turns.onAssistantMessage(message);
		const entry = transcriptEntryOf(message);
		if (!entry) return;
		this.#transcript.push(entry);
		this.#send('transcript', entry);
	}

	toolCalled(report: ToolCallReport): void {
		this.turns.onToolCall({ name: report.name, ms: report.durationMs, ok: report.ok });
		this.#send('tool.called', report);
	}

	error(error: SessionEventData['session.error']): void {
		this.#send('session.error', error);
	}

	/** Enqueues now, or holds until `session.started` went first. */
	#send<T extends SessionEventType>(type: T, data: SessionEventData[T]): void {
		if (this.#held) this.#held.push({ type, data });
		else this.#events.enqueue(type, data);
	}

	#release(): void {
		const held = this.#held ?? [];
		this.#held = undefined;
		for (const { type, data } of held) this.#events.enqueue(type, data);
	}

	/**
	 * Sends `session.ended` (once: later calls return the first result) and waits up to `drainMs` for
	 * the queue to empty. Never throws.
	 */
	finish(reason: EndReason, drainMs = EVENTS_DRAIN_MS): Promise<DrainResult> {
		this.#finished ??= this.#finish(reason, drainMs);
		return this.#finished;
	}

	async #finish(reason: EndReason, drainMs: number): Promise<DrainResult> {
		const ended = this.summary(reason);
		this.#logger.info({ reason, durationSeconds: ended.durationSeconds, usage: ended.usage, p50Ms: ended.latency.p50Ms, p95Ms: ended.latency.p95Ms }, 'session ended');
		// A session that never started still tells what happened (e.g. why it was refused) before it ends.
		this.#release();
		this.#events.enqueue('session.ended', ended);
		return this.#events.drain(drainMs).catch((error: Error) => {
			this.#logger.warn({ error: error.message }, 'session events could not be drained');
			return { delivered: 0, failed: 0, undelivered: 0 };
		});
	}

	/** The `session.ended` data as of now. */
	summary(reason: EndReason): SessionEnded {
		const endedAt = Date.now();
		const { sttAudioSeconds, llmPromptTokens, llmCompletionTokens, ttsCharacters } = this.turns.totals;
		return {
			reason,
			startedAt: new Date(this.#startedAt).toISOString(),
			endedAt: new Date(endedAt).toISOString(),
			durationSeconds: Number(((endedAt - this.#startedAt) / 1000).toFixed(3)),
			transcript: [...this.#transcript],
			usage: { sttAudioSeconds: Number(sttAudioSeconds.toFixed(3)), llmPromptTokens, llmCompletionTokens, ttsCharacters },
			latency: latencyOf(this.#turnRecords),
		};
	}
}
