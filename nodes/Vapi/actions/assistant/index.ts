import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteAssistant from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as update from './update.operation';

export { create, deleteAssistant, get, list, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['assistant'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a stored assistant', action: 'Create an assistant' },
			{ name: 'Delete', value: 'delete', description: 'Delete an assistant', action: 'Delete an assistant' },
			{ name: 'Get', value: 'get', description: 'Get an assistant', action: 'Get an assistant' },
			{ name: 'List', value: 'list', description: 'List assistants', action: 'List assistants' },
			{ name: 'Update', value: 'update', description: 'Change some fields of an assistant', action: 'Update an assistant' },
		],
		default: 'create',
	},
	...create.description,
	...deleteAssistant.description,
	...get.description,
	...list.description,
	...update.description,
];
