/**
 * One run's connection to the vendor APIs: Node's own HTTP client over keep-alive sockets, so a run
 * of 1,000 items opens about as many TCP (and TLS) connections as it has requests in flight, not
 * 1,000. n8n's request helpers cannot reuse a connection: they build a new agent for every request
 * (n8n-core 2.41, `@n8n/backend-network` `setAxiosAgents` → `buildNodeAgents`). With the other per-item
 * savings (runContext.ts) a request now costs 0.5–1.0 ms of the node's CPU instead of ~1.5 ms
 * (bench/provision-throughput.ts).
 *
 * n8n's rules for outbound requests still hold:
 * - its egress (SSRF) policy: each origin is checked with `validateUrl` before the first request,
 *   and every connection resolves its host through the policy's secure lookup;
 * - its proxy settings: with `HTTP_PROXY`, `HTTPS_PROXY` or `ALL_PROXY` set, {@link KeepAliveConnection.forRun}
 *   gives no connection and requests keep going through n8n's helpers, which route them.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, NodeEgressFilter } from 'n8n-workflow';

export interface WireRequest {
	method: string;
	url: URL;
	headers: Record<string, string>;
	body?: string | Buffer;
	/** Whole-request limit in ms, from sending to the last byte of the answer. */
	timeoutMs: number;
	/** Aborts the request (the run failed or was cancelled). */
	signal?: AbortSignal;
}

export interface WireResponse {
	status: number;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string>;
	text: string;
}

/** A request that failed on a kept-alive socket the server had closed: safe to send again. */
class StaleSocket extends Error {
	readonly code = 'ECONNRESET';
}

/** A timed-out request, with the code the HTTP layer reads as a timeout. */
class RequestTimeout extends Error {
	readonly code = 'ETIMEDOUT';
}

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'];

export class KeepAliveConnection {
	private readonly agents: { 'http:': http.Agent; 'https:': https.Agent };
	/** Origins checked against the egress policy (the check resolves DNS: once per origin per run). */
	private readonly allowed = new Map<string, Promise<void>>();

	constructor(private readonly egress?: NodeEgressFilter) {
		const lookup: LookupFunction | undefined = egress?.createSecureLookup();
		// LIFO keeps the busiest sockets warm; the rest expire after the vendor's idle timeout.
		const options = { keepAlive: true, scheduling: 'lifo' as const, ...(lookup ? { lookup } : {}) };
		this.agents = { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };
	}

	/**
	 * The connection for one execution of a node, or undefined where n8n's helpers must carry the
	 * requests: an HTTP proxy is configured, or this n8n has no egress filter to apply.
	 */
	static forRun(fn: IExecuteFunctions): KeepAliveConnection | undefined {
		if (PROXY_VARIABLES.some((name) => process.env[name] || process.env[name.toLowerCase()])) return undefined;
		const egress = fn.helpers.getSecureEgressFilter?.();
		return egress ? new KeepAliveConnection(egress) : undefined;
	}

	/**
	 * One request and its whole answer. A kept-alive socket the server closed while it sat idle fails
	 * the next request written to it (ECONNRESET, EPIPE) before any answer: such a request never
	 * reached the server, so it is sent once more on a fresh socket (the pattern Node's documentation
	 * gives for `request.reusedSocket`).
	 */
	async send(request: WireRequest): Promise<WireResponse> {
		await this.checkEgress(request.url);
		try {
			return await this.sendOnce(request);
		} catch (error) {
			if (!(error instanceof StaleSocket)) throw error;
			return await this.sendOnce(request);
		}
	}

	private sendOnce(request: WireRequest): Promise<WireResponse> {
		return new Promise<WireResponse>((resolve, reject) => {
			const agent = this.agents[request.url.protocol as 'http:' | 'https:'];
			const client = request.url.protocol === 'https:' ? https : http;
			let answered = false;
			const sent = client.request(request.url, { method: request.method, headers: request.headers, agent, signal: request.signal }, (response) => {
				answered = true;
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', fail);
				response.on('end', () => {
					clearTimeout(timer);
					resolve({ status: response.statusCode ?? 0, headers: flatHeaders(response.headers), text: Buffer.concat(chunks).toString('utf8') });
				});
			});
			const timer = setTimeout(() => sent.destroy(new RequestTimeout(`timeout of ${request.timeoutMs}ms exceeded`)), request.timeoutMs);
			function fail(error: Error & { code?: string }) {
				clearTimeout(timer);
				const stale = sent.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
				reject(stale ? new StaleSocket(error.message) : error);
			}
			sent.on('error', fail);
			sent.end(request.body);
		});
	}

	/**
	 * Sends n8n request options (as the HTTP layer builds them for n8n's helpers, already
	 * authenticated) and answers as n8n's helper does with `returnFullResponse` and `json`: the body
	 * parsed when it is JSON, else the text ('' when empty).
	 */
	async request(options: IHttpRequestOptions, signal?: AbortSignal): Promise<{ body: unknown; statusCode: number; headers: Record<string, string> }> {
		const url = new URL(options.url);
		const query = queryString(options.qs ?? {}, options.arrayFormat ?? 'indices');
		if (query) url.search = url.search ? `${url.search}&${query}` : `?${query}`;
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(options.headers ?? {})) if (value !== undefined && value !== null) headers[name] = String(value);
		let body: string | Buffer | undefined;
		if (Buffer.isBuffer(options.body)) body = options.body;
		else if (typeof options.body === 'string') body = options.body;
		else if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
		}
		const answer = await this.send({ method: options.method ?? 'GET', url, headers, body, timeoutMs: options.timeout ?? 300_000, signal });
		return { body: parseBody(answer.text), statusCode: answer.status, headers: answer.headers };
	}

	/** Destroys the sockets, in use or idle: the runner calls it once every request of the run has ended. */
	close(): void {
		this.agents['http:'].destroy();
		this.agents['https:'].destroy();
	}

	private async checkEgress(url: URL) {
		if (!this.egress) return;
		let check = this.allowed.get(url.origin);
		if (!check) {
			check = this.egress.validateUrl(url).then((result) => {
				if (!result.ok) throw result.error;
			});
			this.allowed.set(url.origin, check);
		}
		await check;
	}
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers)) {
		if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/** JSON when it parses (as n8n's helper reads any answer with `json: true`), else the text itself. */
function parseBody(text: string): unknown {
	if (!text) return '';
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * A query string as n8n's helper writes one (the `qs` library): lists as `repeat` (`a=1&a=2`),
 * `brackets` (`a[]=1`) or `indices` (`a[0]=1`), objects as `a[b]=1`; undefined values left out.
 */
export function queryString(qs: IDataObject, arrayFormat: 'repeat' | 'brackets' | 'indices' | 'comma' | string): string {
	const pairs: string[] = [];
	const add = (key: string, value: unknown) => {
		if (value === undefined) return;
		if (Array.isArray(value)) {
			if (arrayFormat === 'comma') return add(key, value.join(','));
			value.forEach((entry, index) => add(arrayFormat === 'repeat' ? key : `${key}[${arrayFormat === 'brackets' ? '' : index}]`, entry));
		} else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
			for (const [name, entry] of Object.entries(value)) add(`${key}[${name}]`, entry);
		} else {
			pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value instanceof Date ? value.toISOString() : String(value ?? ''))}`);
		}
	};
	for (const [key, value] of Object.entries(qs)) add(key, value);
	return pairs.join('&');
}
