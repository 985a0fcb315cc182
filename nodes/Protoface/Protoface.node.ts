import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { commonProperties } from '../shared/descriptions';
import { usableAsTool } from '../shared/tool';
import * as avatar from './actions/avatar';
import { router } from './actions/router';
import * as session from './actions/session';
import * as usage from './actions/usage';
import { protofaceApiTest } from './methods/credentialTest';

const RESOURCES: INodePropertyOptions[] = [
	{ name: 'Avatar', value: 'avatar' },
	{ name: 'Session', value: 'session' },
	{ name: 'Usage', value: 'usage' },
];

const valuesOf = (options: INodeProperties['options']) => ((options ?? []) as INodePropertyOptions[]).map((option) => option.value as string);
const sessionOperations = valuesOf(session.description.find((property) => property.name === 'operation')?.options);

/**
 * Where the LiveKit credential is hidden: every resource but Session, every Session operation but
 * Create, and a pasted worker token. Hide rules hide on any match (n8n-workflow `displayParameter`),
 * so the credential shows exactly for Session → Create → Mint.
 */
const LIVEKIT_CREDENTIAL_HIDDEN = {
	resource: valuesOf(RESOURCES).filter((value) => value !== 'session'),
	operation: sessionOperations.filter((value) => value !== 'create'),
	workerTokenSource: ['paste'],
};

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
		// The Tool variant's single ai_tool output is labelled "Tool", not "Result" (see shared/tool.ts).
		usableAsTool: usableAsTool(),
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
				// Shown for Session → Create with Worker Token Source "Mint" only, written as `hide` rules:
				// the editor draws the credential selectors just above the last parameter that any
				// credential names in `displayOptions.show` (n8n editor-ui ParameterInputList.vue,
				// `getCredentialsDependencies` / `indexToShowSlotAt`); `hide` does not move them, so they
				// stay above Resource, as on the other four nodes.
				displayOptions: { hide: LIVEKIT_CREDENTIAL_HIDDEN },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCES,
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
