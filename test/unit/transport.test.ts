import { AdaptiveLimiter, resetDelayMs, type Slot } from '../../nodes/shared/concurrency';
import { flattenRow, formatResult, jwtExpiry } from '../../nodes/shared/output';
import { parseErrorEnvelope, redact } from '../../nodes/shared/transport/errors';
import { backoffDelayMs, parseRetryAfter, ThrottledError, withRetries } from '../../nodes/shared/transport/retry';

describe('Retry-After', () => {
	const now = Date.parse('2026-11-20T10:00:00Z');
	it('reads delta-seconds and HTTP dates', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
		expect(parseRetryAfter('Fri, 20 Nov 2026 10:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-1', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('backs off exponentially with jitter when the server gives no hint', () => {
		expect(backoffDelayMs(0, () => 0.5)).toBe(500);
		expect(backoffDelayMs(3, () => 0.5)).toBe(4000);
		expect(backoffDelayMs(10, () => 0.5)).toBe(8000);
		expect(backoffDelayMs(1, () => 0)).toBe(750);
	});
});

describe('withRetries', () => {
	const throttled = (retryAfterMs?: number) => new ThrottledError(503, retryAfterMs, (reason) => new Error(`gave up: ${reason}`));

	it('waits what the server asked, then returns the success', async () => {
		const waits: number[] = [];
		let calls = 0;
		const result = await withRetries(async () => (++calls < 3 ? Promise.reject(throttled(1200)) : 'ok'), { maxRetries: 3, maxTotalWaitMs: 10_000 }, { wait: async (ms) => void waits.push(ms) });
		expect(result).toBe('ok');
		expect(waits).toEqual([1200, 1200]);
	});

	it('stops at the retry count and at the wait budget', async () => {
		const wait = async () => undefined;
		await expect(withRetries(async () => Promise.reject(throttled(0)), { maxRetries: 1, maxTotalWaitMs: 1000 }, { wait })).rejects.toThrow('gave up: gave up after 1 retry (Max Retries is 1)');
		await expect(withRetries(async () => Promise.reject(throttled(5000)), { maxRetries: 5, maxTotalWaitMs: 4000 }, { wait })).rejects.toThrow(
			'gave up: the server asked to wait 5 s, beyond the remaining retry wait budget of 4 s (Max Retry Wait)',
		);
	});

	it('says when the budget is exceeded by its own backoff rather than the server', async () => {
		await expect(withRetries(async () => Promise.reject(throttled()), { maxRetries: 5, maxTotalWaitMs: 100 }, { wait: async () => undefined })).rejects.toThrow(
			/^gave up: the next backoff is 1 s, beyond the remaining retry wait budget of 0 s/,
		);
	});

	it('stops waiting and retrying once the signal fires', async () => {
		const stop = new AbortController();
		let calls = 0;
		const pending = withRetries(async () => (calls++, Promise.reject(throttled(60_000))), { maxRetries: 3, maxTotalWaitMs: 120_000 }, { signal: stop.signal });
		setTimeout(() => stop.abort(), 20);
		await expect(pending).rejects.toThrow('gave up: stopped retrying: the execution was cancelled or another item failed');
		// Without the signal this would wait the server's 60 s and outlive the test's timeout.
		expect(calls).toBe(1);
	});

	it('does not retry other errors', async () => {
		let calls = 0;
		await expect(withRetries(async () => { calls++; throw new Error('boom'); }, { maxRetries: 3, maxTotalWaitMs: 1000 })).rejects.toThrow('boom');
		expect(calls).toBe(1);
	});
});

describe('AdaptiveLimiter', () => {
	/** Runs `count` tasks that stay in flight until released (those still queued then end at once), and returns their slots. */
	async function hold(limiter: AdaptiveLimiter, count: number) {
		const slots: Slot[] = [];
		const releases: Array<() => void> = [];
		let released = false;
		const done = Array.from({ length: count }, () =>
			limiter.run((slot) => {
				slots.push(slot);
				return released ? Promise.resolve() : new Promise<void>((resolve) => releases.push(resolve));
			}),
		);
		await new Promise((resolve) => setImmediate(resolve));
		return { slots, release: async () => ((released = true), releases.forEach((release) => release()), await Promise.all(done)) };
	}

	it('starts with 8 and grows by one per success (doubling every round trip) up to the ceiling', () => {
		const limiter = new AdaptiveLimiter(64);
		expect(limiter.limit).toBe(8);
		for (let i = 0; i < 8; i++) limiter.onSuccess();
		expect(limiter.limit).toBe(16);
		for (let i = 0; i < 100; i++) limiter.onSuccess();
		expect(limiter.limit).toBe(64);
		expect(new AdaptiveLimiter(1).limit).toBe(1);
	});

	it('at the first push-back holds at what the vendor was taking, cuts by a quarter once per round after that', async () => {
		const limiter = new AdaptiveLimiter(64, 12);
		const running = await hold(limiter, 12);
		// The 12th request was refused: the vendor took 11.
		running.slots[11].throttled();
		expect(limiter.limit).toBe(11);
		// The rest of that round was sent at the old level: it says nothing new.
		running.slots[10].throttled();
		expect(limiter.limit).toBe(11);
		await running.release();
		const next = await hold(limiter, 11);
		next.slots[0].throttled();
		expect(limiter.limit).toBe(8);
		await next.release();
	});

	it('climbs back to the known level one slot per window, and probes above it only after 20 calm windows with as many requests waiting', async () => {
		const limiter = new AdaptiveLimiter(64, 10);
		limiter.onThrottle(); // nothing in flight: holds at 1, the least it can
		expect(limiter.limit).toBe(1);
		const grown = () => {
			for (let i = 0; i < limiter.limit; i++) limiter.onSuccess();
			return limiter.limit;
		};
		const queued = await hold(limiter, 30);
		expect(grown()).toBe(1); // 1 is the known level: no growth until the calm windows
		for (let i = 0; i < 18; i++) grown();
		expect(grown()).toBe(2);
		await queued.release();
		// Nothing waits now: however calm, a probe could gain nothing.
		for (let i = 0; i < 50; i++) grown();
		expect(limiter.limit).toBe(2);
	});

	it('a probe the vendor refuses goes back to the known level, not a quarter below it', async () => {
		const limiter = new AdaptiveLimiter(64, 10);
		const first = await hold(limiter, 10);
		first.slots[9].throttled();
		await first.release();
		expect(limiter.limit).toBe(9);
		const queued = await hold(limiter, 200);
		for (let window = 0; window < 20; window++) for (let i = 0; i < 9; i++) limiter.onSuccess();
		expect(limiter.limit).toBe(10);
		await new Promise((resolve) => setImmediate(resolve));
		expect(queued.slots).toHaveLength(10);
		queued.slots[9].throttled();
		expect(limiter.limit).toBe(9);
		await queued.release();
	});

	it('never runs more tasks at once than its limit, and a paused task leaves its slot to the others', async () => {
		const limiter = new AdaptiveLimiter(2, 2);
		let active = 0;
		let peak = 0;
		const order: string[] = [];
		const task = (name: string, pauseMs = 0) =>
			limiter.run(async (slot) => {
				peak = Math.max(peak, ++active);
				if (pauseMs) {
					active--;
					await slot.pause(pauseMs);
					active++;
				}
				await new Promise((resolve) => setTimeout(resolve, 5));
				order.push(name);
				active--;
			});
		await Promise.all([task('waits', 40), task('a'), task('b'), task('c')]);
		expect(peak).toBe(2);
		expect(limiter.peak).toBe(2);
		// b and c ran in the slot the waiting task left.
		expect(order).toEqual(['a', 'b', 'c', 'waits']);
	});

	it('holds new requests while a rate-limit header says none remain, until its reset', async () => {
		let now = 1_000_000;
		const limiter = new AdaptiveLimiter(8, 8, () => now);
		limiter.observe({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '5' });
		let started = false;
		limiter.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0.05' });
		const run = limiter.run(async () => void (started = true));
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(started).toBe(false);
		now += 50;
		await run;
		expect(started).toBe(true);
	});

	it('reads a rate-limit reset as seconds to wait or as a Unix time', () => {
		expect(resetDelayMs('30', 0)).toBe(30_000);
		expect(resetDelayMs('1767225600', 1_767_225_590_000)).toBe(10_000);
		expect(resetDelayMs('soon', 0)).toBeUndefined();
	});
});

describe('Result Format', () => {
	it('flattens nested objects to dotted columns and arrays to JSON text', () => {
		expect(flattenRow({ a: 1, b: { c: { d: 'x' }, e: [] }, f: {}, g: undefined, h: [{ i: 1 }] })).toEqual({
			a: 1,
			'b.c.d': 'x',
			'b.e': '[]',
			f: null,
			g: null,
			h: '[{"i":1}]',
		});
	});

	it('raw gives {body, status} and headers only on request', () => {
		const raw = { body: { x: { y: 1 } }, status: 201, headers: { 'x-request-id': 'r' } };
		expect(formatResult('raw', raw, [], false)).toEqual([{ body: { x: { y: 1 } }, status: 201 }]);
		expect(formatResult('raw', raw, [], true)).toEqual([{ body: { x: { y: 1 } }, status: 201, headers: { 'x-request-id': 'r' } }]);
		expect(formatResult('structured', raw, [{ x: { y: 1 } }, { x: { y: 2 } }], true)).toEqual([{ 'x.y': 1 }, { 'x.y': 2 }]);
	});

	it('decodes a JWT expiry', () => {
		const token = ['e30', Buffer.from(JSON.stringify({ exp: 1705408200 })).toString('base64url'), 'sig'].join('.');
		expect(jwtExpiry(token)).toBe('2024-01-16T12:30:00.000Z');
		expect(jwtExpiry('not-a-jwt')).toBeNull();
	});
});

describe('error envelopes', () => {
	it('reads the documented shapes', () => {
		expect(parseErrorEnvelope({ error: { type: 'invalid_request', code: 'transport.unsupported', message: 'm', param: 'transport.type', request_id: 'req_1' } })).toEqual({
			type: 'invalid_request', code: 'transport.unsupported', message: 'm', param: 'transport.type', requestId: 'req_1',
		});
		expect(parseErrorEnvelope({ error: { message: 'Incorrect key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }, { 'x-request-id': 'req_oa' })).toEqual({
			type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect key', param: undefined, requestId: 'req_oa',
		});
		expect(parseErrorEnvelope({ message: ['name must be shorter', 'status must be one of'], error: 'Bad Request', statusCode: 400 })).toMatchObject({
			type: 'Bad Request', message: 'name must be shorter; status must be one of',
		});
		expect(parseErrorEnvelope({ detail: [{ loc: ['body', 'config'], msg: 'field required' }] })).toMatchObject({ message: 'body.config: field required' });
		expect(parseErrorEnvelope('<html>Bad gateway</html>')).toEqual({ message: '<html>Bad gateway</html>', requestId: undefined });
	});

	it('redacts secrets', () => {
		expect(redact('key sk-abc123 and sk-abc123', ['sk-abc123'])).toBe('key [redacted] and [redacted]');
	});
});
