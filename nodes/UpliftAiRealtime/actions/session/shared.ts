/** Parameters and body shared by the three ways to create an UpliftAI session. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';

export const assistantIdProperty: INodeProperties = {
	displayName: 'Assistant ID',
	name: 'assistantId',
	type: 'string',
	default: '',
	required: true,
	description: 'ID of the stored realtime assistant',
};

export const participantProperties: INodeProperties[] = [
	{
		displayName: 'Participant Name',
		name: 'participantName',
		type: 'string',
		default: '',
		required: true,
		description: 'Display name of the user in the session',
	},
	{
		displayName: 'Room Name',
		name: 'roomName',
		type: 'string',
		default: '',
		description: 'Custom room name; UpliftAI generates a unique one when empty',
	},
];

export function participantBody(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const body: IDataObject = { participantName: requiredString(fn, 'participantName', 'Participant Name', itemIndex) };
	const roomName = (fn.getNodeParameter('roomName', itemIndex, '') as string).trim();
	if (roomName) body.roomName = roomName;
	return body;
}

/** A session for a stored assistant: the same request for Create and Create Public. */
export interface StoredSessionRequest {
	assistantId: string;
	body: IDataObject;
}

export function prepareStoredSession(this: IExecuteFunctions, itemIndex: number): StoredSessionRequest {
	return {
		assistantId: requiredString(this, 'assistantId', 'Assistant ID', itemIndex),
		body: participantBody(this, itemIndex),
	};
}
