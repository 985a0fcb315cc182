import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { ItemResult, SendContext } from '../../../shared/runner';
import { protofaceRequest, segment } from '../../transport';
import { prepareSessionId, sessionIdProperty, sessionResult } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['get'] } }, [sessionIdProperty]);

export const prepare = prepareSessionId;

export async function send(this: IExecuteFunctions, { sessionId }: { sessionId: string }, context: SendContext): Promise<ItemResult> {
	return sessionResult(await protofaceRequest.call(this, { method: 'GET', path: `/v1/sessions/${segment(sessionId)}` }, context));
}
