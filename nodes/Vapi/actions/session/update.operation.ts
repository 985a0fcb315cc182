import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { updateSessionSchema } from '../../../../src/vendors/vapi';
import { requiredString } from '../../../shared/configInput';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { compact, jsonParameter, segment, validateBody, vapiRequest } from '../../transport';
import { expirationProperty, messagesProperty, numberOrText, sessionIdProperty, statusProperty } from './shared';

const properties: INodeProperties[] = [
	sessionIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			expirationProperty,
			messagesProperty,
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'New name for the session, at most 40 characters' },
			statusProperty,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['update'] } }, properties);

interface Prepared {
	sessionId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const sessionId = requiredString(this, 'sessionId', 'Session ID', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = compact({
		name: fields.name,
		status: fields.status,
		expirationSeconds: numberOrText(fields.expirationSeconds),
		messages: jsonParameter(this, 'messages', 'Messages (JSON)', fields.messages, itemIndex),
	});
	if (Object.keys(body).length === 0) {
		throw fieldError(this, 'updateFields', 'Nothing to update: add at least one field under "Update Fields" (Name, Status, Expiration (Seconds) or Messages (JSON))', { itemIndex });
	}
	return { sessionId, body: validateBody(this, updateSessionSchema, body, itemIndex) as IDataObject };
}

export async function send(this: IExecuteFunctions, { sessionId, body }: Prepared, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'PATCH', path: `/session/${segment(sessionId)}`, body }, context);
	return { raw, rows: [sessionRow(raw.body)] };
}
