/**
 * "Wait Until Running": a new session starts `queued`/`created`; this polls Get until a worker has it
 * running (first_frame_at follows) or it reached a terminal status. Every poll goes through the shared
 * transport, so a 429/503 during the wait is retried like any other call, but within the Wait
 * Timeout: each poll's timeout and retry budget are cut to the time left. The wait runs inside the
 * item's concurrency slot, which bounds how many sessions are polled at once.
 *
 * Anything that goes wrong after the session was created names it (message and `context.sessionId`,
 * which the runner copies into the error row), so it can be ended or looked at.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { TERMINAL_STATUSES } from '../../../../src/vendors/protoface';
import { asObject } from '../../../shared/objects';
import type { SendContext } from '../../../shared/runner';
import type { ApiResponse } from '../../../shared/transport/http';
import { abortableSleep } from '../../../shared/transport/retry';
import { protofaceRequest, segment } from '../../transport';

export interface WaitOptions {
	intervalMs: number;
	timeoutMs: number;
}

export interface WaitResult {
	response: ApiResponse;
	waitedMs: number;
}

type NodeError = Error & { description?: string | null; context: IDataObject };

const statusOf = (response: ApiResponse) => String(asObject(response.body).status ?? 'unknown');
const isSettled = (status: string) => status === 'running' || TERMINAL_STATUSES.includes(status);
const seconds = (ms: number) => `${Math.round(ms) / 1000} s`;

const STILL_RUNS = 'The session may still start and counts against your concurrency cap until it ends: end it with Session → End if it is not needed.';

/** Names the session in an error, in place: "Protoface session sess_… was created but …". */
function namingSession<E extends NodeError>(error: E, sessionId: string, idempotencyKey: string, what: string, note = STILL_RUNS): E {
	error.message = `Protoface session ${sessionId} was created but ${what}`;
	error.description = [error.description, note].filter(Boolean).join(' · ');
	Object.assign(error.context, { sessionId, idempotencyKey });
	return error;
}

function sessionError(fn: IExecuteFunctions, itemIndex: number, code: string) {
	const error = new NodeOperationError(fn.getNode(), 'session error', { itemIndex });
	error.context.code = code;
	return error as NodeOperationError & NodeError;
}

export async function waitUntilRunning(
	this: IExecuteFunctions,
	created: ApiResponse,
	idempotencyKey: string,
	options: WaitOptions,
	context: SendContext,
): Promise<WaitResult> {
	const id = String(asObject(created.body).id ?? '');
	const { itemIndex, settings } = context;
	const started = Date.now();
	const deadline = started + options.timeoutMs;
	const signal = settings.signal;
	let response = created;

	const timedOut = () =>
		namingSession(sessionError(this, itemIndex, 'wait_timeout'), id, idempotencyKey, `is still "${statusOf(response)}" after ${seconds(options.timeoutMs)} (Wait Timeout)`, `${STILL_RUNS} Or raise Wait Timeout.`);
	const cancelled = () =>
		namingSession(sessionError(this, itemIndex, 'wait_cancelled'), id, idempotencyKey, 'waiting for it stopped: the execution was cancelled or another item failed');

	while (!isSettled(statusOf(response))) {
		if (!id) {
			const error = sessionError(this, itemIndex, 'missing_session_id');
			error.message = 'Protoface created a session but returned no session id to wait on';
			error.description = 'Turn off Wait Until Running and check the Raw Response';
			throw error;
		}
		const left = deadline - Date.now();
		if (left <= options.intervalMs) {
			// A check now would start at the deadline with no time left to answer: wait out the timeout.
			await abortableSleep(Math.max(0, left), signal);
			throw signal?.aborted ? cancelled() : timedOut();
		}
		await abortableSleep(options.intervalMs, signal);
		if (signal?.aborted) throw cancelled();
		const remaining = Math.max(1, deadline - Date.now());
		const bounded: SendContext = {
			itemIndex,
			settings: {
				...settings,
				timeoutMs: Math.min(settings.timeoutMs, remaining),
				retry: { ...settings.retry, maxTotalWaitMs: Math.min(settings.retry.maxTotalWaitMs, remaining) },
			},
		};
		try {
			response = await protofaceRequest.call(this, { method: 'GET', path: `/v1/sessions/${segment(id)}` }, bounded);
		} catch (error) {
			if (signal?.aborted) throw cancelled();
			if (Date.now() >= deadline) throw timedOut();
			const reason = (error as Error).message;
			throw namingSession(error as NodeError, id, idempotencyKey, `polling it failed: ${reason}`);
		}
	}

	const session = asObject(response.body);
	if (session.status === 'failed') {
		const failure = asObject(session.failure);
		const error = sessionError(this, itemIndex, String(failure.code ?? 'session_failed'));
		error.description = 'The worker could not run the session; the failure code says why (check the avatar and the LiveKit room and token)';
		throw namingSession(error, id, idempotencyKey, `failed [${String(failure.code ?? 'unknown')}]: ${String(failure.message ?? 'no failure message')}`, '');
	}
	return { response, waitedMs: Date.now() - started };
}
