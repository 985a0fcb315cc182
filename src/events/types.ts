/**
 * What the worker sends to webhooks, shared by the worker (which builds it) and the Realtime Voice
 * Trigger node (which receives it). Two kinds of request:
 *
 * - **Events** (`events.webhookUrl`): fire-and-forget notes about the session, delivered in order,
 *   at least once (the `id` lets a receiver drop a retry it already has).
 * - **Calls** that wait for an answer: a webhook tool call (`tool.call`, the answer is the tool's
 *   result) and a webhook LLM turn (`llm.reply`, the answer is what the agent says).
 *
 * Every request has the same envelope and is signed (see `./signing`).
 */
import type { SessionMetadata } from '../config/schema';

/** Event types, in the order a session produces them (`transcript`/`tool.called` repeat). */
export const SESSION_EVENT_TYPES = ['session.started', 'transcript', 'tool.called', 'session.ended', 'session.error'] as const;
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

/** Types of the requests that wait for an answer. */
export const TOOL_CALL_TYPE = 'tool.call';
export const LLM_REPLY_TYPE = 'llm.reply';
export type CallType = typeof TOOL_CALL_TYPE | typeof LLM_REPLY_TYPE;

/**
 * Why a session ended: `ttl` (session.ttl reached), `idle` (nobody spoke for the worker's silence
 * timeout), `user_left` (the user left and did not come back within the idle timeout),
 * `ended_by_node` (the room was deleted from outside, e.g. the node's End operation), `error` (the
 * pipeline failed for good).
 */
export const END_REASONS = ['ttl', 'idle', 'user_left', 'ended_by_node', 'error'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** How a tool was run: RPC to the user's device, a webhook, or an MCP server. */
export type ToolVia = 'client' | 'webhook' | 'mcp';

/** Which session a request belongs to. */
export interface SessionRef {
	roomName: string;
	roomSid?: string;
	participantIdentity: string;
	participantName: string;
	agentName: string;
	/** The LiveKit job running the session. */
	jobId: string;
}

/**
 * The body of every request. `id` is unique per request (and equals the `X-Realtime-Voice-Id`
 * header); `sequence` numbers a session's events 1, 2, 3 … (calls carry 0); `time` is ISO 8601.
 */
export interface Envelope<Type extends string, Data> {
	id: string;
	type: Type;
	sequence: number;
	time: string;
	session: SessionRef;
	/** `session.metadata` of the configuration, `{}` when none was set. */
	metadata: SessionMetadata;
	data: Data;
}

/** One final utterance. Times are ISO 8601; `interrupted` is true when the user cut the agent off. */
export interface TranscriptEntry {
	role: 'user' | 'assistant';
	text: string;
	startedAt?: string;
	endedAt?: string;
	interrupted: boolean;
}

/** Usage of a session: STT audio seconds, LLM tokens, TTS characters. */
export interface SessionUsage {
	sttAudioSeconds: number;
	llmPromptTokens: number;
	llmCompletionTokens: number;
	ttsCharacters: number;
}

/** Per-turn latency (milliseconds); `turnToFirstAudioMs` is end of the user's turn → first agent audio. */
export interface TurnLatency {
	turn: number;
	kind: 'greeting' | 'reply';
	turnToFirstAudioMs?: number;
	llmTtftMs?: number;
	ttsTtfbMs?: number;
}

export interface SessionEventData {
	'session.started': { startedAt: string; deadline: string; agentIdentity: string };
	transcript: TranscriptEntry;
	'tool.called': {
		name: string;
		arguments: unknown;
		via: ToolVia;
		ok: boolean;
		result?: unknown;
		error?: string;
		durationMs: number;
	};
	'session.ended': {
		reason: EndReason;
		startedAt: string;
		endedAt: string;
		durationSeconds: number;
		transcript: TranscriptEntry[];
		usage: SessionUsage;
		/** Replies' `turnToFirstAudioMs` percentiles (milliseconds), null when no reply was measured. */
		latency: { turns: TurnLatency[]; p50Ms: number | null; p95Ms: number | null };
	};
	'session.error': { code: string; message: string; recoverable: boolean };
}

export type SessionEvent<T extends SessionEventType = SessionEventType> = T extends SessionEventType ? Envelope<T, SessionEventData[T]> : never;

/** A webhook tool call: the answer (JSON or text) is the tool's result. */
export type ToolCallRequest = Envelope<typeof TOOL_CALL_TYPE, { name: string; arguments: unknown; callId: string }>;

/**
 * A webhook LLM turn: the conversation so far (`system`, `user`, `assistant` messages, oldest first).
 * The answer is what the agent says: see `docs/events.md` for the accepted forms, streamed or whole.
 */
export type LlmReplyRequest = Envelope<typeof LLM_REPLY_TYPE, { messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }> }>;

export type WebhookRequestBody = SessionEvent | ToolCallRequest | LlmReplyRequest;
