/**
 * Tools that run on the user's device, spoken over LiveKit RPC exactly as UpliftAI's client SDK
 * (`@upliftai/assistants-react`) expects, so a browser app written for UpliftAI works unchanged:
 *
 * - agent → client: `performRpc({destinationIdentity: user, method: <tool name>,
 *   payload: {"arguments": {"raw_arguments": {...}}}, responseTimeout: tool.timeout})`; the client
 *   answers a string, by convention `{"result": …, "presentationInstructions"?: …}`.
 * - client → agent: `update_tools` with `{action: "add"|"remove"|"replace", tools}` changes this set.
 *
 * Arguments are checked against the tool's own JSON Schema before the call leaves the agent; a bad
 * call becomes a tool error the LLM can recover from, never a request to the device.
 */
import { llm } from '@livekit/agents';
import { RpcError, type LocalParticipant } from '@livekit/rtc-node';
import type { ValidateFunction } from 'ajv';

import { DEFAULT_TOOL_TIMEOUT_SECONDS, toolSchema, type ToolDefinition } from '../../../src/config';
import { assertArguments, compileParameters, parseAnswer, type JsonObject } from './schema';

export type ToolUpdateAction = 'add' | 'remove' | 'replace';
export const TOOL_UPDATE_ACTIONS: readonly ToolUpdateAction[] = ['add', 'remove', 'replace'];

export interface ToolCallRecord {
	name: string;
	ms: number;
	ok: boolean;
}

interface CompiledTool {
	definition: ToolDefinition;
	validate: ValidateFunction;
}

/** Compiling checks the schema itself: a broken schema must not reach the LLM. */
function compile(definition: ToolDefinition): CompiledTool {
	return { definition, validate: compileParameters(definition.name, definition.parameters) };
}

export class ClientTools {
	readonly #tools = new Map<string, CompiledTool>();

	/** Called after a tool was dropped because the device no longer serves it. */
	onStale: (name: string) => void = () => {};
	private readonly onCall: (record: ToolCallRecord) => void;

	constructor(
		private readonly participant: () => LocalParticipant,
		private readonly userIdentity: string,
		initial: readonly ToolDefinition[],
		options: { onCall?: (record: ToolCallRecord) => void } = {},
	) {
		this.onCall = options.onCall ?? (() => {});
		for (const tool of initial) this.#tools.set(tool.name, compile(tool));
	}

	get names(): string[] {
		return [...this.#tools.keys()];
	}

	/**
	 * Applies a client's `update_tools` request. "replace" replaces or adds the given tools by name and
	 * keeps the others: the SDK sends it both with a full list and with a single changed tool, and this
	 * is the only reading that never drops a tool the client still serves.
	 */
	applyUpdate(payload: string): { action: ToolUpdateAction; tools: string[] } {
		let request: { action?: unknown; tools?: unknown };
		try {
			request = JSON.parse(payload) as typeof request;
		} catch {
			throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, 'update_tools payload must be JSON: {"action", "tools"}');
		}
		const action = request.action as ToolUpdateAction;
		if (!TOOL_UPDATE_ACTIONS.includes(action)) {
			throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, `update_tools action must be one of ${TOOL_UPDATE_ACTIONS.join(', ')}; got ${JSON.stringify(request.action)}`);
		}
		if (!Array.isArray(request.tools)) throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, 'update_tools tools must be an array of tool definitions');

		if (action === 'remove') {
			for (const tool of request.tools as Array<{ name?: unknown }>) {
				if (typeof tool?.name === 'string') this.#tools.delete(tool.name);
			}
			return { action, tools: this.names };
		}
		// Validate the whole list before changing anything, so a bad request leaves the set as it was.
		const parsed = request.tools.map((tool, index) => {
			// The React SDK sends its handler-less tool objects; ignore a stray `handler` key if present.
			const { handler: _handler, ...definition } = (tool ?? {}) as Record<string, unknown>;
			const result = toolSchema.safeParse(definition);
			if (!result.success) {
				const issue = result.error.issues[0];
				throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, `update_tools tools[${index}].${issue.path.join('.')} ${issue.message}`);
			}
			return result.data;
		});
		let compiled: CompiledTool[];
		try {
			compiled = parsed.map(compile);
		} catch (error) {
			throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, `update_tools ${(error as Error).message}`);
		}
		for (const entry of compiled) this.#tools.set(entry.definition.name, entry);
		return { action, tools: this.names };
	}

	/** The current set as LLM function tools. */
	functionTools(): llm.FunctionTool<JsonObject, unknown, unknown>[] {
		return [...this.#tools.values()].map(({ definition, validate }) =>
			llm.tool({
				name: definition.name,
				description: definition.description,
				parameters: definition.parameters as JsonObject,
				execute: (args: JsonObject) => this.#call(definition, validate, args),
			}),
		) as llm.FunctionTool<JsonObject, unknown, unknown>[];
	}

	async #call(definition: ToolDefinition, validate: ValidateFunction, args: JsonObject): Promise<unknown> {
		assertArguments(definition.name, validate, args);
		const started = Date.now();
		const timeoutSeconds = definition.timeout ?? DEFAULT_TOOL_TIMEOUT_SECONDS;
		try {
			const answer = await this.participant().performRpc({
				destinationIdentity: this.userIdentity,
				method: definition.name,
				payload: JSON.stringify({ arguments: { raw_arguments: args } }),
				responseTimeout: timeoutSeconds * 1000,
			});
			this.onCall({ name: definition.name, ms: Date.now() - started, ok: true });
			return parseAnswer(answer);
		} catch (error) {
			this.onCall({ name: definition.name, ms: Date.now() - started, ok: false });
			// The client unregistered the method (e.g. after replacing its tool list): stop offering it.
			if (error instanceof RpcError && error.code === RpcError.ErrorCode.UNSUPPORTED_METHOD && this.#tools.delete(definition.name)) this.onStale(definition.name);
			// The LLM gets a tool error it can talk about; the session carries on.
			const reason = error instanceof RpcError && error.code === RpcError.ErrorCode.RESPONSE_TIMEOUT ? `no answer within ${timeoutSeconds} s` : (error as Error).message;
			throw new llm.ToolError(`The user's device could not run ${definition.name}: ${reason}`);
		}
	}
}
