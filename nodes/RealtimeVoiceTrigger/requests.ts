/**
 * The worker's request bodies (src/events/types.ts) as the trigger reads them: checked just enough to
 * route them and to build the item, never trusted beyond that (the signature proves who sent them,
 * the workflow decides what they mean).
 */
import type { IDataObject } from 'n8n-workflow';

import { LLM_REPLY_TYPE, SESSION_EVENT_TYPES, TOOL_CALL_TYPE } from '../../src/events';
import { isPlainObject } from '../shared/objects';
import type { TriggerMode } from './description';

/** `{id, type, sequence, time, session, metadata, data}`, with `metadata` `{}` when absent. */
export interface Envelope extends IDataObject {
	id: string;
	type: string;
	sequence: number;
	time: string;
	session: IDataObject;
	metadata: IDataObject;
	data: IDataObject;
}

export type Parsed = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/** The body's JSON as an envelope, or why it is not one. */
export function parseEnvelope(rawBody: Buffer): Parsed {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch (error) {
		return { ok: false, reason: `body is not valid JSON: ${(error as Error).message}` };
	}
	if (!isPlainObject(body)) return { ok: false, reason: 'body must be a JSON object' };
	const { id, type, sequence = 0, time = null, session, metadata = {}, data = {} } = body;
	if (typeof id !== 'string' || !id) return { ok: false, reason: 'id must be a non-empty string' };
	if (typeof type !== 'string' || !type) return { ok: false, reason: 'type must be a non-empty string' };
	if (!isPlainObject(session)) return { ok: false, reason: 'session must be an object' };
	if (!isPlainObject(metadata)) return { ok: false, reason: 'metadata must be an object' };
	if (!isPlainObject(data)) return { ok: false, reason: 'data must be an object' };
	if (type === TOOL_CALL_TYPE && typeof data.name !== 'string') return { ok: false, reason: 'data.name (the tool) must be a string' };
	if (type === LLM_REPLY_TYPE && !Array.isArray(data.messages)) return { ok: false, reason: 'data.messages must be a list' };
	return { ok: true, envelope: { id, type, sequence: sequence as number, time: time as string, session, metadata, data } };
}

const CALL_TYPES: string[] = [TOOL_CALL_TYPE, LLM_REPLY_TYPE];

/**
 * The types a mode takes. Session Events takes every type that is not a call, so an event type a
 * newer worker adds still arrives (Event Types can filter it).
 */
export function expectedTypes(mode: TriggerMode): string[] {
	if (mode === 'toolCall') return [TOOL_CALL_TYPE];
	if (mode === 'llmReply') return [LLM_REPLY_TYPE];
	return [...SESSION_EVENT_TYPES];
}

export function modeTakes(mode: TriggerMode, type: string): boolean {
	return mode === 'events' ? !CALL_TYPES.includes(type) : expectedTypes(mode).includes(type);
}

/** The content of the last `user` message, or null. */
function lastUserMessage(messages: unknown[]): string | null {
	for (let index = messages.length - 1; index >= 0; index--) {
		const message = messages[index];
		if (isPlainObject(message) && message.role === 'user') return typeof message.content === 'string' ? message.content : null;
	}
	return null;
}

/**
 * The emitted item's JSON: the envelope, then fields to map without digging into `data`:
 * - every mode: `roomName` (session.roomName, joins the Create output's row);
 * - events: `eventType`;
 * - tool calls: `tool`, `toolArguments`, `callId` (not `arguments`: n8n expressions refuse to read a
 *   property of that name, "Cannot access "arguments" due to security concerns");
 * - LLM turns: `messages`, `lastUserMessage`.
 */
export function itemJson(mode: TriggerMode, envelope: Envelope): IDataObject {
	const roomName = typeof envelope.session.roomName === 'string' ? envelope.session.roomName : null;
	const { data } = envelope;
	if (mode === 'toolCall') return { ...envelope, roomName, tool: data.name, toolArguments: data.arguments ?? {}, callId: data.callId ?? null };
	if (mode === 'llmReply') {
		const messages = data.messages as unknown[];
		return { ...envelope, roomName, messages: messages as IDataObject[], lastUserMessage: lastUserMessage(messages) };
	}
	return { ...envelope, roomName, eventType: envelope.type };
}
