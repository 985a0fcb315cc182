/**
 * "Wait Until Running": a new session starts `queued`/`created`; this polls Get until a worker has it
 * running (first_frame_at follows) or it reached a terminal status. Every poll goes through the shared
 * transport, so a 429/503 during the wait is retried like any other call.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { TERMINAL_STATUSES } from '../../../../src/vendors/protoface';
import type { SendContext } from '../../../shared/runner';
import type { ApiResponse } from '../../../shared/transport/http';
import { abortableSleep } from '../../../shared/transport/retry';
import { asObject } from '../../rows';
import { protofaceRequest, segment } from '../../transport';

export interface WaitOptions {
	intervalMs: number;
	timeoutMs: number;
}

export interface WaitResult {
	response: ApiResponse;
	waitedMs: number;
}

const statusOf = (response: ApiResponse) => String(asObject(response.body).status ?? 'unknown');
const isSettled = (status: string) => status === 'running' || TERMINAL_STATUSES.includes(status);

function operationError(fn: IExecuteFunctions, itemIndex: number, message: string, code: string, description: string) {
	const error = new NodeOperationError(fn.getNode(), message, { itemIndex, description });
	error.context.code = code;
	return error;
}

export async function waitUntilRunning(
	this: IExecuteFunctions,
	created: ApiResponse,
	options: WaitOptions,
	context: SendContext,
): Promise<WaitResult> {
	const id = String(asObject(created.body).id ?? '');
	const started = Date.now();
	const deadline = started + options.timeoutMs;
	const signal = context.settings.signal;
	let response = created;

	while (!isSettled(statusOf(response))) {
		if (!id) {
			throw operationError(this, context.itemIndex, 'Protoface returned no session id to wait on', 'missing_session_id', 'Turn off Wait Until Running and check the Raw Response');
		}
		const left = deadline - Date.now();
		if (left <= 0) {
			throw operationError(
				this,
				context.itemIndex,
				`Protoface session ${id} is still "${statusOf(response)}" after ${Math.round(options.timeoutMs / 1000)} s (Wait Timeout)`,
				'wait_timeout',
				'The session was created and may still start; it counts against your concurrency cap until it ends. End it with Session → End, or raise Wait Timeout.',
			);
		}
		await abortableSleep(Math.min(options.intervalMs, left), signal);
		if (signal?.aborted) {
			throw operationError(this, context.itemIndex, `Stopped waiting for Protoface session ${id}: the execution was cancelled or another item failed`, 'wait_cancelled', 'The session was created; end it with Session → End if it is not needed');
		}
		response = await protofaceRequest.call(this, { method: 'GET', path: `/v1/sessions/${segment(id)}` }, context);
	}

	const session = asObject(response.body);
	if (session.status === 'failed') {
		const failure = asObject(session.failure);
		throw operationError(
			this,
			context.itemIndex,
			`Protoface session ${id} failed [${String(failure.code ?? 'unknown')}]: ${String(failure.message ?? 'no failure message')}`,
			String(failure.code ?? 'session_failed'),
			'The worker could not run the session; the failure code says why (check the avatar and the LiveKit room and token)',
		);
	}
	return { response, waitedMs: Date.now() - started };
}
