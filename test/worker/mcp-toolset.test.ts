/**
 * MCP tool sources against a real MCP server of the test's own (test/doubles/mcp-server.ts, the SDK's
 * streamable HTTP server on 127.0.0.1): listing, the allowedTools filter, calls and their results,
 * refresh on tools/list_changed (never overtaken by an older list), the configured headers on every
 * request (and never in a log line, an event or the LLM's error, even when the server echoes them),
 * and a server that cannot be reached.
 */
import { createServer } from 'node:net';

import { initializeLogger, llm } from '@livekit/agents';
import { z } from 'zod';

import { startMcpServer, type McpServerDouble } from '../doubles/mcp-server';
import { mcpToolset } from '../../worker/src/tools/mcpToolset';
import type { ToolCallReport } from '../../worker/src/tools/reporting';
import type { JsonObject } from '../../worker/src/tools/schema';
import { recordingLogger } from './recording-logger';

initializeLogger({ pretty: false, level: 'silent' });

const TOKEN = 'Bearer mcp-secret-token-123';

type Offered = llm.FunctionTool<JsonObject, unknown, unknown>;

function harness(url: string, source: { allowedTools?: string[]; timeout?: number; taken?: string[] } = {}) {
	const reports: ToolCallReport[] = [];
	const unavailable: string[] = [];
	const updates: string[][] = [];
	const logger = recordingLogger();
	let current: Offered[] = [];
	const handle = mcpToolset(
		{ type: 'mcp', url, headers: { Authorization: TOKEN }, allowedTools: source.allowedTools, timeout: source.timeout },
		{ index: 2, isTaken: (name) => (source.taken ?? []).includes(name), report: (r) => reports.push(r), logger, onUnavailable: (m) => unavailable.push(m) },
	);
	const setup = () =>
		handle.toolset.setup({
			updateTools: (tools) => {
				current = tools as Offered[];
				updates.push(current.map((tool) => tool.name));
			},
		});
	const call = (name: string, args: JsonObject) => current.find((tool) => tool.name === name)!.execute(args, { toolCallId: 'call_1', abortSignal: new AbortController().signal } as never);
	return { handle, setup, call, reports, unavailable, updates, logger, tools: () => current };
}

async function waitFor(check: () => boolean, ms = 5_000) {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('MCP tool source', () => {
	let mcp: McpServerDouble;
	const opened: Array<ReturnType<typeof harness>> = [];

	beforeEach(async () => {
		mcp = await startMcpServer();
	});
	afterEach(async () => {
		for (const h of opened.splice(0)) await h.handle.toolset.aclose();
		await mcp.close();
	});
	const open = (...args: Parameters<typeof harness>) => {
		const h = harness(...args);
		opened.push(h);
		return h;
	};

	it('offers the server tools with their descriptions and JSON Schemas, as one toolset', async () => {
		const h = open(mcp.url);
		await h.setup();
		expect(h.handle.toolset.id).toBe('mcp-2');
		expect(h.tools().map((tool) => [tool.name, tool.description])).toEqual([
			['search_docs', 'Search the product manual'],
			['open_ticket', 'Open a support ticket'],
		]);
		expect(h.tools()[0].parameters).toMatchObject({ type: 'object', properties: { query: { type: 'string' } }, required: ['query'] });
		expect(h.handle.names()).toEqual(['search_docs', 'open_ticket']);
		expect(h.unavailable).toEqual([]);
	});

	it('offers only allowedTools, and skips names another tool already has', async () => {
		const filtered = open(mcp.url, { allowedTools: ['search_docs'] });
		await filtered.setup();
		expect(filtered.handle.names()).toEqual(['search_docs']);

		const clashing = open(mcp.url, { taken: ['open_ticket'] });
		await clashing.setup();
		expect(clashing.handle.names()).toEqual(['search_docs']);
		expect(clashing.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'MCP tool skipped: its name is already used by another tool', fields: expect.objectContaining({ tool: 'open_ticket' }) }));
	});

	it('calls a tool: the text parts are the result, the call is reported (via mcp)', async () => {
		const h = open(mcp.url);
		await h.setup();
		await expect(h.call('search_docs', { query: 'refunds' })).resolves.toBe('Refunds are issued to the original payment method within 14 days.');
		expect(mcp.calls).toEqual([{ name: 'search_docs', arguments: { query: 'refunds' } }]);
		expect(h.reports).toEqual([
			{ name: 'search_docs', arguments: { query: 'refunds' }, via: 'mcp', ok: true, result: 'Refunds are issued to the original payment method within 14 days.', durationMs: expect.any(Number) },
		]);
	});

	it('sends the configured headers on every request and never logs them', async () => {
		const h = open(mcp.url);
		await h.setup();
		await h.call('open_ticket', { subject: 'Broken' });
		const posts = mcp.requests.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.rpcMethod)).toEqual(expect.arrayContaining(['initialize', 'notifications/initialized', 'tools/list', 'tools/call']));
		for (const request of mcp.requests) expect(request.headers.authorization).toBe(TOKEN);
		expect(JSON.stringify(h.logger.lines)).not.toContain('mcp-secret-token');
		expect(h.logger.lines).toContainEqual(expect.objectContaining({ msg: 'MCP tools offered', fields: expect.objectContaining({ mcp: expect.stringMatching(/^127\.0\.0\.1:\d+\/mcp$/) }) }));
	});

	it('turns isError into a ToolError the LLM can talk about, and reports it', async () => {
		mcp.addTool({ name: 'fail_always', description: 'Fails', inputSchema: {}, answer: () => ({ text: 'the index is rebuilding', isError: true }) });
		const h = open(mcp.url);
		await h.setup();
		const error = await h.call('fail_always', {}).catch((e: Error) => e);
		expect(error).toBeInstanceOf(llm.ToolError);
		expect((error as Error).message).toBe('fail_always failed: the index is rebuilding');
		expect(h.reports).toEqual([expect.objectContaining({ name: 'fail_always', via: 'mcp', ok: false, error: 'fail_always failed: the index is rebuilding' })]);
	});

	it('gives up on a slow tool after its timeout', async () => {
		let answerLate = () => {};
		mcp.addTool({ name: 'slow', description: 'Slow', inputSchema: {}, answer: () => new Promise((resolve) => (answerLate = () => resolve('late'))) });
		const h = open(mcp.url, { timeout: 0.3 });
		await h.setup();
		await expect(h.call('slow', {})).rejects.toThrow('slow did not answer within 0.3 s');
		answerLate();
	});

	it('reads the list again when the server announces tools/list_changed', async () => {
		const h = open(mcp.url);
		await h.setup();
		expect(h.updates).toEqual([['search_docs', 'open_ticket']]);
		mcp.addTool({ name: 'track_parcel', description: 'Where a parcel is', inputSchema: { parcelId: z.string() }, answer: ({ parcelId }) => `${String(parcelId)} is in Leeds` });
		await waitFor(() => h.updates.length === 2);
		expect(h.updates[1]).toEqual(['search_docs', 'open_ticket', 'track_parcel']);
		await expect(h.call('track_parcel', { parcelId: 'P-9' })).resolves.toBe('P-9 is in Leeds');
	});

	it('keeps the newest list when tools/list_changed arrives while the first listing is on its way', async () => {
		// The server answers the first tools/list (two tools) at once, but the bytes arrive late.
		const held = mcp.holdNextAnswer('tools/list');
		const h = open(mcp.url);
		const setup = h.setup();
		await held.received;
		await waitFor(() => mcp.requests.some((request) => request.method === 'GET'));
		await new Promise((resolve) => setTimeout(resolve, 100));
		mcp.addTool({ name: 'track_parcel', description: 'Where a parcel is', inputSchema: { parcelId: z.string() }, answer: () => 'in Leeds' });
		// A refresh that did not wait for the first listing would be asked and answered now.
		await new Promise((resolve) => setTimeout(resolve, 300));
		held.release();
		await setup;
		await waitFor(() => h.updates.length === 2);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(h.updates).toEqual([
			['search_docs', 'open_ticket'],
			['search_docs', 'open_ticket', 'track_parcel'],
		]);
		expect(h.handle.names()).toEqual(['search_docs', 'open_ticket', 'track_parcel']);
	});

	it('says "HTTP 500" when a call fails, never the answer that echoes the headers', async () => {
		const h = open(mcp.url);
		await h.setup();
		mcp.failNext('tools/call', 500);
		const error = await h.call('search_docs', { query: 'refunds' }).catch((e: Error) => e);
		expect(error).toBeInstanceOf(llm.ToolError);
		expect((error as Error).message).toBe('search_docs failed: HTTP 500');
		expect(h.reports).toEqual([expect.objectContaining({ name: 'search_docs', ok: false, error: 'search_docs failed: HTTP 500' })]);
		expect(JSON.stringify(h.reports) + JSON.stringify(h.logger.lines)).not.toContain('mcp-secret-token');
	});

	it('caps a tool error text at 200 characters', async () => {
		mcp.addTool({ name: 'verbose_fail', description: 'Fails at length', inputSchema: {}, answer: () => ({ text: 'x'.repeat(5_000), isError: true }) });
		const h = open(mcp.url);
		await h.setup();
		const error = (await h.call('verbose_fail', {}).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/^verbose_fail failed: x+…$/);
		expect(error.message.length).toBe(200);
	});

	it('runs without the tools of a server it cannot reach, and says so once', async () => {
		// A port that was free a moment ago: connection refused.
		const port = await new Promise<number>((resolve) => {
			const probe = createServer().listen(0, '127.0.0.1', () => {
				const { port: free } = probe.address() as { port: number };
				probe.close(() => resolve(free));
			});
		});
		const h = open(`http://127.0.0.1:${port}/mcp?key=in-the-query`);
		await h.setup();
		expect(h.tools()).toEqual([]);
		expect(h.unavailable).toHaveLength(1);
		expect(h.unavailable).toEqual([`MCP server 127.0.0.1:${port}/mcp could not be reached: connection refused`]);
		expect(h.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'MCP server unavailable; the session goes on without its tools' }));
		expect(JSON.stringify(h.logger.lines) + h.unavailable[0]).not.toMatch(/in-the-query|mcp-secret-token/);
	});
});
