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

/**
 * Walks an object schema along a path to list the field names allowed there. A discriminated union
 * (the tool kinds) is resolved by the discriminator value found in `input` at that point.
 */
function allowedKeysAt(schema: z.ZodTypeAny, path: Array<string | number>, input: unknown): string[] {
	const unwrap = (s: z.ZodTypeAny, value: unknown): z.ZodTypeAny | undefined => {
		if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) return unwrap(s.unwrap(), value);
		if (s instanceof z.ZodEffects) return unwrap(s.innerType(), value);
		if (s instanceof z.ZodDiscriminatedUnion) {
			const key = (value as Record<string, unknown> | undefined)?.[s.discriminator];
			const option = s.optionsMap.get(key as never);
			return option && unwrap(option, value);
		}
		return s;
	};
	let current: z.ZodTypeAny | undefined = schema;
	let value = input;
	for (const key of path) {
		const inner: z.ZodTypeAny | undefined = current && unwrap(current, value);
		if (inner instanceof z.ZodObject) current = inner.shape[key as string];
		else if (inner instanceof z.ZodArray) current = inner.element;
		else return [];
		value = (value as Record<string | number, unknown> | undefined)?.[key];
	}
	const target = current && unwrap(current, value);
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
				return `${where} has unknown field${issue.keys.length > 1 ? 's' : ''} ${quoteAll(issue.keys)}; allowed fields: ${allowed.join(', ')}`;
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
