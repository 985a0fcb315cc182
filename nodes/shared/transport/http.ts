/**
 * The one HTTP path for vendor APIs: the run's keep-alive connection (connection.ts) or n8n's request
 * helpers, with the node's credential (or none for public endpoints), full responses so status and
 * headers are visible, Retry-After-aware retries on
 * 429/503, and vendor error envelopes turned into NodeApiErrors. Nothing here ever echoes a secret.
 */
import type { z } from 'zod';
import { NodeOperationError, type ICredentialDataDecryptedObject, type IDataObject, type IExecuteFunctions, type IHttpRequestMethods, type IHttpRequestOptions } from 'n8n-workflow';

import { isHttpUrl } from '../../../src/config/schema';
import { isEmptyObject } from '../objects';
import { authenticatorOf } from './authenticators';
import type { KeepAliveConnection } from './connection';
import { createApiError, parseErrorEnvelope, redact } from './errors';
import { parseRetryAfter, RETRYABLE_STATUSES, ThrottledError, withRetries, type RetryPolicy } from './retry';

export interface ApiTarget {
	/** Shown in messages: "UpliftAI API error 404 …". */
	name: string;
	baseUrl: string;
	/** n8n credential type used to authenticate; omit for endpoints that must be called without one. */
	credentialType?: string;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * How list values in `qs` are written: `repeat` (`status=a&status=b`), `brackets`
	 * (`id[]=a&id[]=b`) or n8n's default, `indices` (`id[0]=a`). APIs differ; each says which it reads.
	 */
	arrayFormat?: 'repeat' | 'brackets' | 'indices';
	headers?: IDataObject;
	/**
	 * A body already encoded (e.g. multipart/form-data), sent as-is with its own Content-Type instead
	 * of `body`. A Buffer, not a stream, so a retry can send the same bytes again.
	 */
	rawBody?: { data: Buffer; contentType: string };
	/**
	 * What a 2xx answer must hold for the operation to use it (a session its token, an entity its id),
	 * checked before it becomes a row; `what` names it in the error ("a session {token, wsUrl, roomName}").
	 * Without it, a 2xx answer must still be JSON (or empty).
	 */
	expect?: { schema: z.ZodTypeAny; what: string };
}

export interface ApiResponse {
	body: unknown;
	status: number;
	headers: Record<string, string>;
}

export interface RequestSettings {
	retry: RetryPolicy;
	timeoutMs: number;
	/** Values to scrub from any error message (credential secrets). */
	secrets: readonly string[];
	/** Told about each throttled attempt so concurrency can back off. */
	onThrottle?: () => void;
	/** Told the headers of every answer (rate-limit headers pace the run). */
	onAnswer?: (headers: Record<string, string>) => void;
	/** Waits between attempts (the runner leaves the concurrency window meanwhile). */
	wait?: (ms: number) => Promise<void>;
	/** Stops retries once the run is cancelled or has failed. */
	signal?: AbortSignal;
	/** This run's keep-alive connection; without it requests go through n8n's helpers. */
	connection?: KeepAliveConnection;
	/** The run's decrypted credentials by type, read once per run (n8n decrypts on every read). */
	credentials?: (credentialType: string, itemIndex: number) => Promise<ICredentialDataDecryptedObject>;
}

interface FullResponse {
	body: unknown;
	statusCode: number;
	headers: Record<string, unknown>;
}

function normaliseHeaders(headers: Record<string, unknown> = {}): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers)) {
		if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

/** A path segment from user input: trimmed and encoded so an ID can never change the route. */
export const pathSegment = (value: string) => encodeURIComponent(value.trim());

class StoppedWaiting extends Error {}
const STOPPED_WAITING = 'stopped waiting for the answer: another item failed or the execution was cancelled';

/**
 * Stops waiting for an answer once the run has failed (n8n aborts requests itself only when the
 * execution is cancelled; it replaces any other abort signal). The answer, if it comes, is dropped.
 */
function untilStopped<T>(sent: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return sent;
	return new Promise<T>((resolve, reject) => {
		const stop = () => reject(new StoppedWaiting(STOPPED_WAITING));
		if (signal.aborted) stop();
		signal.addEventListener('abort', stop, { once: true });
		sent.then(
			(value) => (signal.removeEventListener('abort', stop), resolve(value)),
			(error) => (signal.removeEventListener('abort', stop), reject(error)),
		);
	});
}


/** `{}` is a valid body ("all defaults"), but n8n's request helper sends no body for it: send the text. */
const jsonBody = (body: IDataObject | undefined) => (isEmptyObject(body) ? '{}' : body);

export function joinUrl(baseUrl: string, path: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export async function apiRequest(
	this: IExecuteFunctions,
	target: ApiTarget,
	request: ApiRequest,
	settings: RequestSettings,
	itemIndex: number,
): Promise<ApiResponse> {
	const node = this.getNode();
	// Any other scheme (file:, ftp:, javascript:, ws:) would fail later with a socket error, or worse.
	if (!isHttpUrl(target.baseUrl)) {
		throw new NodeOperationError(node, `The ${target.name} Base URL must start with http:// or https://, got ${JSON.stringify(redact(target.baseUrl, settings.secrets))}`, { itemIndex });
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url: joinUrl(target.baseUrl, request.path),
		headers: {
			Accept: 'application/json',
			...(request.rawBody ? { 'Content-Type': request.rawBody.contentType } : {}),
			...request.headers,
		},
		qs: request.qs,
		...(request.arrayFormat ? { arrayFormat: request.arrayFormat } : {}),
		body: request.rawBody ? request.rawBody.data : jsonBody(request.body),
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs,
	};
	if (isEmptyObject(request.body) && !request.rawBody) (options.headers as IDataObject)['Content-Type'] = 'application/json';

	const attempt = async (): Promise<ApiResponse> => {
		let raw: FullResponse;
		try {
			raw = await send.call(this, target, options, settings, itemIndex);
		} catch (error) {
			// Over the run's connection the request itself is aborted; through n8n's helpers only the wait.
			if (error instanceof StoppedWaiting || (settings.signal?.aborted && (error as Error).name === 'AbortError')) {
				throw createApiError(node, target.name, { code: 'stopped', message: STOPPED_WAITING }, { itemIndex, secrets: settings.secrets });
			}
			throw transportFailure(error as Error & { code?: string }, target, settings, itemIndex, node);
		}
		const response: ApiResponse = { body: raw.body, status: raw.statusCode, headers: normaliseHeaders(raw.headers) };
		settings.onAnswer?.(response.headers);
		if (response.status >= 200 && response.status < 300) {
			const problem = answerProblem(response, request);
			if (!problem) return response;
			// Not retried: the request may have done its work (a session created) even if the answer broke.
			throw createApiError(node, target.name, { httpCode: response.status, code: 'invalid_response', message: problem }, { itemIndex, secrets: settings.secrets });
		}

		const details = { httpCode: response.status, ...parseErrorEnvelope(response.body, response.headers) };
		const fail = (note?: string) =>
			createApiError(node, target.name, details, { itemIndex, secrets: settings.secrets, note });
		if (RETRYABLE_STATUSES.has(response.status)) {
			throw new ThrottledError(response.status, parseRetryAfter(response.headers['retry-after']), fail);
		}
		throw fail();
	};

	// The settings carry the retry hooks (onThrottle, signal).
	return await withRetries(attempt, settings.retry, settings);
}

/** The credential's decrypted values: the run's copy when it keeps one, else n8n's. */
const credentialsOf = async (fn: IExecuteFunctions, settings: RequestSettings, credentialType: string, itemIndex: number) =>
	settings.credentials ? await settings.credentials(credentialType, itemIndex) : await fn.getCredentials(credentialType, itemIndex);

/**
 * One attempt: over the run's keep-alive connection with the credential's own `authenticate`, or
 * through n8n's helpers (no connection for this run, or a credential only n8n can apply).
 */
async function send(this: IExecuteFunctions, target: ApiTarget, options: IHttpRequestOptions, settings: RequestSettings, itemIndex: number): Promise<FullResponse> {
	const authenticate = target.credentialType ? authenticatorOf(target.credentialType) : undefined;
	if (settings.connection && (!target.credentialType || authenticate)) {
		let sent: IHttpRequestOptions = { ...options, headers: { ...options.headers } };
		if (authenticate) sent = await authenticate(await credentialsOf(this, settings, target.credentialType!, itemIndex), sent);
		return await settings.connection.request(sent, settings.signal);
	}
	const sent = target.credentialType
		? this.helpers.httpRequestWithAuthentication.call(this, target.credentialType, options)
		: this.helpers.httpRequest(options);
	return (await untilStopped(sent, settings.signal)) as FullResponse;
}

/** How much of a broken answer an error quotes (scrubbed of secrets and tokens). */
const EXCERPT_LENGTH = 120;

/**
 * Why a 2xx answer cannot be used, or undefined when it can: text where JSON belongs (an HTML page
 * from a proxy, JSON cut short), or JSON without what `request.expect` needs. n8n's request helper
 * leaves a body it could not parse as JSON as a string.
 */
function answerProblem(response: ApiResponse, request: ApiRequest): string | undefined {
	const { body, status } = response;
	const empty = body === undefined || body === null || body === '';
	const excerpt = () => {
		// A token cut short is no JWT for `redact` to find: anything that starts like one goes.
		const text = (typeof body === 'string' ? body : JSON.stringify(body)).replace(/eyJ[\w-]*(\.[\w-]*)*/g, '[redacted token]');
		return `; the answer began ${JSON.stringify(text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text)}`;
	};
	if (typeof body === 'string' && !empty) {
		const type = response.headers['content-type'] ?? 'no content type';
		return `answered HTTP ${status} with text that is not JSON (${type}) to ${request.method} ${request.path}${excerpt()}`;
	}
	if (!request.expect) return undefined;
	const parsed = request.expect.schema.safeParse(body);
	if (parsed.success) return undefined;
	const issue = parsed.error.issues[0];
	const field = issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
	return `answered HTTP ${status} to ${request.method} ${request.path} without ${request.expect.what} (${empty ? 'empty answer' : field})${empty ? '' : excerpt()}`;
}

/** Network failures and timeouts: say what happened without the request options (they hold auth). */
function transportFailure(
	error: Error & { code?: string },
	target: ApiTarget,
	settings: RequestSettings,
	itemIndex: number,
	node: ReturnType<IExecuteFunctions['getNode']>,
) {
	// n8n's helpers wrap the socket error in a NodeApiError; the system code stays on its cause.
	const code = (error.cause as { code?: string } | undefined)?.code ?? error.code;
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message);
	const message = timedOut
		? `did not answer within ${settings.timeoutMs} ms (raise the Timeout option if this endpoint is slow)`
		: `could not be reached at ${target.baseUrl} (${error.message})`;
	return createApiError(
		node,
		target.name,
		{ code: timedOut ? 'timeout' : (code ?? 'network_error'), message: redact(message, settings.secrets) },
		{ itemIndex, secrets: settings.secrets },
	);
}

/** An API reached with an n8n credential that holds an optional Base URL. */
export interface CredentialApi {
	name: string;
	credentialType: string;
	defaultBaseUrl: string;
	/** Normalises the stored Base URL (e.g. drops a `/v1` the paths already carry); empty → default. */
	baseUrlOf?: (stored: string) => string;
}

/** `apiRequest` against the Base URL of the node's credential (its default when left empty). */
export async function credentialApiRequest(
	this: IExecuteFunctions,
	api: CredentialApi,
	request: ApiRequest,
	{ itemIndex, settings }: { itemIndex: number; settings: RequestSettings },
): Promise<ApiResponse> {
	const credential = ((await credentialsOf(this, settings, api.credentialType, itemIndex)) ?? {}) as { baseUrl?: string };
	const stored = String(credential.baseUrl ?? '').trim();
	const baseUrl = (api.baseUrlOf ? api.baseUrlOf(stored) : stored) || api.defaultBaseUrl;
	return await apiRequest.call(this, { name: api.name, baseUrl, credentialType: api.credentialType }, request, settings, itemIndex);
}
