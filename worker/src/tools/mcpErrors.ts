/**
 * Why a request to an MCP server failed, as a short kind that is safe to show anywhere (the log, the
 * `tool.called` and `session.error` events, the LLM). The SDK's own error text is never passed on:
 * it can quote the server's answer (`Error POSTing to endpoint: <body>`), and a server's error page
 * may echo the request's headers, i.e. the `headers` (tokens) of the MCP source.
 *
 * | Failure | Kind |
 * |---|---|
 * | no answer within the timeout (the SDK's `RequestTimeout`) | `no answer within 10 s` |
 * | a non-2xx HTTP answer | `HTTP 401` |
 * | connection refused / reset / host not found / other socket error | `connection refused`, `connection reset`, `host not found`, `connection failed (ETIMEDOUT)` |
 * | the connection closed under a request | `connection closed` |
 * | a JSON-RPC error answer | `protocol error (-32602)` |
 * | an answer that is not MCP (wrong content type, not JSON-RPC) | `protocol error` |
 * | the call was cancelled (interruption, session end) | `cancelled` |
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

import { formatSeconds } from '../webhooks/post';

/** The longest text an MCP failure may put into an event, a log line or the LLM's context. */
export const MCP_MESSAGE_MAX_CHARS = 200;

const SOCKET_KINDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
};

/** The short kind of an MCP client failure; `timeoutMs` is the request timeout that applied. */
export function mcpFailureKind(error: unknown, timeoutMs: number): string {
	if (error instanceof McpError) {
		if (error.code === ErrorCode.RequestTimeout) return `no answer within ${formatSeconds(timeoutMs)}`;
		if (error.code === ErrorCode.ConnectionClosed) return 'connection closed';
		return `protocol error (${error.code})`;
	}
	// `code` is the HTTP status; -1 when the answer had a content type MCP does not speak.
	if (error instanceof StreamableHTTPError) return error.code !== undefined && error.code > 0 ? `HTTP ${error.code}` : 'protocol error';
	if (error instanceof Error && error.name === 'AbortError') return 'cancelled';
	// fetch reports "fetch failed" and keeps the socket error in `cause`.
	const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
	if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return SOCKET_KINDS[code] ?? `connection failed (${code})`;
	if (error instanceof TypeError && error.message === 'fetch failed') return 'connection failed';
	// A ZodError on an answer that is not JSON-RPC, a SyntaxError on one that is not JSON, …
	return 'protocol error';
}

/** `text` cut to MCP_MESSAGE_MAX_CHARS (with "…" when cut). */
export function shortText(text: string, max = MCP_MESSAGE_MAX_CHARS): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
