import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { listRows } from '../../rows';
import { segment, upliftRequest } from '../../transport';
import { assistantIdProperty } from './shared';

const properties: INodeProperties[] = [
	assistantIdProperty,
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['list'] } }, properties);

interface Prepared {
	assistantId: string;
	limit: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return {
		assistantId: requiredString(this, 'assistantId', 'Assistant ID', itemIndex),
		limit: this.getNodeParameter('limit', itemIndex, 50) as number,
	};
}

/** One row per session, each with the assistantId it belongs to. */
export async function send(this: IExecuteFunctions, { assistantId, limit }: Prepared, context: SendContext): Promise<ItemResult> {
	const path = `/realtime-assistants/${segment(assistantId)}/sessions`;
	const raw = await upliftRequest.call(this, { method: 'GET', path, qs: { limit } }, context);
	return { raw, rows: listRows(raw.body, assistantId) };
}
