/** Session → Create: its parameters, and the request body they build. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { jsonObjectParameter } from '../../../shared/bodyInput';
import { fieldError } from '../../../shared/fieldError';
import { compact, deepMerge, isEmptyObject } from '../../../shared/objects';
import { idText, scalarText } from '../input';
import { expirationProperty, messagesProperty, messagesValue, statusProperty } from './shared';

const json = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'json',
	default: '{}',
	description,
});

export const bodyFieldProperties: INodeProperties[] = [
	{
		displayName: 'Assistant ID',
		name: 'assistantId',
		type: 'string',
		default: '',
		description: 'ID of a stored assistant. Leave empty to send an inline assistant (Additional Fields → Assistant (JSON)) or a squad.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Your name for the session, at most 40 characters',
	},
	{
		displayName: 'Variable Values',
		name: 'variableValues',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Variable',
		default: {},
		description: 'Values for the {{variables}} in the assistant\'s messages; sent as assistantOverrides.variableValues. Each name once.',
		options: [
			{
				displayName: 'Variable',
				name: 'values',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Variable name, without braces' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Value for this record, usually an expression' },
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			json('Assistant (JSON)', 'assistant', 'Inline assistant configuration (CreateAssistantDTO). Use it instead of Assistant ID, not with it.'),
			json('Assistant Overrides (JSON)', 'assistantOverrides', 'Overrides for the assistant; Variable Values above are merged into its variableValues'),
			json('Customer (JSON)', 'customer', 'Customer object (CreateCustomerDTO); the Customer fields below are merged into it'),
			{ displayName: 'Customer Email', name: 'customerEmail', type: 'string', placeholder: 'name@email.com', default: '', description: 'Sent as customer.email' },
			{ displayName: 'Customer External ID', name: 'customerExternalId', type: 'string', default: '', description: 'Your CRM ID of the customer, sent as customer.externalId' },
			{ displayName: 'Customer ID', name: 'customerId', type: 'string', default: '', description: 'ID of a stored Vapi customer. Use it instead of the customer fields, not with them.' },
			{ displayName: 'Customer Name', name: 'customerName', type: 'string', default: '', description: 'Sent as customer.name' },
			{ displayName: 'Customer Number', name: 'customerNumber', type: 'string', default: '', description: 'Phone number in E.164 form, e.g. +14155551234; sent as customer.number' },
			{ displayName: 'Customer SIP URI', name: 'customerSipUri', type: 'string', default: '', description: 'Sent as customer.sipUri' },
			expirationProperty,
			messagesProperty,
			json('Phone Number (JSON)', 'phoneNumber', 'Inline phone number configuration. Use it instead of Phone Number ID, not with it.'),
			{ displayName: 'Phone Number ID', name: 'phoneNumberId', type: 'string', default: '', description: 'ID of a stored Vapi phone number' },
			json('Squad (JSON)', 'squad', 'Inline squad configuration. Use it instead of Squad ID, not with it.'),
			{ displayName: 'Squad ID', name: 'squadId', type: 'string', default: '', description: 'ID of a stored squad' },
			statusProperty,
		],
	},
];

/** `{}` in a JSON field means "not set": it is the field's default, and sending it would only clash with the ID side. */
function objectField(fn: IExecuteFunctions, fields: IDataObject, name: string, label: string, itemIndex: number) {
	const value = jsonObjectParameter(fn, name, label, fields[name], itemIndex);
	return value && !isEmptyObject(value) ? value : undefined;
}

/** Variable Values as an object; a name given twice is refused (one value would silently win). */
function variableValues(fn: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const entries = (fn.getNodeParameter('variableValues.values', itemIndex, []) as IDataObject[]) ?? [];
	const values: IDataObject = {};
	for (const entry of entries) {
		const name = idText(entry.name);
		if (!name) continue;
		if (name in values) {
			throw fieldError(fn, 'variableValues', `Variable Values has the name "${name}" more than once; give each variable one value`, { itemIndex });
		}
		values[name] = scalarText(entry.value ?? '') as IDataObject[string];
	}
	return Object.keys(values).length ? values : undefined;
}

/** Builds CreateSessionDTO from the typed fields; the caller validates it. */
export function sessionBodyFromFields(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = fn.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const overrides = objectField(fn, fields, 'assistantOverrides', 'Assistant Overrides (JSON)', itemIndex) ?? {};
	const variables = variableValues(fn, itemIndex);
	const customerFields = compact({
		number: scalarText(fields.customerNumber),
		name: scalarText(fields.customerName),
		email: scalarText(fields.customerEmail),
		externalId: scalarText(fields.customerExternalId),
		sipUri: scalarText(fields.customerSipUri),
	});
	const customer = deepMerge(objectField(fn, fields, 'customer', 'Customer (JSON)', itemIndex) ?? {}, customerFields);
	return compact({
		name: scalarText(fn.getNodeParameter('name', itemIndex, '')),
		status: fields.status,
		expirationSeconds: fields.expirationSeconds,
		assistantId: idText(fn.getNodeParameter('assistantId', itemIndex, '')),
		assistant: objectField(fn, fields, 'assistant', 'Assistant (JSON)', itemIndex),
		assistantOverrides: variables ? deepMerge(overrides, { variableValues: variables }) : isEmptyObject(overrides) ? undefined : overrides,
		squadId: idText(fields.squadId),
		squad: objectField(fn, fields, 'squad', 'Squad (JSON)', itemIndex),
		messages: messagesValue(fn, fields.messages, itemIndex),
		customer: isEmptyObject(customer) ? undefined : customer,
		customerId: idText(fields.customerId),
		phoneNumberId: idText(fields.phoneNumberId),
		phoneNumber: objectField(fn, fields, 'phoneNumber', 'Phone Number (JSON)', itemIndex),
	});
}
