/**
 * A `webhook` tool: the LLM's call is POSTed, signed, to `tool.url` (typically an n8n workflow started
 * by the Realtime Voice Trigger in Tool Call mode) and the answer is the tool's result.
 *
 * Request: a `ToolCallRequest` `{id, type: "tool.call", sequence: 0, time, session, metadata,
 * data: {name, arguments, callId}}` (`callId` = the LLM's tool call id). Arguments are checked against
 * `tool.parameters` first; a bad call never leaves the agent.
 *
 * Answer (2xx, within `tool.timeout` s, default DEFAULT_TOOL_TIMEOUT_SECONDS): a JSON body is the
 * parsed JSON as it is (an object with a `result` key, n8n's first-entry JSON, a string …), any other
 * body is its text. A non-2xx answer, a timeout or an unreachable URL becomes an `llm.ToolError` with a
 * short reason the LLM can speak about; the session goes on.
 */
import { llm } from '@livekit/agents';

import { DEFAULT_TOOL_TIMEOUT_SECONDS, type WebhookToolDefinition } from '../../../src/config';
import { TOOL_CALL_TYPE, type ToolCallRequest } from '../../../src/events/types';
import { postSigned, WebhookError } from '../webhooks/post';
import { envelope, type SessionScope } from '../webhooks/session';
import { reportingTool, type AnyFunctionTool, type ReportToolCall } from './reporting';
import { assertArguments, compileParameters, parseAnswer } from './schema';

/** What a webhook request needs besides its URL: the signing secret and the session it speaks for. */
export interface WebhookCaller {
	secret: string;
	scope: SessionScope;
}

/** Builds the tool; throws (naming the tool) when `tool.parameters` is not a valid JSON Schema. */
export function webhookTool(definition: WebhookToolDefinition, caller: WebhookCaller, report: ReportToolCall): AnyFunctionTool {
	const validate = compileParameters(definition.name, definition.parameters);
	const timeoutSeconds = definition.timeout ?? DEFAULT_TOOL_TIMEOUT_SECONDS;
	return reportingTool(
		{
			name: definition.name,
			description: definition.description,
			parameters: definition.parameters,
			execute: async (args, options) => {
				assertArguments(definition.name, validate, args);
				const body: ToolCallRequest = envelope(caller.scope, TOOL_CALL_TYPE, { name: definition.name, arguments: args, callId: options?.toolCallId ?? '' });
				try {
					const answer = await postSigned(definition.url, body, { secret: caller.secret, timeoutMs: timeoutSeconds * 1000, signal: options?.abortSignal });
					return answer.contentType.includes('json') ? parseAnswer(answer.text) : answer.text;
				} catch (error) {
					throw new llm.ToolError(webhookFailure(definition.name, error as Error, timeoutSeconds));
				}
			},
		},
		'webhook',
		report,
	);
}

function webhookFailure(name: string, error: Error, timeoutSeconds: number): string {
	if (!(error instanceof WebhookError)) return `${name} failed: ${error.message}`;
	switch (error.kind) {
		case 'timeout':
			return `${name} did not answer within ${timeoutSeconds} s`;
		case 'status':
			return `${name} failed: its webhook answered HTTP ${error.status}`;
		case 'aborted':
			return `${name} was cancelled`;
		default:
			return `${name} could not be reached`;
	}
}
