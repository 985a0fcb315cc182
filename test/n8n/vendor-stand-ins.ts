/**
 * TEST STAND-IN. The real-n8n tests' own stand-in for the HTTP APIs of the four vendors the package
 * calls, bound to 127.0.0.1 on a free port. It is not any vendor's service and nothing here is ever
 * sent to one: it answers exactly the endpoints the example workflows (examples/*.json) call, with
 * the request and response shapes the vendors document, as digested in ../shared/spec/apis.md. This
 * module is the server (routing, auth, recording); each vendor's endpoints are in stand-ins/:
 *
 * - `/upliftai/v1/…` — apis.md § (a) UpliftAI Realtime Assistants (stand-ins/upliftai.ts):
 *   `POST /realtime-assistants`, `POST /realtime-assistants/{id}/createSession`.
 * - `/vapi/…` — apis.md § (b) Vapi (stand-ins/vapi.ts): `POST /session`.
 * - `/openai/v1/…` — apis.md § (c) OpenAI Realtime (stand-ins/openai.ts): GA `POST /realtime/client_secrets`.
 * - `/protoface/…` — apis.md § (d) Protoface (stand-ins/protoface.ts): `POST /v1/sessions`,
 *   `GET /v1/sessions/{id}`, `POST /v1/sessions/{id}/end`.
 *
 * Every vendor route wants `Authorization: Bearer <the key of the test credential>` (TEST_KEYS) and
 * answers 401 in the vendor's error form otherwise. Unknown routes answer 404 in the vendor's error
 * form. Every request, known or not, is recorded; `GET /__requests` returns the records as JSON and
 * `DELETE /__requests` clears them, so the test files (other processes than global setup) can read
 * them over HTTP (with the answer each request got).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readBody } from '../doubles/http';
import { TEST_KEYS } from './fixtures';
import type { Answer, Incoming } from './stand-ins/common';
import { openAi } from './stand-ins/openai';
import { protoface } from './stand-ins/protoface';
import { upliftAi } from './stand-ins/upliftai';
import { vapi } from './stand-ins/vapi';

export { UPLIFTAI_TOKEN_ISSUER, UPLIFTAI_WS_URL } from './stand-ins/upliftai';

export type Vendor = 'upliftai' | 'vapi' | 'openai' | 'protoface';

/** One request as the stand-in received it. */
export interface RecordedVendorRequest {
	/** Which vendor prefix the request came in under; `unknown` for none of them. */
	vendor: Vendor | 'unknown';
	method: string;
	/** The path as the real vendor would see it, without the stand-in's vendor prefix (e.g. `/v1/sessions`). */
	path: string;
	/** The path as received, with the prefix (e.g. `/protoface/v1/sessions`). */
	rawPath: string;
	/** The query string; a key given twice becomes a list. */
	query: Record<string, string | string[]>;
	/** The headers the tests assert on, lower-cased: authorization, content-type, accept, idempotency-key, openai-*, x-*. */
	headers: Record<string, string>;
	/** Parsed JSON; `{multipart: bytes}` for multipart bodies; the text for anything else; null when empty. */
	body: unknown;
	/** The status the stand-in answered. */
	status: number;
	/** The body it answered with (so a test can tie an output row to the answer it came from). */
	response: unknown;
}

export interface VendorStandIns {
	/** http://127.0.0.1:<port> */
	url: string;
	close(): Promise<void>;
}

/** The API key each vendor accepts: the test credentials' (TEST_KEYS). */
const KEYS: Record<Vendor, string> = {
	upliftai: TEST_KEYS.upliftai,
	vapi: TEST_KEYS.vapi,
	openai: TEST_KEYS.openaiRealtime,
	protoface: TEST_KEYS.protoface,
};

const KEPT_HEADERS = /^(authorization|content-type|accept|idempotency-key|openai-.*|x-.*)$/;

function keptHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && KEPT_HEADERS.test(name.toLowerCase())) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of query) {
		const previous = out[key];
		out[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
	}
	return out;
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	if (raw.length === 0) return null;
	if (/multipart\//i.test(contentType ?? '')) return { multipart: raw.length };
	const text = raw.toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

const bearer = (headers: IncomingMessage['headers']) => /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1];

/** Starts the stand-ins on 127.0.0.1 (a free port). */
export async function startVendorStandIns(): Promise<VendorStandIns> {
	const vendors = { upliftai: upliftAi(), vapi: vapi(), openai: openAi(), protoface: protoface() };
	const requests: RecordedVendorRequest[] = [];

	const send = (response: ServerResponse, answer: Answer) => {
		const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
		response.writeHead(answer.status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...answer.headers });
		response.end(text);
	};

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === '/__requests') {
			// Never kept alive: a test reads these after an `n8n execute` that can outlast the keep-alive
			// timeout, and a pooled socket the server closed meanwhile would fail the read.
			const close = { connection: 'close' };
			if (request.method === 'GET') return send(response, { status: 200, body: requests, headers: close });
			if (request.method === 'DELETE') {
				requests.length = 0;
				return send(response, { status: 204, headers: close });
			}
			return send(response, { status: 405, body: { error: 'GET or DELETE' }, headers: close });
		}
		const raw = await readBody(request);
		const prefix = /^\/(upliftai|vapi|openai|protoface)(\/.*)?$/.exec(url.pathname);
		const vendor = (prefix?.[1] ?? 'unknown') as Vendor | 'unknown';
		const incoming: Incoming = {
			method: request.method ?? 'GET',
			path: prefix ? (prefix[2] ?? '/') : url.pathname,
			query: url.searchParams,
			headers: request.headers,
			body: parseBody(raw, request.headers['content-type']),
		};
		let answer: Answer;
		if (vendor === 'unknown') {
			answer = { status: 404, body: { error: { type: 'not_found', message: `No vendor stand-in at ${url.pathname}` } } };
		} else {
			const api = vendors[vendor];
			if (bearer(request.headers) !== KEYS[vendor]) answer = api.unauthorized();
			else answer = api.route(incoming) ?? api.notFound(incoming);
		}
		requests.push({
			vendor,
			method: incoming.method,
			path: incoming.path,
			rawPath: url.pathname,
			query: queryObject(url.searchParams),
			headers: keptHeaders(request.headers),
			body: incoming.body,
			status: answer.status,
			response: answer.body ?? null,
		});
		send(response, answer);
	};

	const server = createServer((request, response) => {
		handle(request, response).catch((error: Error) => {
			if (!response.headersSent) send(response, { status: 500, body: { error: { type: 'internal', message: `stand-in failure: ${error.message}` } } });
			else response.destroy(error);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** The stand-ins' records, read over HTTP (from any process: the server lives in global setup's). */
export async function standInRequests(url: string): Promise<RecordedVendorRequest[]> {
	const response = await fetch(`${url}/__requests`);
	if (!response.ok) throw new Error(`GET /__requests answered ${response.status}`);
	return (await response.json()) as RecordedVendorRequest[];
}

/** Clears the stand-ins' records. */
export async function clearStandInRequests(url: string): Promise<void> {
	const response = await fetch(`${url}/__requests`, { method: 'DELETE' });
	if (!response.ok) throw new Error(`DELETE /__requests answered ${response.status}`);
}
