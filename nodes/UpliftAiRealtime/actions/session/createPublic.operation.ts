import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { UPLIFTAI_SESSION_ANSWER } from '../../../../src/vendors/answers';
import { UPLIFTAI_DEFAULT_BASE_URL } from '../../../../src/config/providers';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { segment, upliftPublicRequest } from '../../transport';
import { assistantIdProperty, participantProperties, prepareStoredSession, type StoredSessionRequest } from './shared';

const properties: INodeProperties[] = [
	assistantIdProperty,
	...participantProperties,
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: UPLIFTAI_DEFAULT_BASE_URL,
		description: 'UpliftAI API endpoint. Public sessions send no API key, so no credential is used.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['createPublic'] } }, properties);

export const prepare = prepareStoredSession;

export async function send(this: IExecuteFunctions, { assistantId, body }: StoredSessionRequest, context: SendContext): Promise<ItemResult> {
	const path = `/realtime-assistants/${segment(assistantId)}/createPublicSession`;
	const raw = await upliftPublicRequest.call(this, { method: 'POST', path, body, expect: UPLIFTAI_SESSION_ANSWER }, context);
	const row = sessionRow(raw.body, { participantName: body.participantName as string, assistantId, mode: 'public' });
	return { raw, rows: [row] };
}
