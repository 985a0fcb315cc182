/**
 * Polls `ready()` every `intervalMs` (default 100 ms) until it is true; rejects naming `what` after
 * `timeoutMs`. For conditions no event announces (a row written by a workflow, an event received).
 */
export async function pollUntil(ready: () => boolean, timeoutMs: number, what: string, intervalMs = 100): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
