import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { segment, upliftRequest } from '../../transport';
import { assistantIdProperty, participantBody, participantProperties } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, [
	assistantIdProperty,
	...participantProperties,
] as INodeProperties[]);

interface Prepared {
	assistantId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return {
		assistantId: requiredString(this, 'assistantId', 'Assistant ID', itemIndex),
		body: participantBody(this, itemIndex),
	};
}

export async function send(this: IExecuteFunctions, { assistantId, body }: Prepared, context: SendContext): Promise<ItemResult> {
	const path = `/realtime-assistants/${segment(assistantId)}/createSession`;
	const raw = await upliftRequest.call(this, { method: 'POST', path, body }, context);
	const row = sessionRow(raw.body, { participantName: body.participantName as string, assistantId, mode: 'assistant' });
	return { raw, rows: [row] };
}
