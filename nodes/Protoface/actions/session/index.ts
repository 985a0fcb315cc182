import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as end from './end.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export { create, end, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Start an avatar session in your LiveKit room', action: 'Create a session' },
			{ name: 'End', value: 'end', description: 'End or cancel a session', action: 'End a session' },
			{ name: 'Get', value: 'get', description: 'Get a session', action: 'Get a session' },
			{ name: 'List', value: 'list', description: 'List sessions, filtered by status, avatar and creation time', action: 'List sessions' },
		],
		default: 'create',
	},
	...create.description,
	...end.description,
	...get.description,
	...list.description,
];
