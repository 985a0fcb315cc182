import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { commonProperties } from '../shared/descriptions';
import { usableAsTool } from '../shared/tool';
import * as assistant from './actions/assistant';
import { router } from './actions/router';
import * as session from './actions/session';
import { vapiApiTest } from './methods/credentialTest';

export class Vapi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vapi',
		name: 'vapi',
		icon: 'file:../../icons/vapi.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create Vapi voice assistants and sessions, e.g. one personalised session per record',
		defaults: { name: 'Vapi' },
		// The Tool variant's single ai_tool output is labelled "Tool", not "Result" (see shared/tool.ts).
		usableAsTool: usableAsTool(),
		inputs: ['main'],
		// Result, plus the input items passed through so configuration items chain on to the next node.
		outputs: ['main', 'main'],
		outputNames: ['Result', 'Config'],
		credentials: [{ name: 'vapiApi', required: true, testedBy: 'vapiApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Assistant', value: 'assistant' },
					{ name: 'Session', value: 'session' },
				],
				default: 'session',
			},
			...assistant.description,
			...session.description,
			...commonProperties,
		],
	};

	methods = { credentialTest: { vapiApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
