/**
 * A session's events on their way to `events.webhookUrl`: delivered in order, one at a time, at least
 * once.
 *
 * - Each event gets its `id` (`evt_…`) and `sequence` (1, 2, 3 … over the event types sent) when it
 *   is enqueued; a retry resends the same bytes' content with the same `id`, so a receiver drops a
 *   duplicate by id. The signature timestamp is fresh on every attempt.
 * - An attempt that fails with a connection error, a timeout (`attemptTimeoutMs`), a 5xx, 408 or 429
 *   answer is retried with exponential backoff (p-retry), up to `attempts` tries; any other 4xx answer
 *   is final. A `Retry-After` (seconds or an HTTP date) on the answer is waited out before the next
 *   try, each wait capped at `maxRetryAfterMs`, within the same `attempts`. An event given up on is
 *   logged and the queue moves on to the next one.
 * - `session.ended` is the last event: once it is enqueued, later events (a tool call that settles
 *   after the end) are dropped with a debug line `session event dropped`.
 * - `enqueue()` never blocks and never throws: the conversation does not wait for n8n.
 * - `drain(maxMs)` waits (bounded) for the queue to empty before the job ends, then logs one line
 *   `session events drained` with the counts, and stops whatever is still pending.
 */
import pRetry from 'p-retry';

import type { SessionEvent, SessionEventData, SessionEventType } from '../../../src/events/types';
import { abortableSleep } from '../../../src/transport/retryAfter';
import type { Logger } from '../sessionHelpers';
import { describeUrl, postSigned, RETRY_LATER_STATUSES, WebhookError } from '../webhooks/post';
import { envelope, type SessionScope } from '../webhooks/session';

/** Counts after a drain: `failed` = given up after retries or refused (a 4xx other than 408/429); `undelivered` = still queued, in flight or waiting out a Retry-After when the drain ended. */
export interface DrainResult {
	delivered: number;
	failed: number;
	undelivered: number;
}

/** Where the session reports its events; `NO_EVENTS` when the config has no `events`. */
export interface SessionEvents {
	enqueue<T extends SessionEventType>(type: T, data: SessionEventData[T]): void;
	drain(maxMs: number): Promise<DrainResult>;
}

export const NO_EVENTS: SessionEvents = {
	enqueue: () => undefined,
	drain: async () => ({ delivered: 0, failed: 0, undelivered: 0 }),
};

export interface EventQueueOptions {
	url: string;
	secret: string;
	scope: SessionScope;
	/** Types to send; every type when absent. */
	types?: readonly SessionEventType[];
	logger: Logger;
	/** Tries per event, the first included (default 5). */
	attempts?: number;
	/** Milliseconds one attempt may take, answer included (default 5000). */
	attemptTimeoutMs?: number;
	/** Wait before the first retry, doubling (randomized ×1–2) up to `maxBackoffMs` (defaults 500 and 4000 ms). */
	minBackoffMs?: number;
	maxBackoffMs?: number;
	/** Longest wait a `Retry-After` header (408, 429, 5xx) may ask for before one retry (default 30 000 ms). */
	maxRetryAfterMs?: number;
}

export const DEFAULT_EVENT_ATTEMPTS = 5;
export const DEFAULT_EVENT_ATTEMPT_TIMEOUT_MS = 5_000;
export const DEFAULT_EVENT_MAX_RETRY_AFTER_MS = 30_000;

/** Worth another try: the receiver may answer better later. */
const retryable = (error: unknown): error is WebhookError =>
	error instanceof WebhookError && (error.retryable || (error.status !== undefined && RETRY_LATER_STATUSES.has(error.status)));

export class EventQueue implements SessionEvents {
	readonly #options: Required<Omit<EventQueueOptions, 'types'>> & { types?: readonly SessionEventType[] };
	#tail: Promise<void> = Promise.resolve();
	#sequence = 0;
	#pending = 0;
	#delivered = 0;
	#failed = 0;
	#closed = false;
	/** `session.ended` was enqueued: nothing may follow it. */
	#ended = false;
	readonly #stop = new AbortController();
	#whenIdle: Array<() => void> = [];

	constructor(options: EventQueueOptions) {
		this.#options = {
			attempts: DEFAULT_EVENT_ATTEMPTS,
			attemptTimeoutMs: DEFAULT_EVENT_ATTEMPT_TIMEOUT_MS,
			minBackoffMs: 500,
			maxBackoffMs: 4_000,
			maxRetryAfterMs: DEFAULT_EVENT_MAX_RETRY_AFTER_MS,
			...options,
		};
	}

	enqueue<T extends SessionEventType>(type: T, data: SessionEventData[T]): void {
		if (this.#closed || this.#ended) {
			this.#options.logger.debug({ event: type, after: this.#closed ? 'the drain' : 'session.ended' }, 'session event dropped');
			return;
		}
		// Even when `types` leaves session.ended out, it is the end: what comes later is not sent either.
		if (type === 'session.ended') this.#ended = true;
		if (this.#options.types && !this.#options.types.includes(type)) return;
		try {
			const event = envelope(this.#options.scope, type, data, { sequence: ++this.#sequence }) as SessionEvent;
			this.#pending++;
			this.#tail = this.#tail.then(() => this.#deliver(event)).finally(() => this.#settled());
		} catch (error) {
			this.#options.logger.warn({ event: type, error: (error as Error).message }, 'session event dropped');
		}
	}

	async drain(maxMs: number): Promise<DrainResult> {
		const started = Date.now();
		if (this.#pending > 0) {
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([new Promise<void>((resolve) => this.#whenIdle.push(resolve)), new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)))]);
			clearTimeout(timer);
		}
		this.#closed = true;
		const result = { delivered: this.#delivered, failed: this.#failed, undelivered: this.#pending };
		// What is still queued or in flight stops here: the job is about to end.
		this.#stop.abort();
		const level = result.failed || result.undelivered ? 'warn' : 'info';
		this.#options.logger[level]({ ...result, endpoint: describeUrl(this.#options.url), waitedMs: Date.now() - started }, 'session events drained');
		return result;
	}

	#settled() {
		this.#pending--;
		if (this.#pending > 0) return;
		for (const resolve of this.#whenIdle.splice(0)) resolve();
	}

	async #deliver(event: SessionEvent): Promise<void> {
		const { url, secret, attempts, attemptTimeoutMs, minBackoffMs, maxBackoffMs, maxRetryAfterMs, logger } = this.#options;
		const signal = this.#stop.signal;
		try {
			await pRetry(
				async () => {
					if (signal.aborted) throw new pRetry.AbortError('the event queue was stopped');
					try {
						await postSigned(url, event, { secret, timeoutMs: attemptTimeoutMs, signal });
					} catch (error) {
						if (retryable(error)) throw error;
						throw new pRetry.AbortError(error as Error);
					}
				},
				{
					retries: attempts - 1,
					factor: 2,
					minTimeout: minBackoffMs,
					maxTimeout: maxBackoffMs,
					randomize: true,
					// A backoff timer must not keep a finished job process alive.
					unref: true,
					// Awaited by p-retry before its own backoff: a Retry-After is waited out first, so the
					// next try never comes sooner than the receiver asked (nor later than the cap plus backoff).
					onFailedAttempt: async (error) => {
						const retryAfterMs = (error as Partial<WebhookError>).retryAfterMs;
						logger.debug({ event: event.type, id: event.id, attempt: error.attemptNumber, retriesLeft: error.retriesLeft, retryAfterMs, error: error.message }, 'session event attempt failed');
						if (retryAfterMs && error.retriesLeft > 0) await abortableSleep(Math.min(retryAfterMs, maxRetryAfterMs), signal, { unref: true });
					},
				},
			);
			this.#delivered++;
		} catch (error) {
			// Stopped by the drain: counted as undelivered, not as given up.
			if (signal.aborted) return;
			this.#failed++;
			logger.warn({ event: event.type, id: event.id, sequence: event.sequence, error: (error as Error).message }, 'session event not delivered');
		}
	}
}
