import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { commonProperties } from '../shared/descriptions';
import { usableAsTool } from '../shared/tool';
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
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create ephemeral client secrets for OpenAI Realtime sessions',
		defaults: { name: 'OpenAI Realtime' },
		// The Tool variant's single ai_tool output is labelled "Tool", not "Result" (see shared/tool.ts).
		usableAsTool: usableAsTool(),
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
