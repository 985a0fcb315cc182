/**
 * Invalid inputs made from a valid one and the zod schema that judges it (R1): every place the schema
 * describes becomes a family of fast-check arbitraries, each invalid by construction:
 *
 * - a string, number, boolean or enum given the wrong type (a number as text, an object, a list, null);
 * - a number out of its range or not whole where an integer belongs; a string over its length limit;
 * - an enum or literal given an unknown value, or odd Unicode that looks like an allowed one;
 * - a required field removed; an unknown field added to a strict object;
 * - a `__proto__` / `constructor` key put into any object;
 * - null or a list where an object belongs.
 *
 * Each mutation knows the path the error must name. Places under plain unions are not mutated (another
 * option could accept the result); discriminated unions are followed by their discriminator.
 */
import fc from 'fast-check';
import { z } from 'zod';

import { resolveSchema } from '../../src/config/validate';

export interface Mutation {
	/** Kind of mistake, for the printed counts. */
	kind: string;
	/** Where the error must point (dotted, without the root). */
	path: string;
	/** The invalid input (a fresh copy of the valid one, changed at `path`). */
	input: unknown;
}

type Path = Array<string | number>;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function setAt(root: unknown, path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
	const copy = clone(root);
	let node = copy as Record<string | number, unknown>;
	for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
	change(node, path[path.length - 1]);
	return copy;
}

const replaceAt = (root: unknown, path: Path, value: unknown) => setAt(root, path, (parent, key) => (parent[key] = value));

/** `{"__proto__": …}` as JSON.parse makes it: an own key, not a prototype. */
function withOwnKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
	const rest = JSON.stringify(object).slice(1, -1);
	return JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}${rest ? `,${rest}` : ''}}`) as Record<string, unknown>;
}

const isOptional = (schema: z.ZodTypeAny): boolean =>
	schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || (schema instanceof z.ZodEffects && isOptional(schema.innerType())) || (schema instanceof z.ZodNullable && isOptional(schema.unwrap()));
const isNullable = (schema: z.ZodTypeAny): boolean =>
	schema instanceof z.ZodNullable || ((schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) && isNullable(schema._def.innerType)) || (schema instanceof z.ZodEffects && isNullable(schema.innerType()));

/** Wrong-type values for a leaf, none of which a leaf of `typeName` accepts. */
const wrongTypes: Record<string, fc.Arbitrary<unknown>> = {
	string: fc.oneof(fc.integer(), fc.constant(true), fc.constant({}), fc.array(fc.string(), { maxLength: 2 })),
	number: fc.oneof(fc.integer({ min: -5, max: 5 }).map(String), fc.constant(true), fc.constant({}), fc.constant([1])),
	boolean: fc.oneof(fc.constantFrom('true', 'false', 'yes', '1'), fc.integer(), fc.constant({})),
	object: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { maxLength: 3 })),
};

/** Every mutation of `value` that `schema` must refuse, as arbitraries. */
export function mutationsOf(schema: z.ZodTypeAny, value: unknown, path: Path = [], root: unknown = value): Array<fc.Arbitrary<Mutation>> {
	const out: Array<fc.Arbitrary<Mutation>> = [];
	const at = path.join('.');
	const inner = resolveSchema(schema, value);
	if (!inner) return out;
	const nullable = isNullable(schema);
	const replaced = (kind: string, values: fc.Arbitrary<unknown>, where = at) => values.map((v) => ({ kind, path: where, input: replaceAt(root, path, v) }));

	if (inner instanceof z.ZodObject && value && typeof value === 'object' && !Array.isArray(value)) {
		const shape = inner.shape as Record<string, z.ZodTypeAny>;
		const object = value as Record<string, unknown>;
		if (path.length) out.push(replaced('object given another type', wrongTypes.object));
		if (path.length && !nullable) out.push(replaced('null where an object goes', fc.constant(null)));
		out.push(
			fc.constantFrom('__proto__', 'constructor', 'prototype').chain((key) =>
				fc.jsonValue().map((v) => ({ kind: `${key} key`, path: at, input: path.length ? replaceAt(root, path, withOwnKey(object, key, v)) : withOwnKey(object, key, v) })),
			),
		);
		if (inner._def.unknownKeys === 'strict') {
			const unknown = fc.stringMatching(/^[a-z][a-zA-Z_]{2,12}$/).filter((key) => !(key in shape) && !['__proto__', 'constructor', 'prototype'].includes(key));
			out.push(fc.tuple(unknown, fc.jsonValue()).map(([key, v]) => ({ kind: 'unknown field', path: at, input: setAt(root, [...path, key], (parent, k) => (parent[k] = v)) })));
		}
		for (const [key, child] of Object.entries(shape)) {
			if (!(key in object)) continue;
			if (!isOptional(child)) out.push(fc.constant({ kind: 'required field removed', path: [...path, key].join('.'), input: setAt(root, [...path, key], (parent, k) => delete parent[k]) }));
			out.push(...mutationsOf(child, object[key], [...path, key], root));
		}
		return out;
	}
	if (inner instanceof z.ZodArray && Array.isArray(value)) {
		if (!nullable) out.push(replaced('null where a list goes', fc.constant(null)));
		value.forEach((entry, index) => out.push(...mutationsOf(inner.element, entry, [...path, index], root)));
		return out;
	}
	if (!path.length) return out;
	if (inner instanceof z.ZodString) {
		out.push(replaced('string given another type', wrongTypes.string));
		const max = inner.maxLength;
		if (max !== null && max < 100_000) out.push(replaced('string over its limit', fc.integer({ min: max + 1, max: max + 500 }).map((n) => 'x'.repeat(n))));
	} else if (inner instanceof z.ZodNumber) {
		out.push(replaced('number as text or another type', wrongTypes.number));
		if (inner.minValue !== null) out.push(replaced('number below its range', fc.integer({ min: 1, max: 1_000_000 }).map((d) => inner.minValue! - d)));
		if (inner.maxValue !== null) out.push(replaced('number above its range', fc.integer({ min: 1, max: 1_000_000 }).map((d) => inner.maxValue! + d)));
		if (inner.isInt && inner.minValue !== null) out.push(replaced('fraction where a whole number goes', fc.constant(Math.max(inner.minValue, 1) + 0.5)));
	} else if (inner instanceof z.ZodBoolean) {
		out.push(replaced('boolean given another type', wrongTypes.boolean));
	} else if (inner instanceof z.ZodEnum || inner instanceof z.ZodLiteral) {
		const allowed = inner instanceof z.ZodEnum ? (inner.options as unknown[]) : [inner.value];
		const lookalike = (v: unknown) => String(v).replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)); // fullwidth letters
		out.push(replaced('unknown value', fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(...allowed.map(lookalike)), fc.constantFrom(...allowed.map((v) => String(v).toUpperCase() + '_X'))).filter((v) => !allowed.includes(v))));
	}
	return out;
}

/** `count` distinct invalid inputs drawn from all of a schema's mutations (a fixed seed: the same inputs each run). */
export function invalidInputs(schema: z.ZodTypeAny, valid: unknown, count: number, seed: number): Mutation[] {
	const distinct = new Map<string, Mutation>();
	for (const mutation of fc.sample(fc.oneof(...mutationsOf(schema, valid)), { numRuns: count * 20, seed })) {
		distinct.set(JSON.stringify(mutation.input), mutation);
		if (distinct.size === count) break;
	}
	return [...distinct.values()];
}
