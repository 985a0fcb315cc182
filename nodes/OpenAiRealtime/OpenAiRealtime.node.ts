import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { commonProperties } from '../shared/descriptions';
import { router } from './actions/router';
import * as session from './actions/session';
import { openAiRealtimeApiTest } from './methods/credentialTest';

export class OpenAiRealtime implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OpenAI Realtime',
		name: 'openAiRealtime',
		icon: 'file:../../icons/openaiRealtime.svg',
		group: ['transform'],
		version: 1,
		// "createClientSecret" → "Create Client Secret" (all operations start with "create").
		subtitle: '={{ $parameter["operation"].replace(/([A-Z])/g, " $1").replace(/^c/, "C") }}',
		description: 'Create ephemeral client secrets for OpenAI Realtime sessions',
		defaults: { name: 'OpenAI Realtime' },
		usableAsTool: true,
		inputs: ['main'],
		// Result, plus the input items passed through so configuration items chain on to the next node.
		outputs: ['main', 'main'],
		outputNames: ['Result', 'Config'],
		credentials: [{ name: 'openAiRealtimeApi', required: true, testedBy: 'openAiRealtimeApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Realtime Session', value: 'session' }],
				default: 'session',
			},
			...session.description,
			...commonProperties,
		],
	};

	methods = { credentialTest: { openAiRealtimeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
