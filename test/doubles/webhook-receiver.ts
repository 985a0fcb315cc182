/**
 * TEST DOUBLE. A plain HTTP endpoint on 127.0.0.1 standing in for an n8n webhook: it records every
 * request exactly as received (method, path, headers, raw body) and answers with whatever the test's
 * handler does with the response (a status, a JSON or text body, a stream written piece by piece,
 * a cut connection, no answer at all).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readBody } from './http';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** The exact bytes received, as UTF-8 text (what a signature is computed over). */
	raw: string;
	/** `raw` parsed as JSON. */
	json: unknown;
}

/** Answers one request; `index` counts requests from 0. Leave `res` alone to never answer. */
export type ReceiverHandler = (request: ReceivedRequest, res: ServerResponse, index: number) => unknown;

export interface WebhookReceiver {
	/** e.g. http://127.0.0.1:41234/hook */
	url: string;
	requests: ReceivedRequest[];
	/** Replaces the handler for the following requests. */
	handle(handler: ReceiverHandler): void;
	close(): Promise<void>;
}

/** Writes `body` as JSON with `status` (default 200). */
export function answerJson(res: ServerResponse, body: unknown, status = 200) {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

export async function startWebhookReceiver(handler: ReceiverHandler = (_request, res) => answerJson(res, { ok: true })): Promise<WebhookReceiver> {
	let current = handler;
	const requests: ReceivedRequest[] = [];
	const server = createServer(async (req, res) => {
		const raw = (await readBody(req)).toString('utf8');
		let json: unknown;
		try {
			json = JSON.parse(raw);
		} catch {
			json = undefined;
		}
		const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, json };
		requests.push(request);
		try {
			await current(request, res, requests.length - 1);
		} catch (error) {
			if (!res.headersSent) res.writeHead(500).end(String((error as Error).message));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
		requests,
		handle: (next) => void (current = next),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
