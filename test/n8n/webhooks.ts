/**
 * Requests to the Realtime Voice Trigger as the worker sends them (the envelope of src/events/types.ts,
 * signed with src/events/signing.ts over the exact bytes sent), and what the real n8n made of them
 * (its executions, read over the REST API).
 */
import { join } from 'node:path';

import { N8nApi, type ExecutionSummary } from '../../scripts/n8n/rest';
import { newRequestId, signedHeaders } from '../../src/events/signing';
import type { Envelope, SessionEventData, SessionRef } from '../../src/events/types';
import type { N8nTestState } from './state';

export const api = (state: N8nTestState) => new N8nApi(state.url, state.cookie);

/** A Realtime Voice Trigger's production URL: `<n8n>/webhook/<webhookId>/realtime-voice`. */
export const triggerUrl = (state: N8nTestState, webhookId: string) => `${state.url}/webhook/${webhookId}/realtime-voice`;

export const TEST_SESSION: SessionRef = {
	roomName: 'crm-7e57a11d-1764510000',
	roomSid: 'RM_test7e57a11d',
	participantIdentity: 'user-7e57a11d0000',
	participantName: 'Ada Lovelace',
	agentName: 'n8n-realtime-voice',
	jobId: 'AJ_test7e57a11d',
};

/** One request body with a fresh id, as the worker builds it. */
export function envelope<Type extends string, Data>(type: Type, data: Data, overrides: Partial<Envelope<Type, Data>> = {}): Envelope<Type, Data> {
	return { id: newRequestId(), type, sequence: 1, time: new Date().toISOString(), session: TEST_SESSION, metadata: {}, data, ...overrides };
}

/** A `session.ended` with a short conversation: greeting, one user turn, one reply. */
export function sessionEnded(overrides: Partial<Envelope<'session.ended', SessionEventData['session.ended']>> = {}) {
	const at = (second: number) => new Date(Date.UTC(2026, 10, 30, 14, 0, second)).toISOString();
	return envelope(
		'session.ended',
		{
			reason: 'user_left',
			startedAt: at(1),
			endedAt: at(40),
			durationSeconds: 39,
			transcript: [
				{ role: 'assistant', text: 'Hello Ada, thanks for calling.', startedAt: at(2), endedAt: at(4), interrupted: false },
				{ role: 'user', text: 'Where is my order?', startedAt: at(6), endedAt: at(8), interrupted: false },
				{ role: 'assistant', text: 'It shipped yesterday.', startedAt: at(9), endedAt: at(11), interrupted: false },
			],
			usage: { sttAudioSeconds: 2.5, llmPromptTokens: 120, llmCompletionTokens: 12, ttsCharacters: 51 },
			latency: { turns: [{ turn: 2, kind: 'reply', turnToFirstAudioMs: 820 }], p50Ms: 820, p95Ms: 820 },
		},
		{ sequence: 3, ...overrides },
	);
}

/**
 * POSTs `body` signed with `secret` exactly as the worker does (`signedHeaders` over the bytes sent).
 * `nowMs` signs as of another time (a replay); `text` sends other bytes than were signed.
 */
export async function postSigned(url: string, secret: string, body: { id: string; type: string }, options: { nowMs?: number; text?: string } = {}) {
	const bytes = JSON.stringify(body);
	const response = await fetch(url, { method: 'POST', headers: signedHeaders(secret, bytes, { id: body.id, type: body.type, nowMs: options.nowMs }), body: options.text ?? bytes });
	const text = await response.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json, headers: response.headers };
}

/** Waits until `check` holds for the workflow's executions (newest first), and returns them. */
export async function waitForExecutions(state: N8nTestState, workflowId: string, check: (executions: ExecutionSummary[]) => boolean, timeoutMs = 15_000): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await api(state).executions(workflowId);
		if (check(executions) && executions.every((execution) => execution.status !== 'running' && execution.status !== 'new')) return executions;
		if (Date.now() > deadline) throw new Error(`executions of ${workflowId} not as expected within ${timeoutMs} ms: ${JSON.stringify(executions.slice(0, 5))}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** node name → first run's first output items, of one execution (n8n keeps run data in its `flatted` form). */
export async function executionOutputs(state: N8nTestState, executionId: string): Promise<Record<string, Array<{ json: Record<string, any> }>>> {
	// n8n's own copy of flatted, the one that wrote the data.
	const flatted = require(join(state.runtime.dir, 'app/node_modules/flatted')) as { parse(text: string): any };
	const execution = await api(state).execution(executionId);
	const data = flatted.parse(execution.data) as { resultData: { runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, any> }>> } }>> } };
	const outputs: Record<string, Array<{ json: Record<string, any> }>> = {};
	for (const [node, runs] of Object.entries(data.resultData.runData)) outputs[node] = runs[0]?.data?.main?.[0] ?? [];
	return outputs;
}

/**
 * The executions of `workflowId` that a given request started: those whose trigger node emitted the
 * item with that request `id` (other requests may reach the same workflow meanwhile, e.g. a worker's
 * session.ended from another test file). Waits until `count` of them have finished.
 */
export async function executionsOf(state: N8nTestState, workflowId: string, trigger: string, requestId: string, count: number, timeoutMs = 15_000): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	const checked = new Map<string, boolean>();
	for (;;) {
		const finished = (await api(state).executions(workflowId)).filter((execution) => execution.status !== 'running' && execution.status !== 'new');
		for (const execution of finished) {
			if (!checked.has(execution.id)) checked.set(execution.id, (await executionOutputs(state, execution.id))[trigger]?.[0]?.json.id === requestId);
		}
		const matching = finished.filter((execution) => checked.get(execution.id));
		if (matching.length >= count || Date.now() > deadline) return matching;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
