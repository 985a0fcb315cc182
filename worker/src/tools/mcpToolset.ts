/**
 * An `mcp` tool source: the tools of an MCP server (streamable HTTP) offered to the LLM as one
 * `llm.Toolset`. The runtime runs `setup` when the agent starts: it connects (with `source.headers` on
 * every request), lists the tools (`allowedTools` filters them) and hands them over; whenever the
 * server announces `notifications/tools/list_changed` the list is read again and re-advertised.
 *
 * - A call is `tools/call {name, arguments}` with `source.timeout` s (default
 *   DEFAULT_TOOL_TIMEOUT_SECONDS). The result's text parts, joined by new lines, are the tool's result
 *   (its `structuredContent` when it has no text); `isError` (its text), a timeout or a failed request
 *   (a short kind: `./mcpErrors`) become an `llm.ToolError`, e.g. `search_docs failed: HTTP 500`.
 * - A server that cannot be reached at setup (within the timeout) leaves the session running without
 *   its tools: a warning is logged and `onUnavailable` is told (→ a `session.error` event), e.g.
 *   `MCP server mcp.example.com/mcp could not be reached: connection refused`.
 * - Tool names the LLM cannot take (not TOOL_NAME_PATTERN, `[A-Za-z0-9_-]{1,64}`) or that another tool
 *   already has are skipped with a warning: one duplicate name would break every LLM request.
 * - Logs and errors name the server by host + path and say what failed in a few words (at most
 *   MCP_MESSAGE_MAX_CHARS): never the SDK's error text, which can quote an answer that echoes the
 *   source's headers (tokens).
 */
import { llm } from '@livekit/agents';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';

import { DEFAULT_TOOL_TIMEOUT_SECONDS, TOOL_NAME_PATTERN, type McpToolSource } from '../../../src/config';
import type { Logger } from '../sessionHelpers';
import { describeUrl, formatSeconds } from '../webhooks/post';
import { mcpFailureKind, shortText } from './mcpErrors';
import { reportingTool, type AnyFunctionTool, type ReportToolCall } from './reporting';
import type { JsonObject } from './schema';

const CLIENT_INFO = { name: 'n8n-realtime-voice-worker', version: '0.1.0' };

export interface McpToolsetOptions {
	/** The source's index in `agent.tools`: its toolset id is `mcp-<index>`. */
	index: number;
	/** Whether another tool (client, webhook, another MCP server) already uses the name. */
	isTaken: (name: string) => boolean;
	report: ReportToolCall;
	logger: Logger;
	/** The server could not be used at setup; `message` names it by host + path and says why in a few words. */
	onUnavailable: (message: string) => void;
}

export interface McpToolsetHandle {
	toolset: llm.Toolset;
	/** Names currently offered from this server. */
	names(): string[];
}

export function mcpToolset(source: McpToolSource, options: McpToolsetOptions): McpToolsetHandle {
	const timeoutMs = (source.timeout ?? DEFAULT_TOOL_TIMEOUT_SECONDS) * 1000;
	const endpoint = describeUrl(source.url);
	const logger = options.logger.child({ mcp: endpoint });
	let client: Client | undefined;
	let offered: AnyFunctionTool[] = [];
	// Refreshes run one after another, so a slow list never overwrites a newer one.
	let refreshing: Promise<void> = Promise.resolve();

	const call = async (name: string, args: JsonObject, signal?: AbortSignal): Promise<unknown> => {
		if (!client) throw new llm.ToolError(`${name} is not available: its MCP server is not connected`);
		let result: { content?: unknown; isError?: boolean; structuredContent?: unknown };
		try {
			result = (await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs, signal })) as typeof result;
		} catch (error) {
			if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) throw new llm.ToolError(`${name} did not answer within ${formatSeconds(timeoutMs)}`);
			throw new llm.ToolError(shortText(`${name} failed: ${mcpFailureKind(error, timeoutMs)}`));
		}
		const text = textOf(result.content);
		// The tool's own error text is meant for the LLM; it is still capped, as it lands in events too.
		if (result.isError) throw new llm.ToolError(shortText(`${name} failed: ${text || 'the MCP server reported an error'}`));
		return text || result.structuredContent || '';
	};

	const toFunctionTool = (tool: McpTool) =>
		reportingTool(
			{
				name: tool.name,
				description: tool.description || tool.title || tool.name,
				parameters: tool.inputSchema,
				execute: (args, callOptions) => call(tool.name, args, callOptions?.abortSignal),
			},
			'mcp',
			options.report,
		);

	const refresh = async (updateTools: llm.ToolsetContext['updateTools']) => {
		if (!client) return;
		const listed: McpTool[] = [];
		let cursor: string | undefined;
		do {
			const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
			listed.push(...page.tools);
			cursor = page.nextCursor;
		} while (cursor);
		const usable = listed.filter((tool) => {
			if (source.allowedTools && !source.allowedTools.includes(tool.name)) return false;
			const problem = !TOOL_NAME_PATTERN.test(tool.name) ? 'is not a valid LLM tool name' : options.isTaken(tool.name) ? 'is already used by another tool' : undefined;
			if (problem) logger.warn({ tool: tool.name }, `MCP tool skipped: its name ${problem}`);
			return !problem;
		});
		offered = usable.map(toFunctionTool);
		updateTools(offered);
		logger.info({ tools: offered.map((tool) => tool.name) }, 'MCP tools offered');
	};

	const toolset = llm.Toolset.create({
		id: `mcp-${options.index}`,
		tools: [],
		setup: async ({ updateTools }) => {
			const candidate = new Client(CLIENT_INFO);
			candidate.setNotificationHandler(ToolListChangedNotificationSchema, () => {
				refreshing = refreshing
					.then(() => refresh(updateTools))
					.catch((error: unknown) => logger.warn({ error: mcpFailureKind(error, timeoutMs) }, 'MCP tool list could not be refreshed'));
			});
			try {
				const transport = new StreamableHTTPClientTransport(new URL(source.url), { requestInit: { headers: source.headers } });
				await candidate.connect(transport, { timeout: timeoutMs });
				client = candidate;
				// The first listing joins the same chain as the list_changed refreshes: a refresh announced
				// while it is under way runs after it, so the older list never lands last.
				const first = refreshing.then(() => refresh(updateTools));
				refreshing = first.catch(() => undefined);
				await first;
			} catch (error) {
				client = undefined;
				await candidate.close().catch(() => undefined);
				const reason = mcpFailureKind(error, timeoutMs);
				const message = shortText(`MCP server ${endpoint} could not be reached: ${reason}`);
				logger.warn({ error: reason }, 'MCP server unavailable; the session goes on without its tools');
				options.onUnavailable(message);
			}
		},
		aclose: async () => {
			const closing = client;
			client = undefined;
			await closing?.close();
		},
	});

	return { toolset, names: () => offered.map((tool) => tool.name) };
}

/** The text parts of an MCP tool result, joined by new lines. */
function textOf(content: unknown): string {
	if (!Array.isArray(content)) return '';
	return content
		.filter((part): part is { type: 'text'; text: string } => part?.type === 'text' && typeof part.text === 'string')
		.map((part) => part.text)
		.join('\n');
}
