import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export { create, del as delete, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['avatar'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create an avatar from a PNG or JPEG portrait', action: 'Create an avatar' },
			{ name: 'Delete', value: 'delete', description: 'Delete one of your avatars', action: 'Delete an avatar' },
			{ name: 'Get', value: 'get', description: 'Get an avatar', action: 'Get an avatar' },
			{ name: 'List', value: 'list', description: 'List avatars', action: 'List avatars' },
		],
		default: 'list',
	},
	...create.description,
	...del.description,
	...get.description,
	...list.description,
];
