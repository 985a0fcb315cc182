/**
 * How every Vapi operation reads values before the schema sees them. Expressions over CSV rows,
 * sheets and webhooks return numbers where text is meant (a phone number, a CRM id) and text where a
 * number is meant ("3600"): both are normalised here, the same way for every body source.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod';

import { validateWith } from '../../../src/config/validate';
import { numberFromText, validated } from '../../shared/bodyInput';
import { isPlainObject } from '../../shared/objects';

/** An ID parameter: a number or nothing from an expression is text too, never a TypeError. */
export const idText = (value: unknown): string => String(value ?? '').trim();

/**
 * A text field: numbers and booleans from an expression become their text; anything else is kept as
 * it is, so an object or list where text belongs is reported by the schema, naming the field.
 */
export const scalarText = (value: unknown): unknown =>
	typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;

/**
 * The body with `numberFromText` applied at each path that is set. Copies along the way: the body
 * may be the input item's own object (From Input Item Field), which the Config output re-emits.
 */
export function withNumbersAt(body: IDataObject, paths: string[][]): IDataObject {
	const out: IDataObject = { ...body };
	for (const path of paths) {
		let node: IDataObject | undefined = out;
		for (const key of path.slice(0, -1)) {
			node = isPlainObject(node?.[key]) ? (node[key] = { ...(node[key] as IDataObject) }) : undefined;
		}
		const last = path[path.length - 1];
		if (node && node[last] !== undefined) node[last] = numberFromText(node[last]) as IDataObject[string];
	}
	return out;
}

/** Validates a request body with the vendor schema: `Invalid Vapi request: body.name must …`. */
export function validateBody<T>(fn: IExecuteFunctions, schema: z.ZodType<T>, body: unknown, itemIndex: number): T {
	return validated(fn, itemIndex, 'Invalid Vapi request', validateWith(schema, body, 'body'));
}
