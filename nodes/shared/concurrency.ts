/**
 * How many requests one run keeps in flight, learnt from the vendor's answers as TCP learns a path:
 * - **slow start**: from a few requests, one more slot per success (the window doubles every round
 *   trip), so a vendor that takes 50 at once is reached in three round trips, not hundreds;
 * - **push-back** (429/503): the window drops to what the vendor was taking (the requests in flight
 *   when it pushed back, less the refused one) and holds there. Further push-back from requests sent
 *   at that level cuts it by a quarter, at most once per round of requests;
 * - **probing** above the level that drew push-back comes only after 20 windows without any, and
 *   only while at least as many requests wait, so a short run never pays a second throttled round
 *   for a limit it already knows;
 * - **rate-limit headers**: an answer that says no requests remain (`X-RateLimit-Remaining: 0` or
 *   `RateLimit-Remaining: 0`, as Protoface sends) holds new requests until its reset time.
 * A throttled item waits for its `Retry-After` outside the window (see {@link Slot.pause}), so its
 * wait never holds back the items behind it. The user's Max Concurrency is the ceiling throughout.
 */
import { abortableSleep } from '../../src/transport/retryAfter';

/**
 * The default ceiling on requests in flight (Max Concurrency): high enough to reach what a vendor
 * takes within a few round trips, since the limiter finds the level itself.
 */
export const DEFAULT_MAX_CONCURRENCY = 64;
export const MAX_CONCURRENCY = 256;

/** Requests in flight before the first answer. */
const INITIAL_WINDOW = 8;
/** Push-back at the held level cuts the window to this share of it. */
const DECREASE = 0.75;
/** Successful windows in a row before probing one above the level that drew push-back. */
const PROBE_AFTER_WINDOWS = 20;
/** The longest a rate-limit reset may hold new requests (ms); a later reset is left to Retry-After. */
const MAX_RESET_HOLD_MS = 60_000;

/** A running task's place in the window. */
export interface Slot {
	/** The vendor pushed back on this task's request (HTTP 429 or 503). */
	throttled(): void;
	/** Leaves the window for `ms` (waiting for a retry) and queues to re-enter it. */
	pause(ms: number, signal?: AbortSignal): Promise<void>;
}

export class AdaptiveLimiter {
	private active = 0;
	/** Successes since the window last grew (congestion avoidance). */
	private successesInWindow = 0;
	/** Windows completed without push-back since the window was last held or cut. */
	private cleanWindows = 0;
	/** The window known to be accepted; undefined until the first push-back (slow start). */
	private known?: number;
	/** Bumped whenever the window is cut: push-back from requests started before it is old news. */
	private epoch = 0;
	/** No new request starts before this time (ms since the epoch), from a rate-limit reset. */
	private holdUntil = 0;
	private holdTimer?: NodeJS.Timeout;
	private readonly waiting: Array<() => void> = [];
	/** Highest number of tasks that ran at once (for benchmarks and tests). */
	peak = 0;
	limit: number;

	constructor(
		readonly ceiling: number,
		initial = INITIAL_WINDOW,
		private readonly now: () => number = Date.now,
	) {
		this.limit = Math.max(1, Math.min(ceiling, initial));
	}

	/** Runs `task` once a slot is free; the slot is the task's handle for push-back and pauses. */
	async run<T>(task: (slot: Slot) => Promise<T>): Promise<T> {
		await this.acquire();
		let epoch = this.epoch;
		// A slot outlives its task when a later step (a wait that follows the request) keeps it: once
		// the task is done, a pause is a plain wait.
		let state: 'inside' | 'paused' | 'done' = 'inside';
		const slot: Slot = {
			throttled: () => this.onThrottle(epoch),
			pause: async (ms, signal) => {
				if (state !== 'inside') return await abortableSleep(ms, signal);
				state = 'paused';
				this.release();
				await abortableSleep(ms, signal);
				await this.acquire(true);
				state = 'inside';
				epoch = this.epoch;
			},
		};
		try {
			return await task(slot);
		} finally {
			if (state === 'inside') this.release();
			state = 'done';
		}
	}

	/** A request succeeded: grow the window (see the file comment). */
	onSuccess(): void {
		if (this.limit >= this.ceiling) return;
		if (this.known === undefined) {
			this.limit++;
		} else if (++this.successesInWindow >= this.limit) {
			this.successesInWindow = 0;
			// A window at a probed level passed without push-back: that level is now known.
			if (this.limit > this.known) this.known = this.limit;
			// Back up to the known level one slot per window; one above it only after a long calm, and
			// only while as much work waits as that calm took (near the end a refused probe would only
			// add its Retry-After to the run).
			const probe = ++this.cleanWindows >= PROBE_AFTER_WINDOWS && this.waiting.length > PROBE_AFTER_WINDOWS * this.limit;
			if (this.limit < this.known || probe) {
				this.limit++;
				this.cleanWindows = 0;
			}
		}
		this.drain();
	}

	/**
	 * The vendor pushed back on a request started in `epoch`. Only the first push-back of a round
	 * counts: the requests already in flight were sent at the old level and say nothing new.
	 */
	onThrottle(epoch = this.epoch): void {
		if (epoch !== this.epoch) return;
		this.epoch++;
		this.successesInWindow = 0;
		this.cleanWindows = 0;
		// `active` still counts the refused request: the vendor was taking the others.
		const taken = Math.max(1, Math.min(this.limit, this.active - 1));
		// In slow start, or probing above the known level, the vendor just showed where its limit is;
		// at a level it used to take, something else uses its capacity now: give up a quarter.
		const probing = this.known === undefined || this.limit > this.known;
		this.limit = probing ? taken : Math.max(1, Math.min(taken, Math.floor(this.limit * DECREASE)));
		this.known = this.limit;
	}

	/** Reads an answer's rate-limit headers (lower-case names): holds new requests until the reset when none remain. */
	observe(headers: Record<string, string>): void {
		const remaining = headers['x-ratelimit-remaining'] ?? headers['ratelimit-remaining'];
		if (remaining === undefined || Number(remaining) > 0) return;
		const holdMs = resetDelayMs(headers['x-ratelimit-reset'] ?? headers['ratelimit-reset'], this.now());
		if (holdMs === undefined || holdMs <= 0) return;
		this.holdUntil = Math.max(this.holdUntil, this.now() + Math.min(holdMs, MAX_RESET_HOLD_MS));
	}

	private acquire(front = false): Promise<void> {
		if (this.waiting.length === 0 && this.canStart()) {
			this.started();
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			const entry = () => (this.started(), resolve());
			if (front) this.waiting.unshift(entry);
			else this.waiting.push(entry);
			this.drain();
		});
	}

	private canStart(): boolean {
		return this.active < this.limit && this.now() >= this.holdUntil;
	}

	private started() {
		this.active++;
		this.peak = Math.max(this.peak, this.active);
	}

	private release() {
		this.active--;
		this.drain();
	}

	private drain() {
		while (this.waiting.length > 0 && this.canStart()) this.waiting.shift()!();
		const held = this.holdUntil - this.now();
		if (this.waiting.length > 0 && held > 0 && !this.holdTimer) {
			this.holdTimer = setTimeout(() => {
				this.holdTimer = undefined;
				this.drain();
			}, held);
		}
	}
}

/**
 * A rate-limit reset in ms from `now`: seconds to wait (`30`), or a Unix time in seconds (larger than
 * a year's worth, as `X-RateLimit-Reset: 1767225600` is). The headers are de-facto (GitHub, Stripe)
 * and an IETF draft (`RateLimit-Reset`, delay-seconds); Protoface sends `X-RateLimit-Reset`
 * (../shared/spec/apis.md, Protoface errors) without saying which form.
 */
export function resetDelayMs(value: string | undefined, now: number): number | undefined {
	if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
	const seconds = Number(value);
	return seconds > 365 * 24 * 3600 ? seconds * 1000 - now : seconds * 1000;
}
