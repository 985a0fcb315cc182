/**
 * Adaptive concurrency (additive increase, multiplicative decrease): a run starts with a few requests
 * in flight, opens one more slot after each window of successes, halves on a 429/503, and never goes
 * above the user's ceiling. Provisioning 1,000 records is then a few dozen round-trip times, not 1,000,
 * without hammering a vendor that is already pushing back.
 */
export class AdaptiveLimiter {
	private active = 0;
	private successesInWindow = 0;
	private readonly waiting: Array<() => void> = [];
	/** Highest number of tasks that ran at once (for benchmarks and tests). */
	peak = 0;
	limit: number;

	constructor(
		readonly ceiling: number,
		initial = Math.min(ceiling, 4),
	) {
		this.limit = Math.max(1, Math.min(ceiling, initial));
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await task();
		} finally {
			this.release();
		}
	}

	/** A call succeeded: after `limit` successes in a row, allow one more in flight. */
	onSuccess(): void {
		if (++this.successesInWindow >= this.limit) {
			this.successesInWindow = 0;
			if (this.limit < this.ceiling) {
				this.limit++;
				this.drain();
			}
		}
	}

	/** The server pushed back (429/503): halve the window. */
	onThrottle(): void {
		this.successesInWindow = 0;
		this.limit = Math.max(1, Math.floor(this.limit / 2));
	}

	private acquire(): Promise<void> {
		if (this.active < this.limit) {
			this.started();
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiting.push(() => (this.started(), resolve())));
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
		while (this.active < this.limit && this.waiting.length > 0) this.waiting.shift()!();
	}
}
