import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { createSessionSchema, exclusiveConflict, type ExclusivePair } from '../../../../src/vendors/vapi';
import { readBodySource } from '../../../shared/bodyInput';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { jsonObjectParameter, validateBody, vapiRequest } from '../../transport';
import { bodyFieldProperties, sessionBodyFromFields } from './createFields';

type BodySource = 'fields' | 'json' | 'inputField';

const properties: INodeProperties[] = [
	{
		displayName: 'Session Source',
		name: 'bodySource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Fields Below', value: 'fields', description: 'Set each field; expressions can read the input item' },
			{ name: 'Input Item Field', value: 'inputField', description: 'Take the whole session body from a field of each input item, e.g. one prepared per CRM row' },
			{ name: 'JSON', value: 'json', description: 'Write the whole session body (CreateSessionDTO) as JSON' },
		],
		default: 'fields',
	},
	{
		displayName: 'Session (JSON)',
		name: 'sessionJson',
		type: 'json',
		default: '{\n  "assistantId": "",\n  "name": ""\n}',
		displayOptions: { show: { bodySource: ['json'] } },
		description: 'The session body as Vapi documents it: name, status, expirationSeconds, assistantId or assistant, assistantOverrides, squadId or squad, messages, customerId or customer, phoneNumberId or phoneNumber',
	},
	{
		displayName: 'Session Field',
		name: 'sessionField',
		type: 'string',
		default: 'session',
		displayOptions: { show: { bodySource: ['inputField'] } },
		description: 'Input item field (dotted path allowed, e.g. vapi.session) holding the session body as an object or JSON text',
	},
	...bodyFieldProperties.map((property) => ({ ...property, displayOptions: { show: { bodySource: ['fields'] } } })),
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, properties);

/** Field labels for the typed fields, to say in the user's words which one to keep. */
const PAIR_LABELS: Record<ExclusivePair['id'], { id: string; inline: string }> = {
	assistantId: { id: 'Assistant ID', inline: 'Assistant (JSON)' },
	squadId: { id: 'Squad ID', inline: 'Squad (JSON)' },
	customerId: { id: 'Customer ID', inline: 'Customer (JSON) / Customer fields' },
	phoneNumberId: { id: 'Phone Number ID', inline: 'Phone Number (JSON)' },
};

function conflictError(fn: IExecuteFunctions, pair: ExclusivePair, source: BodySource, itemIndex: number) {
	const message =
		source === 'fields'
			? `Set either "${PAIR_LABELS[pair.id].id}" or "${PAIR_LABELS[pair.id].inline}", not both: keep ${PAIR_LABELS[pair.id].id} to use the stored ${pair.noun}, or clear it to send the inline ${pair.noun}`
			: `The session body sets both "${pair.id}" and "${pair.inline}": keep "${pair.id}" to use the stored ${pair.noun}, or remove it to send the inline ${pair.noun}`;
	return fieldError(fn, pair.id, message, {
		itemIndex,
		description: `Vapi would silently ignore "${pair.inline}" when "${pair.id}" is set`,
	});
}

function rawBody(fn: IExecuteFunctions, source: BodySource, itemIndex: number): IDataObject {
	const body = readBodySource(fn, itemIndex, {
		jsonParameter: 'sessionJson',
		fieldParameter: 'sessionField',
		fieldLabel: 'Session Field',
		what: 'session body',
		fromFields: sessionBodyFromFields,
	});
	const [name, label] = source === 'json' ? ['sessionJson', 'Session (JSON)'] : ['sessionField', 'Session Field'];
	return source === 'fields' ? (body as IDataObject) : (jsonObjectParameter(fn, name, label, body, itemIndex) ?? {});
}

/** Reads the body from the chosen source, refuses both sides of a pair, then validates it with the schema. */
export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	const source = this.getNodeParameter('bodySource', itemIndex, 'fields') as BodySource;
	const body = rawBody(this, source, itemIndex);
	const conflict = exclusiveConflict(body);
	if (conflict) throw conflictError(this, conflict, source, itemIndex);
	return { body: validateBody(this, createSessionSchema, body, itemIndex) as IDataObject };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'POST', path: '/session', body }, context);
	return { raw, rows: [sessionRow(raw.body)] };
}
