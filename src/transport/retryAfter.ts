/**
 * Waiting between attempts, shared by the nodes' HTTP layer (nodes/shared/transport/retry.ts) and the
 * worker's signed webhook requests (worker/src/webhooks/post.ts, events/queue.ts). Plain Node: no n8n
 * or LiveKit import, so the worker can build it in.
 */

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds (`120`) or an HTTP date (RFC 9110
 * §10.2.3; a date in the past is 0). `undefined` when absent or unreadable. `fractionalSeconds`
 * also reads `0.5` as 500 ms, as some APIs send (the nodes accept it; the worker keeps to RFC digits).
 */
export function parseRetryAfter(value: unknown, now = Date.now(), { fractionalSeconds = true } = {}): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (!text) return undefined;
	if ((fractionalSeconds ? /^\d+(\.\d+)?$/ : /^\d+$/).test(text)) return Math.round(Number(text) * 1000);
	// Only an HTTP date (it names a weekday and month); Date.parse would also read "1.5" or "-1" as a year.
	if (!/[a-z]{3}/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Resolves after `ms`, or as soon as `signal` aborts (never rejects). `unref` lets the process exit
 * while it waits (the worker's drain); the nodes keep their execution alive.
 */
export function abortableSleep(ms: number, signal?: AbortSignal, { unref = false } = {}): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		if (unref) timer.unref();
		signal?.addEventListener('abort', done, { once: true });
	});
}
