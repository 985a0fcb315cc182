import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteSession from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as update from './update.operation';

export { create, deleteSession, get, list, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a session that keeps its conversation across calls and chats', action: 'Create a session' },
			{ name: 'Delete', value: 'delete', description: 'Delete a session', action: 'Delete a session' },
			{ name: 'Get', value: 'get', description: 'Get a session', action: 'Get a session' },
			{ name: 'List', value: 'list', description: 'List sessions, filtered and page by page', action: 'List sessions' },
			{ name: 'Update', value: 'update', description: 'Change the name, status, expiration or messages of a session', action: 'Update a session' },
		],
		default: 'create',
	},
	...create.description,
	...deleteSession.description,
	...get.description,
	...list.description,
	...update.description,
];
