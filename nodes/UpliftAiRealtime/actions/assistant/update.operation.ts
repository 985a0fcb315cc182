import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { partialConfigProperties } from '../../../shared/configDescription';
import { requiredString } from '../../../shared/configInput';
import { readCloudConfigPatch } from '../cloudConfig';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { assistantRow } from '../../rows';
import { segment, upliftRequest } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Assistant ID', name: 'assistantId', type: 'string', default: '', required: true, description: 'ID of the assistant to change' },
	...partialConfigProperties(),
];

export const description = updateDisplayOptions({ show: { resource: ['assistant'], operation: ['update'] } }, properties);

interface Prepared {
	assistantId: string;
	body: IDataObject;
}

/** Sends only the parts of the configuration that change (UpliftAI merges them into the stored one). */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return {
		assistantId: requiredString(this, 'assistantId', 'Assistant ID', itemIndex),
		body: { config: readCloudConfigPatch.call(this, itemIndex) as IDataObject },
	};
}

export async function send(this: IExecuteFunctions, { assistantId, body }: Prepared, context: SendContext): Promise<ItemResult> {
	const raw = await upliftRequest.call(this, { method: 'POST', path: `/realtime-assistants/${segment(assistantId)}`, body }, context);
	const row = assistantRow(raw.body, body);
	return { raw, rows: [{ ...row, assistantId: row.assistantId ?? assistantId }] };
}
