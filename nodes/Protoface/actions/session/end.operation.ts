import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { ItemResult, SendContext } from '../../../shared/runner';
import { protofaceRequest, segment } from '../../transport';
import { prepareSessionId, sessionIdProperty, sessionResult } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['end'] } }, [sessionIdProperty]);

export const prepare = prepareSessionId;

/** Idempotent on the API side: a session not started yet becomes canceled, a running one ending → ended. */
export async function send(this: IExecuteFunctions, { sessionId }: { sessionId: string }, context: SendContext): Promise<ItemResult> {
	return sessionResult(await protofaceRequest.call(this, { method: 'POST', path: `/v1/sessions/${segment(sessionId)}/end` }, context));
}
