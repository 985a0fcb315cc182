/**
 * Retry policy for throttled calls (HTTP 429 and 503): the server's `Retry-After` is honoured, a
 * bounded number of retries and a cap on the total time spent waiting keep one bad item from stalling
 * a whole execution.
 */
import { abortableSleep, parseRetryAfter } from '../../../src/transport/retryAfter';

export { abortableSleep, parseRetryAfter };

export const RETRYABLE_STATUSES = new Set([429, 503]);

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Total time one item may spend waiting between attempts. */
	maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, maxTotalWaitMs: 60_000 };

/** Used when the server sends no `Retry-After`: 0.5 s, 1 s, 2 s, … capped at 8 s, with jitter. */
export function backoffDelayMs(attempt: number, random = Math.random): number {
	const base = Math.min(8_000, 500 * 2 ** attempt);
	return Math.round(base * (0.75 + random() * 0.5));
}

/** A throttled attempt: carries how long the server asked us to wait and the error to give up with. */
export class ThrottledError extends Error {
	constructor(
		readonly status: number,
		readonly retryAfterMs: number | undefined,
		/** Builds the error reported when no retry is left; `reason` says why we stopped. */
		readonly giveUp: (reason: string) => Error,
	) {
		super(`throttled with HTTP ${status}`);
	}
}

export interface RetryHooks {
	/** Called on every throttled attempt, before waiting (the adaptive limiter backs off here). */
	onThrottle?: () => void;
	wait?: (ms: number) => Promise<void>;
	/** Fires when the run is cancelled or another item failed: no further waits or attempts. */
	signal?: AbortSignal;
}

const STOPPED = 'stopped retrying: the execution was cancelled or another item failed';

export async function withRetries<T>(
	attempt: () => Promise<T>,
	policy: RetryPolicy,
	hooks: RetryHooks = {},
): Promise<T> {
	const wait = hooks.wait ?? ((ms: number) => abortableSleep(ms, hooks.signal));
	let waitedMs = 0;
	for (let retry = 0; ; retry++) {
		try {
			return await attempt();
		} catch (error) {
			if (!(error instanceof ThrottledError)) throw error;
			hooks.onThrottle?.();
			if (hooks.signal?.aborted) throw error.giveUp(STOPPED);
			if (retry >= policy.maxRetries) {
				throw error.giveUp(
					`gave up after ${retry} ${retry === 1 ? 'retry' : 'retries'} (Max Retries is ${policy.maxRetries})`,
				);
			}
			const delay = error.retryAfterMs ?? backoffDelayMs(retry);
			if (waitedMs + delay > policy.maxTotalWaitMs) {
				const asked = error.retryAfterMs === undefined ? 'the next backoff is' : 'the server asked to wait';
				throw error.giveUp(
					`${asked} ${Math.ceil(delay / 1000)} s, beyond the remaining retry wait budget of ` +
						`${Math.floor((policy.maxTotalWaitMs - waitedMs) / 1000)} s (Max Retry Wait)`,
				);
			}
			await wait(delay);
			if (hooks.signal?.aborted) throw error.giveUp(STOPPED);
			waitedMs += delay;
		}
	}
}
