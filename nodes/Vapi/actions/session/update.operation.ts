import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { updateSessionSchema } from '../../../../src/vendors/vapi';
import { requiredString } from '../../../shared/configInput';
import { fieldError } from '../../../shared/fieldError';
import { compact } from '../../../shared/objects';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { pathSegment } from '../../../shared/transport/http';
import { sessionRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { scalarText, validateBody, withNumbersAt } from '../input';
import { expirationProperty, messagesProperty, messagesValue, sessionIdProperty, statusProperty } from './shared';

const properties: INodeProperties[] = [
	sessionIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Clear Messages',
				name: 'clearMessages',
				type: 'boolean',
				default: false,
				description: 'Whether to delete the session\'s chat history (sends an empty message list); leave Messages (JSON) unset when using it',
			},
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

function messagesUpdate(fn: IExecuteFunctions, fields: IDataObject, itemIndex: number): unknown {
	const messages = messagesValue(fn, fields.messages, itemIndex);
	if (fields.clearMessages !== true) return messages;
	if (messages !== undefined) {
		throw fieldError(fn, 'clearMessages', 'Set either "Clear Messages" or "Messages (JSON)", not both: Clear Messages empties the history, Messages (JSON) replaces it', { itemIndex });
	}
	return [];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const sessionId = requiredString(this, 'sessionId', 'Session ID', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = compact({
		name: scalarText(fields.name),
		status: fields.status,
		expirationSeconds: fields.expirationSeconds,
		messages: messagesUpdate(this, fields, itemIndex),
	});
	if (Object.keys(body).length === 0) {
		throw fieldError(
			this,
			'updateFields',
			'Nothing to update: add at least one field under "Update Fields" (Name, Status, Expiration (Seconds), Messages (JSON) or Clear Messages)',
			{ itemIndex },
		);
	}
	return { sessionId, body: validateBody(this, updateSessionSchema, withNumbersAt(body, [['expirationSeconds']]), itemIndex) as IDataObject };
}

export async function send(this: IExecuteFunctions, { sessionId, body }: Prepared, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'PATCH', path: `/session/${pathSegment(sessionId)}`, body }, context);
	return { raw, rows: [sessionRow(raw.body)] };
}
