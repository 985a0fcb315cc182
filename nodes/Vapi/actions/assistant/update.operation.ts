import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { pathSegment } from '../../../shared/transport/http';
import { assistantRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { additionalJsonProperty, assistantBody, assistantIdProperty, firstMessageProperty, nameProperty, typedFieldOptions } from './fields';

const updateFieldOptions = [...typedFieldOptions, nameProperty, firstMessageProperty].sort((a, b) => a.displayName.localeCompare(b.displayName));

const properties: INodeProperties[] = [
	assistantIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields set are changed. Vapi replaces the whole model object, so a model setting (Temperature, System Prompt, Model (JSON)) needs Model Provider and Model too.',
		options: updateFieldOptions,
	},
	additionalJsonProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['assistant'], operation: ['update'] } }, properties);

interface Prepared {
	assistantId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const assistantId = requiredString(this, 'assistantId', 'Assistant ID', itemIndex);
	const body = assistantBody(this, this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject, itemIndex);
	if (Object.keys(body).length === 0) {
		throw fieldError(this, 'updateFields', 'Nothing to update: add a field under "Update Fields" or set "Additional Fields (JSON)"', { itemIndex });
	}
	return { assistantId, body };
}

/** PATCH: Vapi changes only the top-level fields sent (each one replaced whole, e.g. `model`). */
export async function send(this: IExecuteFunctions, { assistantId, body }: Prepared, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'PATCH', path: `/assistant/${pathSegment(assistantId)}`, body }, context);
	return { raw, rows: [assistantRow(raw.body)] };
}
