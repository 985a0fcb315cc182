import { updateDisplayOptions, type IExecuteFunctions, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { segment, upliftRequest } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Session ID', name: 'sessionId', type: 'string', default: '', required: true, description: 'ID of the session to read' },
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['get'] } }, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	return { sessionId: requiredString(this, 'sessionId', 'Session ID', itemIndex) };
}

/** Columns: sessionId, then every field UpliftAI returns (nested ones as dotted columns). */
export async function send(this: IExecuteFunctions, { sessionId }: { sessionId: string }, context: SendContext): Promise<ItemResult> {
	const raw = await upliftRequest.call(this, { method: 'GET', path: `/realtime-assistants/sessions/${segment(sessionId)}` }, context);
	const body = (raw.body && typeof raw.body === 'object' ? raw.body : {}) as IDataObject;
	return { raw, rows: [{ sessionId: body.id ?? body.sessionId ?? sessionId, ...body }] };
}
