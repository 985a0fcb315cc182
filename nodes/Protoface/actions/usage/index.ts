import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [{ name: 'Get', value: 'get', description: 'Get the usage summary of a billing period', action: 'Get usage' }],
		default: 'get',
	},
	...get.description,
];
