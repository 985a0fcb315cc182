import type { INodeProperties } from 'n8n-workflow';

export const roomNameProperty: INodeProperties = {
	displayName: 'Room Name',
	name: 'roomName',
	type: 'string',
	default: '',
	required: true,
	description: 'Room of the session, as returned by Create',
};
