import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { answerWithId } from '../../../../src/vendors/answers';
import { createSessionSchema, exclusiveConflict, type ExclusivePair } from '../../../../src/vendors/vapi';
import { bodySourceProperties, jsonObjectParameter, readBodySource, type BodySource } from '../../../shared/bodyInput';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { validateBody, withNumbersAt } from '../input';
import { bodyFieldProperties, sessionBodyFromFields } from './createFields';

/** The parameter names of the first release (sessionJson, sessionField), so saved workflows keep working. */
const SOURCE = { sourceParameter: 'bodySource', fieldParameter: 'sessionField', fieldLabel: 'Session Field', what: 'session body' } as const;

const sourceProperties = bodySourceProperties({
	...SOURCE,
	sourceLabel: 'Session Source',
	fieldDefault: 'session',
	perItem: 'e.g. one prepared per CRM row',
	json: { name: 'sessionJson', label: 'Session (JSON)', example: { assistantId: '', name: '' } },
}).map((property) =>
	property.name === 'sessionJson'
		? {
				...property,
				description:
					'The session body as Vapi documents it: name, status, expirationSeconds, assistantId or assistant, assistantOverrides, squadId or squad, messages, customerId or customer, phoneNumberId or phoneNumber. Checked strictly: an unknown field is refused.',
			}
		: property,
);

const properties: INodeProperties[] = [
	...sourceProperties,
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
	const body = readBodySource(fn, itemIndex, { ...SOURCE, jsonParameter: 'sessionJson', fromFields: sessionBodyFromFields });
	const [name, label] = source === 'json' ? ['sessionJson', 'Session (JSON)'] : ['sessionField', 'Session Field'];
	return source === 'fields' ? (body as IDataObject) : (jsonObjectParameter(fn, name, label, body, itemIndex) ?? {});
}

/**
 * Reads the body from the chosen source, refuses both sides of a pair, then validates it with the
 * schema; "3600" from a CSV row is a number whichever source it came through.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	const source = this.getNodeParameter('bodySource', itemIndex, 'fields') as BodySource;
	const body = rawBody(this, source, itemIndex);
	const conflict = exclusiveConflict(body);
	if (conflict) throw conflictError(this, conflict, source, itemIndex);
	return { body: validateBody(this, createSessionSchema, withNumbersAt(body, [['expirationSeconds']]), itemIndex) as IDataObject };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'POST', path: '/session', body, expect: answerWithId('a session') }, context);
	return { raw, rows: [sessionRow(raw.body)] };
}
