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
import { liveKitApiTest } from './methods/credentialTest';

export class RealtimeVoice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Realtime Voice (LiveKit)',
		name: 'realtimeVoice',
		icon: 'file:../../icons/realtimeVoice.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Launch self-hosted realtime voice assistants on your own LiveKit server',
		defaults: { name: 'Realtime Voice' },
		// The Tool variant's single ai_tool output is labelled "Tool", not "Result" (see shared/tool.ts).
		usableAsTool: usableAsTool(),
		inputs: ['main'],
		// Result, plus the input items passed through so configuration items chain on to the next node.
		outputs: ['main', 'main'],
		outputNames: ['Result', 'Config'],
		credentials: [{ name: 'liveKitApi', required: true, testedBy: 'liveKitApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Session', value: 'session' }],
				default: 'session',
			},
			...session.description,
			...commonProperties,
		],
	};

	methods = { credentialTest: { liveKitApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
