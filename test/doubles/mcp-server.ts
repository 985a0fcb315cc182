/**
 * TEST DOUBLE. A real MCP server (the SDK's `McpServer` over `StreamableHTTPServerTransport`, stateful:
 * one MCP session per client, server → client notifications on the GET stream) on a node http server
 * bound to 127.0.0.1. Its tools are scripted: each answers from a function of its arguments.
 *
 * By default it serves `search_docs {query}` (a line from a tiny manual) and `open_ticket {subject}`,
 * so a test can check an `allowedTools` filter. `addTool()` registers a tool on every connected
 * session and announces `notifications/tools/list_changed`, as a real server whose tools change does.
 *
 * Recorded: every HTTP request (method, headers, JSON-RPC method) and every tool call.
 *
 * Misbehaviour on demand, for the next POST of one JSON-RPC method: `holdNextAnswer` (the request is
 * handled at once, so the answer is what the server would say at that moment, but its bytes reach
 * the client only on `release()`: an old answer arriving late) and `failNext` (an HTTP error whose
 * body echoes the request's headers, as a careless server's error page does).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { readBody } from './http';

/** What a scripted tool answers: text, or text marked as an error (`isError`). */
export type McpToolAnswer = string | { text: string; isError?: boolean };

export interface McpDoubleTool {
	name: string;
	description: string;
	/** Argument names → zod schemas (the SDK turns them into the tool's JSON Schema). */
	inputSchema: z.ZodRawShape;
	answer: (args: Record<string, unknown>) => McpToolAnswer | Promise<McpToolAnswer>;
}

type RegisterTool = (
	name: string,
	config: { description: string; inputSchema: z.ZodRawShape },
	answer: (args: Record<string, unknown>) => Promise<{ content: Array<{ type: 'text'; text: string }>; isError?: boolean }>,
) => unknown;

export interface McpHttpRequest {
	method: string;
	headers: IncomingHttpHeaders;
	/** JSON-RPC method of a POST (`initialize`, `tools/list`, `tools/call`, …). */
	rpcMethod?: string;
}

export interface McpServerDouble {
	/** e.g. http://127.0.0.1:41234/mcp */
	url: string;
	requests: McpHttpRequest[];
	calls: Array<{ name: string; arguments: Record<string, unknown> }>;
	/** Connected MCP sessions (clients that initialized and have not closed). */
	readonly sessions: number;
	/** Adds a tool to every session (and to later ones); connected clients get `tools/list_changed`. */
	addTool(tool: McpDoubleTool): void;
	/** Holds the answer to the next POST of `rpcMethod`; `received` resolves once the server has written it (held). */
	holdNextAnswer(rpcMethod: string): { received: Promise<void>; release(): void };
	/** Answers the next POST of `rpcMethod` with `status` and a JSON body echoing the request's headers. */
	failNext(rpcMethod: string, status: number): void;
	close(): Promise<void>;
}

const MANUAL: Record<string, string> = {
	refunds: 'Refunds are issued to the original payment method within 14 days.',
	shipping: 'Orders ship within two working days.',
};

export const DEFAULT_MCP_TOOLS: McpDoubleTool[] = [
	{
		name: 'search_docs',
		description: 'Search the product manual',
		inputSchema: { query: z.string() },
		answer: ({ query }) => MANUAL[String(query).toLowerCase()] ?? `Nothing in the manual about ${String(query)}.`,
	},
	{
		name: 'open_ticket',
		description: 'Open a support ticket',
		inputSchema: { subject: z.string() },
		answer: ({ subject }) => `Ticket T-1 opened: ${String(subject)}`,
	},
];

export async function startMcpServer(options: { tools?: McpDoubleTool[] } = {}): Promise<McpServerDouble> {
	const tools = [...(options.tools ?? DEFAULT_MCP_TOOLS)];
	const sessions = new Map<string, { server: McpServer; transport: StreamableHTTPServerTransport }>();
	const requests: McpHttpRequest[] = [];
	const calls: McpServerDouble['calls'] = [];
	const holds = new Map<string, { released: Promise<void>; received: () => void }>();
	const failures = new Map<string, number>();

	const register = (server: McpServer, tool: McpDoubleTool) =>
		// Through a plain signature: the SDK's zod generics are too deep for tsc with a shape known only at run time.
		(server.registerTool.bind(server) as unknown as RegisterTool)(tool.name, { description: tool.description, inputSchema: tool.inputSchema }, async (args) => {
			calls.push({ name: tool.name, arguments: args });
			const answer = await tool.answer(args);
			const { text, isError } = typeof answer === 'string' ? { text: answer, isError: false } : answer;
			return { content: [{ type: 'text' as const, text }], isError };
		});

	const http: Server = createServer(async (req, res) => {
		try {
			const raw = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
			const body = raw ? (JSON.parse(raw) as unknown) : undefined;
			const rpcMethod = (body as { method?: string } | undefined)?.method;
			requests.push({ method: req.method ?? '', headers: req.headers, rpcMethod });
			if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') return void res.writeHead(404).end();
			const failStatus = rpcMethod ? failures.get(rpcMethod) : undefined;
			if (rpcMethod && failStatus) {
				failures.delete(rpcMethod);
				return void res.writeHead(failStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'refused', requestHeaders: req.headers }));
			}
			const hold = rpcMethod ? holds.get(rpcMethod) : undefined;
			if (rpcMethod && hold) {
				holds.delete(rpcMethod);
				deferWrites(res, hold.released, hold.received);
			}

			const sessionId = req.headers['mcp-session-id'];
			const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
			if (existing) return void (await existing.transport.handleRequest(req, res, body));
			if (req.method !== 'POST' || !isInitializeRequest(body)) {
				return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'no valid MCP session' }, id: null }));
			}
			const server = new McpServer({ name: 'test-docs', version: '1.0.0' });
			for (const tool of tools) register(server, tool);
			const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
				sessionIdGenerator: () => randomUUID(),
				onsessioninitialized: (id) => void sessions.set(id, { server, transport }),
			});
			transport.onclose = () => {
				if (transport.sessionId) sessions.delete(transport.sessionId);
			};
			await server.connect(transport);
			await transport.handleRequest(req, res, body);
		} catch (error) {
			if (!res.headersSent) res.writeHead(500).end(String((error as Error).message));
		}
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

	return {
		url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
		requests,
		calls,
		get sessions() {
			return sessions.size;
		},
		addTool(tool) {
			tools.push(tool);
			// registerTool announces tools/list_changed to the connected client itself.
			for (const { server } of sessions.values()) register(server, tool);
		},
		holdNextAnswer(rpcMethod) {
			let release = () => {};
			let received = () => {};
			const released = new Promise<void>((resolve) => (release = resolve));
			const handled = new Promise<void>((resolve) => (received = resolve));
			holds.set(rpcMethod, { released, received });
			return { received: handled, release };
		},
		failNext(rpcMethod, status) {
			failures.set(rpcMethod, status);
		},
		async close() {
			for (const { server } of sessions.values()) await server.close().catch(() => undefined);
			sessions.clear();
			http.closeAllConnections();
			await new Promise<void>((resolve) => http.close(() => resolve()));
		},
	};
}

/** Queues what is written to `res` until `released`, then writes it in order; `written` on the first body write. */
function deferWrites(res: ServerResponse, released: Promise<void>, written: () => void) {
	let open = false;
	const queued: Array<() => void> = [];
	void released.then(() => {
		open = true;
		for (const write of queued.splice(0)) write();
	});
	for (const name of ['writeHead', 'flushHeaders', 'write', 'end'] as const) {
		const original = (res[name] as (...args: unknown[]) => unknown).bind(res);
		(res as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
			if (open) return original(...args);
			queued.push(() => void original(...args));
			// Headers go out before the answer is computed; a body write means it is.
			if (name === 'write' || name === 'end') written();
			// What the callers expect back: `write` says "go on", the others return the response.
			return name === 'write' ? true : res;
		};
	}
}
