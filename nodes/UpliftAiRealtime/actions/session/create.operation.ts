import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { UPLIFTAI_SESSION_ANSWER } from '../../../../src/vendors/answers';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { segment, upliftRequest } from '../../transport';
import { assistantIdProperty, participantProperties, prepareStoredSession, type StoredSessionRequest } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, [
	assistantIdProperty,
	...participantProperties,
] as INodeProperties[]);

export const prepare = prepareStoredSession;

export async function send(this: IExecuteFunctions, { assistantId, body }: StoredSessionRequest, context: SendContext): Promise<ItemResult> {
	const path = `/realtime-assistants/${segment(assistantId)}/createSession`;
	const raw = await upliftRequest.call(this, { method: 'POST', path, body, expect: UPLIFTAI_SESSION_ANSWER }, context);
	const row = sessionRow(raw.body, { participantName: body.participantName as string, assistantId, mode: 'assistant' });
	return { raw, rows: [row] };
}
