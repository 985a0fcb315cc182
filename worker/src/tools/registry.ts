/**
 * The session's tools, from `agent.tools`: `client` (or no `type`) tools run on the user's device over
 * RPC, `webhook` tools POST to n8n, `mcp` entries bring an MCP server's tools. `entries()` is the list
 * handed to `voice.Agent` (and again to `agent.updateTools` after a change): function tools plus one
 * `llm.Toolset` per MCP server, the same toolset objects every time so the runtime keeps their
 * connections.
 *
 * Names are unique in the config; at run time a device may add a client tool, and an MCP server may
 * announce new tools. Configured tools keep their names; a device tool whose name a webhook or MCP
 * tool has is not offered, and an MCP tool whose name is taken is skipped (see mcpToolset).
 */
import type { llm } from '@livekit/agents';
import type { LocalParticipant } from '@livekit/rtc-node';

import type { ToolDefinition, ToolEntry } from '../../../src/config';
import type { Logger } from '../sessionHelpers';
import { ClientTools } from './clientTools';
import { mcpToolset, type McpToolsetHandle } from './mcpToolset';
import { reportingTool, type AnyFunctionTool, type ReportToolCall } from './reporting';
import { webhookTool, type WebhookCaller } from './webhookTool';

export interface ToolRegistryOptions {
	/** The agent's participant, once connected: client tools are RPCs from it. */
	participant: () => LocalParticipant;
	userIdentity: string;
	tools: readonly ToolEntry[];
	/** Required when a webhook tool is configured (the setup refuses such a config without a secret). */
	webhook?: WebhookCaller;
	/** Every call of every tool, once it settled. */
	report: ReportToolCall;
	logger: Logger;
	/** An MCP server could not be reached when the agent started. */
	onMcpUnavailable: (message: string) => void;
}

export class ToolRegistry {
	/** The device's tools; `update_tools` changes them. */
	readonly client: ClientTools;
	/** Called when the set changed on its own (a device tool went stale): re-advertise `entries()`. */
	onChange: () => void = () => {};
	readonly #webhookTools: AnyFunctionTool[];
	readonly #mcp: McpToolsetHandle[] = [];
	readonly #report: ReportToolCall;
	readonly #logger: Logger;
	readonly #shadowed = new Set<string>();

	/** Throws when a configured tool cannot be built (a schema that is not JSON Schema, no webhook caller). */
	constructor(options: ToolRegistryOptions) {
		this.#report = options.report;
		this.#logger = options.logger;
		const clientDefinitions = options.tools.filter((tool): tool is ToolDefinition => tool.type === undefined || tool.type === 'client');
		this.client = new ClientTools(options.participant, options.userIdentity, clientDefinitions);
		this.client.onStale = () => this.onChange();
		this.#webhookTools = options.tools.flatMap((tool) => {
			if (tool.type !== 'webhook') return [];
			if (!options.webhook) throw new Error(`webhook tool "${tool.name}" needs the webhook signing secret`);
			return [webhookTool(tool, options.webhook, options.report)];
		});
		options.tools.forEach((tool, index) => {
			if (tool.type !== 'mcp') return;
			const handle: McpToolsetHandle = mcpToolset(tool, {
				index,
				isTaken: (name) => this.#namesExcept(handle).has(name),
				report: options.report,
				logger: options.logger,
				onUnavailable: options.onMcpUnavailable,
			});
			this.#mcp.push(handle);
		});
	}

	/** What the agent offers the LLM now. */
	entries(): llm.ToolContextEntry[] {
		const taken = new Set([...this.#webhookTools.map((tool) => tool.name), ...this.#mcp.flatMap((handle) => handle.names())]);
		const clientTools = this.client.functionTools().filter((tool) => {
			if (!taken.has(tool.name)) return true;
			if (!this.#shadowed.has(tool.name)) this.#logger.warn({ tool: tool.name }, 'device tool not offered: another tool has its name');
			this.#shadowed.add(tool.name);
			return false;
		});
		const reported = clientTools.map((tool) =>
			reportingTool({ name: tool.name, description: tool.description, parameters: tool.parameters as object, execute: (args, options) => tool.execute(args, options) }, 'client', this.#report),
		);
		return [...this.#webhookTools, ...reported, ...this.#mcp.map((handle) => handle.toolset)];
	}

	/** Tool names for the log (MCP tools once their servers answered). */
	get names(): string[] {
		return [...this.#webhookTools.map((tool) => tool.name), ...this.client.names, ...this.#mcp.flatMap((handle) => handle.names())];
	}

	#namesExcept(owner: McpToolsetHandle): Set<string> {
		return new Set([
			...this.#webhookTools.map((tool) => tool.name),
			...this.client.names,
			...this.#mcp.filter((handle) => handle !== owner).flatMap((handle) => handle.names()),
		]);
	}
}
