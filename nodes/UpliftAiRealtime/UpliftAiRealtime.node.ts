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
import { upliftAiApiTest } from './methods/credentialTest';

export class UpliftAiRealtime implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'UpliftAI Realtime',
		name: 'upliftAiRealtime',
		icon: 'file:../../icons/upliftai.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create UpliftAI realtime voice assistants and sessions',
		defaults: { name: 'UpliftAI Realtime' },
		// The Tool variant's single ai_tool output is labelled "Tool", not "Result" (see shared/tool.ts).
		usableAsTool: usableAsTool(),
		inputs: ['main'],
		// Result, plus the input items passed through so configuration items chain on to the next node.
		outputs: ['main', 'main'],
		outputNames: ['Result', 'Config'],
		credentials: [
			{
				name: 'upliftAiApi',
				required: true,
				testedBy: 'upliftAiApiTest',
				displayOptions: { hide: { operation: ['createPublic'] } },
			},
		],
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

	methods = { credentialTest: { upliftAiApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
