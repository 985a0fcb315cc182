/**
 * What an MCP server's failure looks like outside the worker: a short kind (timeout, HTTP status,
 * connection refused, protocol error), never the SDK's error text, which quotes the server's answer.
 * The servers here are plain HTTP endpoints on 127.0.0.1 that answer what an MCP server should not,
 * some echoing the request's headers (the source's token) into their answer.
 */
import { initializeLogger } from '@livekit/agents';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

import { mcpFailureKind, shortText } from '../../worker/src/tools/mcpErrors';
import { mcpToolset } from '../../worker/src/tools/mcpToolset';
import { answerJson, startWebhookReceiver, type ReceiverHandler, type WebhookReceiver } from '../doubles/webhook-receiver';
import { recordingLogger } from './recording-logger';

initializeLogger({ pretty: false, level: 'silent' });

const TOKEN = 'Bearer mcp-secret-token-456';

let server: WebhookReceiver | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

/** Runs an MCP source's setup against a server answering with `handler`; what it reported and logged. */
async function setupAgainst(handler: ReceiverHandler, timeout = 2) {
	server = await startWebhookReceiver(handler);
	const unavailable: string[] = [];
	const logger = recordingLogger();
	const handle = mcpToolset(
		{ type: 'mcp', url: server.url.replace(/\/hook$/, '/mcp'), headers: { Authorization: TOKEN }, timeout },
		{ index: 0, isTaken: () => false, report: () => undefined, logger, onUnavailable: (message) => unavailable.push(message) },
	);
	await handle.toolset.setup({ updateTools: () => undefined });
	await handle.toolset.aclose();
	const endpoint = server.url.replace(/^http:\/\//, '').replace(/\/hook$/, '/mcp');
	return { unavailable, logger, endpoint };
}

const echoHeaders: ReceiverHandler = (request, res) => answerJson(res, { error: 'unauthorized', youSent: request.headers }, 401);

describe('MCP failures', () => {
	it.each<[string, ReceiverHandler, string]>([
		['a 401 whose body echoes the headers', echoHeaders, 'HTTP 401'],
		['an HTML page', (request, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${String(request.headers.authorization)}</p>`), 'protocol error'],
		['JSON that is not JSON-RPC', (request, res) => answerJson(res, { hello: request.headers.authorization }), 'protocol error'],
		[
			'a JSON-RPC error that quotes the token',
			(request, res) => answerJson(res, { jsonrpc: '2.0', id: (request.json as { id: number }).id, error: { code: -32003, message: `forbidden for ${String(request.headers.authorization)}` } }),
			'protocol error (-32003)',
		],
	])('says what failed in a few words when the server answers %s', async (_label, handler, kind) => {
		const { unavailable, logger, endpoint } = await setupAgainst(handler);
		expect(unavailable).toEqual([`MCP server ${endpoint} could not be reached: ${kind}`]);
		expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'MCP server unavailable; the session goes on without its tools', fields: expect.objectContaining({ error: kind }) }));
		expect(JSON.stringify(logger.lines) + unavailable.join()).not.toContain('mcp-secret-token');
	});

	it('says how long it waited when the server never answers', async () => {
		const { unavailable, endpoint } = await setupAgainst(() => undefined, 0.3);
		expect(unavailable).toEqual([`MCP server ${endpoint} could not be reached: no answer within 0.3 s`]);
	});

	it('maps each kind of client failure', () => {
		const socket = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code} 10.0.0.1:443 secret`), { code }) });
		expect(mcpFailureKind(new McpError(ErrorCode.RequestTimeout, 'Request timed out'), 10_000)).toBe('no answer within 10 s');
		expect(mcpFailureKind(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), 10_000)).toBe('connection closed');
		expect(mcpFailureKind(new McpError(ErrorCode.InvalidParams, 'Tool nope not found'), 10_000)).toBe('protocol error (-32602)');
		expect(mcpFailureKind(new StreamableHTTPError(503, 'Error POSTing to endpoint: {"token":"x"}'), 10_000)).toBe('HTTP 503');
		expect(mcpFailureKind(new StreamableHTTPError(-1, 'Unexpected content type: text/html'), 10_000)).toBe('protocol error');
		expect(mcpFailureKind(socket('ECONNREFUSED'), 10_000)).toBe('connection refused');
		expect(mcpFailureKind(socket('ECONNRESET'), 10_000)).toBe('connection reset');
		expect(mcpFailureKind(socket('ENOTFOUND'), 10_000)).toBe('host not found');
		expect(mcpFailureKind(socket('ETIMEDOUT'), 10_000)).toBe('connection failed (ETIMEDOUT)');
		expect(mcpFailureKind(new TypeError('fetch failed'), 10_000)).toBe('connection failed');
		expect(mcpFailureKind(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), 10_000)).toBe('cancelled');
		expect(mcpFailureKind(new SyntaxError('Unexpected token < in JSON: <html>Bearer x</html>'), 10_000)).toBe('protocol error');
		expect(shortText('a'.repeat(300))).toHaveLength(200);
		expect(shortText('short')).toBe('short');
	});
});
