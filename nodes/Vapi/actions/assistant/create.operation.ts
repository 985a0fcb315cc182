import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { answerWithId } from '../../../../src/vendors/answers';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { assistantRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { additionalJsonProperty, assistantBody, firstMessageProperty, nameProperty, typedFieldOptions } from './fields';

const properties: INodeProperties[] = [
	nameProperty,
	firstMessageProperty,
	{ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: typedFieldOptions },
	additionalJsonProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['assistant'], operation: ['create'] } }, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	const values: IDataObject = {
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		name: this.getNodeParameter('name', itemIndex, '') as string,
		firstMessage: this.getNodeParameter('firstMessage', itemIndex, '') as string,
	};
	return { body: assistantBody(this, values, itemIndex) };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'POST', path: '/assistant', body, expect: answerWithId('an assistant') }, context);
	return { raw, rows: [assistantRow(raw.body)] };
}
