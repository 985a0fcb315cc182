/**
 * Turns zod's issues into messages a workflow builder can act on: the full path of the field
 * (`config.stt.default.provider`), what is wrong, and the allowed values where there is a fixed set.
 */
import { z } from 'zod';

import {
	assistantConfigPatchSchema,
	assistantConfigSchema,
	type AssistantConfig,
	type AssistantConfigPatch,
} from './schema';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const quoteAll = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

function describeReceived(value: unknown): string {
	if (value === undefined) return 'nothing';
	const text = JSON.stringify(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The values a field schema allows when it is a fixed set (a literal or an enum); undefined otherwise. */
function fixedValues(schema: z.ZodTypeAny): unknown[] | undefined {
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return fixedValues(schema._def.innerType);
	if (schema instanceof z.ZodLiteral) return [schema.value];
	if (schema instanceof z.ZodEnum) return schema.options;
	return undefined;
}

/**
 * The schema that applies to `value` at one point: wrappers (optional, nullable, default, effects,
 * lazy, branded, readonly, catch) are looked through; a discriminated union is resolved by its
 * discriminator; a plain union by the object option `value` is closest to (one whose literal fields,
 * such as `type`, it matches, knowing the most of its keys).
 */
export function resolveSchema(schema: z.ZodTypeAny, value: unknown): z.ZodTypeAny | undefined {
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodCatch || schema instanceof z.ZodReadonly) {
		return resolveSchema(schema._def.innerType, value);
	}
	if (schema instanceof z.ZodEffects) return resolveSchema(schema.innerType(), value);
	if (schema instanceof z.ZodLazy) return resolveSchema(schema.schema, value);
	if (schema instanceof z.ZodBranded) return resolveSchema(schema.unwrap(), value);
	if (schema instanceof z.ZodDiscriminatedUnion) {
		const option = schema.optionsMap.get((isRecord(value) ? value[schema.discriminator] : undefined) as never);
		return option && resolveSchema(option, value);
	}
	if (schema instanceof z.ZodUnion) {
		const keys = isRecord(value) ? Object.keys(value) : [];
		let best: { schema: z.ZodObject<z.ZodRawShape>; score: number } | undefined;
		for (const option of schema.options as z.ZodTypeAny[]) {
			const candidate = resolveSchema(option, value);
			if (!(candidate instanceof z.ZodObject)) continue;
			const shape = candidate.shape as Record<string, z.ZodTypeAny>;
			const contradicted = isRecord(value) && Object.entries(shape).some(([key, field]) => key in value && fixedValues(field)?.includes(value[key]) === false);
			if (contradicted) continue;
			const score = keys.filter((key) => key in shape).length;
			if (!best || score > best.score) best = { schema: candidate, score };
		}
		return best?.schema;
	}
	return schema;
}

/** Walks a schema along a path (objects, records, arrays, unions) to list the field names allowed there. */
function allowedKeysAt(schema: z.ZodTypeAny, path: Array<string | number>, input: unknown): string[] {
	let current: z.ZodTypeAny | undefined = schema;
	let value = input;
	for (const key of path) {
		const inner: z.ZodTypeAny | undefined = current && resolveSchema(current, value);
		if (inner instanceof z.ZodObject) current = inner.shape[key as string];
		else if (inner instanceof z.ZodRecord) current = inner.valueSchema;
		else if (inner instanceof z.ZodArray) current = inner.element;
		else return [];
		value = (value as Record<string | number, unknown> | undefined)?.[key];
	}
	const target = current && resolveSchema(current, value);
	return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

function getAt(value: unknown, path: Array<string | number>): unknown {
	return path.reduce<unknown>(
		(node, key) => (node !== null && typeof node === 'object' ? (node as never)[key] : undefined),
		value,
	);
}

export function formatIssues(
	error: z.ZodError,
	schema: z.ZodTypeAny,
	input: unknown,
	root = 'config',
): string[] {
	return error.issues.map((issue) => {
		const where = [root, ...issue.path].join('.');
		const received = getAt(input, issue.path);
		switch (issue.code) {
			case z.ZodIssueCode.invalid_type:
				return received === undefined
					? `${where} is required (${issue.expected})`
					: received === null
						? `${where} must be ${issue.expected}, got null`
						: `${where} must be ${issue.expected}, got ${issue.received} ${describeReceived(received)}`;
			case z.ZodIssueCode.invalid_enum_value:
				return `${where} must be one of ${quoteAll(issue.options)}, got ${describeReceived(received)}`;
			case z.ZodIssueCode.invalid_union_discriminator:
				// An absent discriminator is allowed where one option makes it optional (client tools).
				return `${where} must be one of ${quoteAll(issue.options.filter((option) => option !== undefined))}, got ${describeReceived(received)}`;
			case z.ZodIssueCode.invalid_literal:
				return `${where} must be ${JSON.stringify(issue.expected)}, got ${describeReceived(received)}`;
			case z.ZodIssueCode.unrecognized_keys: {
				const allowed = allowedKeysAt(schema, issue.path, input);
				return `${where} has unknown field${issue.keys.length > 1 ? 's' : ''} ${quoteAll(issue.keys)}${allowed.length ? `; allowed fields: ${allowed.join(', ')}` : ''}`;
			}
			case z.ZodIssueCode.too_small:
			case z.ZodIssueCode.too_big:
				return `${where} ${issue.message.replace(/^(Number|String|Array) must/, 'must')}, got ${describeReceived(received)}`;
			default:
				return `${where} ${issue.message}${received === undefined ? '' : `, got ${describeReceived(received)}`}`;
		}
	});
}

/**
 * JSON.parse's message without the excerpt of the text V8 quotes for an unexpected token
 * (`Unexpected token ']', ..."sk-123"}]" is not valid JSON`): the text may hold a key or token.
 */
export const jsonErrorWithoutExcerpt = (error: unknown) =>
	String((error as Error)?.message ?? error).replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '');

/** Accepts an object or a JSON string (as config fields often arrive from CSV rows or webhooks). */
function coerceJson(input: unknown, root: string): ValidationResult<unknown> {
	if (typeof input !== 'string') return { ok: true, value: input };
	try {
		return { ok: true, value: JSON.parse(input) };
	} catch (error) {
		return { ok: false, errors: [`${root} is not valid JSON: ${jsonErrorWithoutExcerpt(error)}`] };
	}
}

/** Keys that name an object's prototype machinery rather than data. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * Every own key `__proto__`, `constructor` or `prototype`, at any depth, as an error naming where it is.
 * JSON.parse keeps `"__proto__"` as an ordinary key, but copying the object (as the schema does)
 * assigns it, which replaces the copy's prototype: `{"__proto__":{"polluted":1},"a":"b"}` would be sent
 * as `{"a":"b"}`. Refused before any request rather than silently changed.
 */
export function prototypeKeyErrors(value: unknown, root: string): string[] {
	const errors: string[] = [];
	const walk = (node: unknown, path: string) => {
		if (Array.isArray(node)) return node.forEach((child, index) => walk(child, `${path}.${index}`));
		if (!isRecord(node)) return;
		for (const key of Object.keys(node)) {
			if (PROTOTYPE_KEYS.includes(key)) errors.push(`${path} has the key ${JSON.stringify(key)}, which is not allowed (${PROTOTYPE_KEYS.map((k) => JSON.stringify(k)).join(', ')} would change the object itself, not add data); rename it`);
			else walk(node[key], `${path}.${key}`);
		}
	};
	walk(value, root);
	return errors;
}

/**
 * Validates any request body or configuration against a zod schema, accepting JSON text too; the
 * errors name each field under `root` and list allowed values. Vendor body schemas use it as well.
 */
export function validateWith<T>(schema: z.ZodType<T>, input: unknown, root: string): ValidationResult<T> {
	const coerced = coerceJson(input, root);
	if (!coerced.ok) return coerced;
	if (coerced.value === undefined || coerced.value === null) {
		return { ok: false, errors: [`${root} is required (object)`] };
	}
	const prototypeKeys = prototypeKeyErrors(coerced.value, root);
	if (prototypeKeys.length) return { ok: false, errors: prototypeKeys };
	const parsed = schema.safeParse(coerced.value);
	if (parsed.success) return { ok: true, value: parsed.data };
	return { ok: false, errors: formatIssues(parsed.error, schema, coerced.value, root) };
}

/** Validates a complete configuration (ad-hoc sessions, new assistants, worker dispatches). */
export function validateAssistantConfig(input: unknown, root = 'config'): ValidationResult<AssistantConfig> {
	return validateWith(assistantConfigSchema, input, root);
}

/** Validates a partial configuration (assistant updates). */
export function validateAssistantConfigPatch(
	input: unknown,
	root = 'config',
): ValidationResult<AssistantConfigPatch> {
	return validateWith(assistantConfigPatchSchema, input, root);
}
