import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as update from './update.operation';

export { create, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['assistant'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a stored assistant', action: 'Create an assistant' },
			{ name: 'Update', value: 'update', description: 'Change part of an assistant configuration', action: 'Update an assistant' },
		],
		default: 'create',
	},
	{
		displayName:
			'UpliftAI documents no endpoint to get, list or delete assistants, so those are managed in the UpliftAI dashboard',
		name: 'assistantNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['assistant'] } },
	},
	...create.description,
	...update.description,
];
