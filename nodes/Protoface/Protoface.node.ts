import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { commonProperties } from '../shared/descriptions';
import * as avatar from './actions/avatar';
import { router } from './actions/router';
import * as session from './actions/session';
import * as usage from './actions/usage';
import { protofaceApiTest } from './methods/credentialTest';

export class Protoface implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Protoface',
		name: 'protoface',
		icon: 'file:../../icons/protoface.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Start realtime avatar sessions in your LiveKit room and manage Protoface avatars',
		defaults: { name: 'Protoface' },
		usableAsTool: true,
		inputs: ['main'],
		// Result, plus the input items passed through so configuration items chain on to the next node.
		outputs: ['main', 'main'],
		outputNames: ['Result', 'Config'],
		credentials: [
			{ name: 'protofaceApi', required: true, testedBy: 'protofaceApiTest' },
			{
				// Only to mint the worker token; Protoface itself never receives the LiveKit key or secret.
				name: 'liveKitApi',
				required: false,
				displayOptions: { show: { resource: ['session'], operation: ['create'], workerTokenSource: ['mint'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Avatar', value: 'avatar' },
					{ name: 'Session', value: 'session' },
					{ name: 'Usage', value: 'usage' },
				],
				default: 'session',
			},
			...avatar.description,
			...session.description,
			...usage.description,
			...commonProperties,
		],
	};

	methods = { credentialTest: { protofaceApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
