/**
 * Signed POSTs from the worker to n8n (events, webhook tools, the webhook LLM). One place builds the
 * request: the exact JSON bytes sent are the bytes signed (`signedHeaders` from `src/events/signing`),
 * and the `X-Realtime-Voice-Id` header equals the body's `id`.
 *
 * Failures are `WebhookError`s whose message names the endpoint as host + path only (`describeUrl`):
 * a query string may carry a token, and neither the secret nor the signature ever appears in an error
 * or a log line.
 */
import type { WebhookRequestBody } from '../../../src/events/types';
import { signedHeaders } from '../../../src/events/signing';
import { parseRetryAfter as parseRetryAfterMs } from '../../../src/transport/retryAfter';

export type WebhookFailure = 'timeout' | 'connection' | 'status' | 'aborted';

/**
 * Answers that ask the sender to come back later: 408 Request Timeout, 429 Too Many Requests. Events
 * retry them (after `Retry-After`); calls (a tool, an LLM turn) do not, as someone waits for them.
 */
export const RETRY_LATER_STATUSES: ReadonlySet<number> = new Set([408, 429]);

/**
 * Why a webhook request failed. `retryable`: the receiver may do better on another try right away
 * (connection refused or reset, no answer within the timeout, a 5xx answer); a 4xx never is (see
 * RETRY_LATER_STATUSES for the two that may be tried later).
 */
export class WebhookError extends Error {
	override name = 'WebhookError';

	constructor(
		message: string,
		readonly kind: WebhookFailure,
		readonly retryable: boolean,
		/** The HTTP status, for `kind: 'status'`. */
		readonly status?: number,
		/** Milliseconds the answer's `Retry-After` asks to wait (0 or more), when it has a valid one. */
		readonly retryAfterMs?: number,
	) {
		super(message);
	}
}

/** A `Retry-After` header in ms: RFC delay-seconds (whole) or an HTTP date; see src/transport/retryAfter.ts. */
export const parseRetryAfter = (value: string | null | undefined, now = Date.now()) => parseRetryAfterMs(value, now, { fractionalSeconds: false });

/** `host/path` of a URL: what logs and errors show of an endpoint. */
export function describeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.host}${parsed.pathname}`;
	} catch {
		return '(invalid URL)';
	}
}

export interface SignedPostOptions {
	/** The HMAC secret (`N8N_VOICE_WEBHOOK_SECRET`). */
	secret: string;
	/** Milliseconds; see each function for what the timeout covers. */
	timeoutMs: number;
	/** Cancels the request (an interruption, the session ending); gives a `WebhookError` of kind `aborted`. */
	signal?: AbortSignal;
}

/**
 * Sends `body` and resolves with the response once its status and headers have arrived: `timeoutMs`
 * is the time to the first byte. The caller reads (or streams) the body; only `signal` bounds that.
 * Throws `WebhookError` (`timeout`, `connection`, `aborted`, or `status` for a non-2xx answer).
 */
export async function openSignedPost(url: string, body: WebhookRequestBody, options: SignedPostOptions): Promise<Response> {
	const timeout = new AbortController();
	const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
	try {
		return await send(url, body, options, timeout);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Sends `body` and reads the whole answer, all within `timeoutMs`. Resolves with the status, the
 * content type (lower case, without parameters) and the body text of a 2xx answer; throws
 * `WebhookError` like `openSignedPost`.
 */
export async function postSigned(url: string, body: WebhookRequestBody, options: SignedPostOptions): Promise<{ status: number; contentType: string; text: string }> {
	const timeout = new AbortController();
	const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
	try {
		const response = await send(url, body, options, timeout);
		const text = await response.text().catch((error: Error) => {
			throw classify(error, url, options, timeout);
		});
		return { status: response.status, contentType: contentTypeOf(response), text };
	} finally {
		clearTimeout(timer);
	}
}

/** `application/json` from `application/json; charset=utf-8`; empty when absent. */
export function contentTypeOf(response: Response): string {
	return (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

async function send(url: string, body: WebhookRequestBody, options: SignedPostOptions, timeout: AbortController): Promise<Response> {
	const json = JSON.stringify(body);
	let response: Response;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: signedHeaders(options.secret, json, { id: body.id, type: body.type }),
			body: json,
			signal: options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal,
		});
	} catch (error) {
		throw classify(error as Error, url, options, timeout);
	}
	if (response.status < 200 || response.status > 299) {
		// Release the connection; the body of a failed answer is not used.
		await response.body?.cancel().catch(() => undefined);
		const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
		throw new WebhookError(`POST ${describeUrl(url)} answered ${response.status}`, 'status', response.status >= 500, response.status, retryAfterMs);
	}
	return response;
}

function classify(error: Error, url: string, options: SignedPostOptions, timeout: AbortController): WebhookError {
	if (options.signal?.aborted) return new WebhookError(`POST ${describeUrl(url)} was cancelled`, 'aborted', false);
	if (timeout.signal.aborted) return new WebhookError(`POST ${describeUrl(url)} got no answer within ${formatSeconds(options.timeoutMs)}`, 'timeout', true);
	// fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, ECONNRESET, …) in `cause`.
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const reason = cause?.code ?? cause?.message ?? error.message;
	return new WebhookError(`POST ${describeUrl(url)} failed: ${reason}`, 'connection', true);
}

/** `5 s`, `0.25 s`: timeouts as people configure them. */
export function formatSeconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(3))} s`;
}
