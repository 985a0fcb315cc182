/** POSTs JSON to a speech endpoint that answers raw PCM, and yields the body as it arrives. */
import { APIConnectionError, APIStatusError } from '@livekit/agents';

/**
 * A speech server that has not started answering by then is treated as down. Not retried: the user
 * has waited that long already, and the session says its apology instead (session/recovery.ts).
 */
export const FIRST_BYTE_TIMEOUT_MS = 10_000;

export async function* postForPcm(url: string, apiKey: string, body: Record<string, unknown>, signal: AbortSignal, timeoutMs = FIRST_BYTE_TIMEOUT_MS): AsyncIterable<Buffer> {
	const headersTimeout = new AbortController();
	const timer = setTimeout(() => headersTimeout.abort(), timeoutMs);
	let response: Response;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.any([signal, headersTimeout.signal]),
		});
	} catch (error) {
		if (headersTimeout.signal.aborted && !signal.aborted) {
			throw new APIStatusError({ message: `${url} did not answer within ${timeoutMs / 1000} s`, options: { statusCode: 504, retryable: false } });
		}
		if (signal.aborted) throw error;
		// Refused, reset, DNS: the framework's own connection error, which it retries like any plugin's.
		const cause = (error as { cause?: { message?: string } }).cause?.message;
		throw new APIConnectionError({ message: `${url} could not be reached${cause ? ` (${cause})` : ''}`, options: { retryable: true } });
	} finally {
		clearTimeout(timer);
	}
	if (!response.ok || !response.body) {
		const detail = (await response.text().catch(() => '')).slice(0, 300);
		// 429 and 5xx are worth the framework's retry; a 4xx will not get better.
		throw new APIStatusError({
			message: `${url} answered ${response.status}: ${detail}`,
			options: { statusCode: response.status, requestId: response.headers.get('x-request-id'), retryable: response.status === 429 || response.status >= 500 },
		});
	}
	for await (const chunk of response.body) yield Buffer.from(chunk);
}
