/**
 * Every tool call, whatever runs it, is reported once when it settles: to the turn metrics (name,
 * milliseconds, ok) and as a `tool.called` event (arguments, result or error, duration).
 */
import { llm } from '@livekit/agents';

import type { SessionEventData, ToolVia } from '../../../src/events/types';
import type { JsonObject } from './schema';

/** The `tool.called` event's data: `durationMs` from the LLM's call to the answer (or error). */
export type ToolCallReport = SessionEventData['tool.called'];
export type ReportToolCall = (report: ToolCallReport) => void;

/** The parts of a function tool a tool source defines. */
export interface ToolSpec {
	name: string;
	description: string;
	/** The tool's JSON Schema, as given to the LLM. */
	parameters: object;
	execute: (args: JsonObject, options: llm.ToolOptions) => Promise<unknown>;
}

export type AnyFunctionTool = llm.FunctionTool<JsonObject, unknown, unknown>;

/**
 * The function tool the LLM gets: `spec.execute`, timed and reported. Errors pass through unchanged
 * (an `llm.ToolError` is what the LLM sees); the report's `error` is their message.
 */
export function reportingTool(spec: ToolSpec, via: ToolVia, report: ReportToolCall): AnyFunctionTool {
	return llm.tool({
		name: spec.name,
		description: spec.description,
		parameters: spec.parameters as JsonObject,
		execute: async (args: JsonObject, options: llm.ToolOptions) => {
			const started = Date.now();
			try {
				const result = await spec.execute(args, options);
				report({ name: spec.name, arguments: args, via, ok: true, result, durationMs: Date.now() - started });
				return result;
			} catch (error) {
				report({ name: spec.name, arguments: args, via, ok: false, error: (error as Error).message, durationMs: Date.now() - started });
				throw error;
			}
		},
	}) as AnyFunctionTool;
}
