import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createAdhoc from './createAdhoc.operation';
import * as createPublic from './createPublic.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export { create, createAdhoc, createPublic, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a session for a stored assistant', action: 'Create a session' },
			{ name: 'Create Ad-Hoc', value: 'createAdhoc', description: 'Create a session from a complete configuration, without storing an assistant', action: 'Create an ad hoc session' },
			{ name: 'Create Public', value: 'createPublic', description: 'Create a session for a public assistant, without an API key', action: 'Create a public session' },
			{ name: 'Get', value: 'get', description: 'Get a session', action: 'Get a session' },
			{ name: 'List', value: 'list', description: 'List the sessions of an assistant', action: 'List sessions of an assistant' },
		],
		default: 'createAdhoc',
	},
	...create.description,
	...createAdhoc.description,
	...createPublic.description,
	...get.description,
	...list.description,
];
