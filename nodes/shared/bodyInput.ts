/**
 * Where a request body (or an assistant configuration) comes from, the same way in every node:
 * typed fields, one JSON parameter, or a field of each input item (one body per CRM row), then
 * validated by the vendor's zod schema. Every failure names the field and is raised in `prepare`,
 * before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, NodeOperationError } from 'n8n-workflow';

import { jsonErrorWithoutExcerpt, type ValidationResult } from '../../src/config/validate';
import { fieldError } from './fieldError';
import { redact } from './transport/errors';

export type BodySource = 'fields' | 'json' | 'inputField';

export function getPath(source: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as IDataObject)[key] : undefined), source);
}

/**
 * Sets a nested value, creating the objects on the way. Unset values (undefined, '') are skipped, and
 * so is null unless `keepNull` (where null is an explicit "off" the API understands).
 */
export function setPath(target: IDataObject, path: string[], value: unknown, { keepNull = false } = {}) {
	if (value === undefined || value === '' || (value === null && !keepNull)) return;
	let node = target;
	for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as IDataObject;
	node[path[path.length - 1]] = value as IDataObject;
}

/**
 * JSON text from a typed field, parsed; broken JSON becomes a note the schema then reports under the
 * field's own path (a string where a list belongs names the field precisely). The note never quotes
 * the text.
 */
export function parseJsonOrNote(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	try {
		return JSON.parse(value);
	} catch (error) {
		return `invalid JSON (${jsonErrorWithoutExcerpt(error)})`;
	}
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * A JSON parameter (text, or already an object when set by an expression). Empty → undefined.
 * Invalid JSON fails the item naming the parameter.
 */
export function jsonParameter(fn: IExecuteFunctions, name: string, label: string, value: unknown, itemIndex: number): unknown {
	if (isEmpty(value)) return undefined;
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw fieldError(fn, name, `"${label}" is not valid JSON: ${jsonErrorWithoutExcerpt(error)}`, { itemIndex });
	}
}

/** A JSON parameter that must hold an object (not a list, text or number). */
export function jsonObjectParameter(fn: IExecuteFunctions, name: string, label: string, value: unknown, itemIndex: number): IDataObject | undefined {
	const parsed = jsonParameter(fn, name, label, value, itemIndex);
	if (parsed === undefined) return undefined;
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw fieldError(fn, name, `"${label}" must be a JSON object ({ … }), got ${Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed)}`, { itemIndex });
	}
	return parsed as IDataObject;
}

export interface BodySourceParameters {
	/** The options parameter choosing the source; default `bodySource`. */
	sourceParameter?: string;
	/** The json parameter holding the body when the source is JSON. */
	jsonParameter: string;
	/** The parameter naming the input item field when the source is an input field; default `bodyField`. */
	fieldParameter?: string;
	fieldLabel?: string;
	/** What the body is, in messages: "request body", "session body", "configuration". */
	what?: string;
	fromFields: (fn: IExecuteFunctions, itemIndex: number) => unknown;
}

/** The item's body as given (object or JSON text), not yet validated. */
export function readBodySource(fn: IExecuteFunctions, itemIndex: number, parameters: BodySourceParameters): unknown {
	const { sourceParameter = 'bodySource', fieldParameter = 'bodyField', fieldLabel = 'Body Field', what = 'request body' } = parameters;
	const source = fn.getNodeParameter(sourceParameter, itemIndex, 'fields') as BodySource;
	if (source === 'json') return fn.getNodeParameter(parameters.jsonParameter, itemIndex, '');
	if (source === 'inputField') {
		const field = String(fn.getNodeParameter(fieldParameter, itemIndex, '') ?? '').trim();
		const value = getPath(fn.getInputData()[itemIndex]?.json, field);
		if (isEmpty(value)) {
			throw fieldError(fn, fieldParameter, `Input item ${itemIndex + 1} has no field "${field}" holding a ${what}`, {
				itemIndex,
				description: `Set "${fieldLabel}" to the input field that holds the ${what} object or JSON text`,
			});
		}
		return value;
	}
	return parameters.fromFields(fn, itemIndex);
}

/**
 * A failed validation as one error: the first problem is the message (`Invalid Vapi request:
 * body.expirationSeconds must be …`), all of them the description. `fieldOf` maps the problem to the
 * node parameter to name; `secrets` are scrubbed (a body may hold a token).
 */
export function invalidInput(
	fn: IExecuteFunctions,
	itemIndex: number,
	what: string,
	errors: string[],
	options: { fieldOf?: (error: string) => string; secrets?: readonly string[] } = {},
): NodeOperationError {
	const [first, ...others] = errors;
	const more = others.length ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
	const secrets = options.secrets ?? [];
	const field = options.fieldOf?.(first) ?? first.split(' ')[0];
	return fieldError(fn, field, redact(`${what}: ${first}${more}`, secrets), { itemIndex, description: redact(errors.join('\n'), secrets) });
}

/** The validated value, or the item fails with `invalidInput`. */
export function validated<T>(fn: IExecuteFunctions, itemIndex: number, what: string, result: ValidationResult<T>): T {
	if (result.ok) return result.value;
	throw invalidInput(fn, itemIndex, what, result.errors);
}

/** Reads the item's body from its source and validates it; `Invalid request body: body.x must …` otherwise. */
export function readValidatedBody<T>(
	fn: IExecuteFunctions,
	itemIndex: number,
	parameters: BodySourceParameters & { validate: (input: unknown) => ValidationResult<T> },
): T {
	return validated(fn, itemIndex, 'Invalid request body', parameters.validate(readBodySource(fn, itemIndex, parameters)));
}

/**
 * Numbers often arrive as text from CSV rows, sheets or webhooks: "30" and "0.7" become numbers;
 * anything else is returned as it is, for the schema to report.
 */
export const numberFromText = (value: unknown): unknown =>
	typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

export interface BodySourceUi {
	sourceParameter?: string;
	sourceLabel?: string;
	fieldParameter?: string;
	fieldLabel?: string;
	fieldDefault?: string;
	/** What the body is, in descriptions: "request body", "session body", "configuration". */
	what?: string;
	/** Why one would take it from the input: "one assistant per record". */
	perItem?: string;
	/** The JSON parameter; omitted when the node defines its own (e.g. one per operation). */
	json?: { name: string; label: string; example: object };
}

/**
 * The source selector and its two inputs, with the same labels in every node: Define Below, From
 * Input Item Field, JSON. Typed fields go under `displayOptions: { show: { [sourceParameter]: ['fields'] } }`.
 */
export function bodySourceProperties(ui: BodySourceUi = {}): INodeProperties[] {
	const {
		sourceParameter = 'bodySource',
		sourceLabel = 'Body Source',
		fieldParameter = 'bodyField',
		fieldLabel = 'Body Field',
		fieldDefault = 'body',
		what = 'request body',
		perItem = 'one per input item',
	} = ui;
	const properties: INodeProperties[] = [
		{
			displayName: sourceLabel,
			name: sourceParameter,
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Define Below', value: 'fields', description: `Set each part of the ${what} in this node; expressions can read the input item` },
				{ name: 'From Input Item Field', value: 'inputField', description: `Take the ${what} from a field of each input item (${perItem})` },
				{ name: 'JSON', value: 'json', description: `Write the whole ${what} as JSON` },
			],
			default: 'fields',
		},
		{
			displayName: fieldLabel,
			name: fieldParameter,
			type: 'string',
			default: fieldDefault,
			required: true,
			description: `Name of the input item field (dot notation for nested fields) that holds the ${what} as an object or JSON text`,
			displayOptions: { show: { [sourceParameter]: ['inputField'] } },
		},
	];
	if (ui.json) {
		properties.push({
			displayName: ui.json.label,
			name: ui.json.name,
			type: 'json',
			default: JSON.stringify(ui.json.example, null, 2),
			required: true,
			description: `The whole ${what}; checked by the same rules as the fields below`,
			displayOptions: { show: { [sourceParameter]: ['json'] } },
		});
	}
	return properties;
}
