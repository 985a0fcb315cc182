import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { UPLIFTAI_ASSISTANT_ANSWER } from '../../../../src/vendors/answers';
import { completeConfigProperties } from '../../../shared/configDescription';
import { requiredString } from '../../../shared/configInput';
import { readCloudConfig } from '../cloudConfig';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { assistantRow } from '../../rows';
import { upliftRequest } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, description: 'Name of the assistant' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What the assistant is for' },
	{
		displayName: 'Public',
		name: 'public',
		type: 'boolean',
		default: false,
		description: 'Whether sessions can be created without an API key (Session → Create Public), e.g. for a website widget',
	},
	...completeConfigProperties(),
];

export const description = updateDisplayOptions({ show: { resource: ['assistant'], operation: ['create'] } }, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	const body: IDataObject = {
		name: requiredString(this, 'name', 'Name', itemIndex),
		public: this.getNodeParameter('public', itemIndex, false) as boolean,
		config: readCloudConfig.call(this, itemIndex) as IDataObject,
	};
	const text = (this.getNodeParameter('description', itemIndex, '') as string).trim();
	if (text) body.description = text;
	return { body };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await upliftRequest.call(this, { method: 'POST', path: '/realtime-assistants', body, expect: UPLIFTAI_ASSISTANT_ANSWER }, context);
	return { raw, rows: [assistantRow(raw.body, body)] };
}
