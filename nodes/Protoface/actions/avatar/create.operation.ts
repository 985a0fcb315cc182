import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { encodeMultipart, imageTypeOf } from '../../multipart';
import { avatarRow } from '../../rows';
import { protofaceRequest } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'Custom Avatar', description: 'Display name of the new avatar; empty leaves it to the API, which names it "Custom Avatar"' },
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the PNG or JPEG portrait',
		description: 'Binary property of the input item holding the image',
	},
	{ displayName: 'Runtime Type', name: 'runtimeType', type: 'string', default: 'avtr1', description: 'Avatar runtime the image is prepared for' },
];

export const description = updateDisplayOptions({ show: { resource: ['avatar'], operation: ['create'] } }, properties);

interface Prepared {
	/** Undefined: not sent, so the API's default name applies. */
	name: string | undefined;
	runtimeType: string;
	image: { data: Buffer; contentType: string; fileName: string };
}

/** The binary through n8n's own helper (it knows every binary data mode), failing the item naming the field. */
function inputBinary(fn: IExecuteFunctions, itemIndex: number, property: string) {
	try {
		return fn.helpers.assertBinaryData(itemIndex, property);
	} catch (error) {
		throw fieldError(fn, 'binaryPropertyName', `Input item ${itemIndex + 1} has no binary field "${property}"`, {
			itemIndex,
			description: `Set "Input Binary Field" to the binary property holding the PNG or JPEG image (e.g. from Read Binary File or HTTP Request). ${(error as Error).message}`,
		});
	}
}

/** Reads the image and checks it is PNG or JPEG, so a wrong file never reaches the API. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const name = String(this.getNodeParameter('name', itemIndex, '') ?? '').trim() || undefined;
	const property = requiredString(this, 'binaryPropertyName', 'Input Binary Field', itemIndex);
	const binary = inputBinary(this, itemIndex, property);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const contentType = imageTypeOf(data);
	if (!contentType) {
		throw fieldError(this, 'binaryPropertyName', `The image in binary field "${property}" must be PNG or JPEG, got ${binary.mimeType || 'an unknown type'}${binary.fileName ? ` (${binary.fileName})` : ''}`, { itemIndex });
	}
	const runtimeType = String(this.getNodeParameter('runtimeType', itemIndex, 'avtr1') ?? '').trim() || 'avtr1';
	const fileName = binary.fileName || (contentType === 'image/png' ? 'avatar.png' : 'avatar.jpg');
	return { name, runtimeType, image: { data, contentType, fileName } };
}

/** POST /v1/avatars as multipart/form-data; answered 202: the avatar starts in status processing. */
export async function send(this: IExecuteFunctions, item: Prepared, context: SendContext): Promise<ItemResult> {
	const fields: Array<[string, string]> = item.name === undefined ? [] : [['name', item.name]];
	const rawBody = encodeMultipart([...fields, ['runtime_type', item.runtimeType]], [{ name: 'image', ...item.image }]);
	const raw = await protofaceRequest.call(this, { method: 'POST', path: '/v1/avatars', rawBody }, context);
	return { raw, rows: [avatarRow(raw.body)] };
}
