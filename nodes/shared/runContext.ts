/**
 * The execution context the items of one run share, with the per-item work n8n would repeat done
 * once per run where the answer cannot differ between items:
 * - `getNodeParameter` of a parameter that holds no expression anywhere is read once (n8n resolves
 *   and copies it again for every item);
 * - `getNodeParameter` of a parameter that is exactly `={{ $json.field }}` (or `$json["field"]`) reads
 *   the field of the item: what n8n's expression engine answers for a plain value, without setting
 *   up a workflow data proxy (and its Luxon clock) per item, about 0.3 ms each (bench/provision-throughput.ts);
 * - `getNode()` is copied once (n8n deep-copies the node on every call).
 * Anything else (other expressions, objects read from `$json`, calls with options such as
 * `extractValue`) goes to n8n unchanged, so the answers are n8n's.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

/** `={{ $json.name }}`, `={{ $json["first name"] }}`: one top-level field of the item, nothing else. */
const ITEM_FIELD = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(['"])([^'"\\]+)\2\s*\])\s*\}\}$/;

const ABSENT = Symbol('absent');

type Plan = { kind: 'constant'; value?: { resolved: unknown } } | { kind: 'field'; field: string } | { kind: 'n8n' };

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

function planFor(raw: unknown): Plan {
	if (raw === ABSENT) return { kind: 'n8n' };
	if (typeof raw === 'string') {
		const field = ITEM_FIELD.exec(raw);
		if (field) return { kind: 'field', field: field[1] ?? field[3] };
	}
	return holdsExpression(raw) ? { kind: 'n8n' } : { kind: 'constant' };
}

const isPlainValue = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** `fn` for the items of one run: the same context, with the shortcuts above. */
export function runContext(fn: IExecuteFunctions): IExecuteFunctions {
	const plans = new Map<string, Plan>();
	let items: Array<{ json: IDataObject }> | undefined;
	let node: INode | undefined;
	const viaN8n = fn.getNodeParameter.bind(fn) as (...args: unknown[]) => unknown;

	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: object) => {
		if (options && Object.keys(options).length > 0) return viaN8n(name, itemIndex, fallback, options);
		let plan = plans.get(name);
		if (!plan) {
			plan = planFor(viaN8n(name, itemIndex, ABSENT, { rawExpressions: true }));
			plans.set(name, plan);
		}
		if (plan.kind === 'field') {
			items ??= fn.getInputData();
			const value = items[itemIndex]?.json?.[plan.field];
			return isPlainValue(value) ? value : viaN8n(name, itemIndex, fallback);
		}
		if (plan.kind === 'constant') {
			plan.value ??= { resolved: viaN8n(name, itemIndex, fallback) };
			// A copy, as n8n gives every call its own.
			return typeof plan.value.resolved === 'object' && plan.value.resolved !== null ? structuredClone(plan.value.resolved) : plan.value.resolved;
		}
		return viaN8n(name, itemIndex, fallback);
	};

	return new Proxy(fn, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			if (property === 'getNode') return () => (node ??= target.getNode());
			return Reflect.get(target, property, target);
		},
		set: (target, property, value) => Reflect.set(target, property, value, target),
	});
}
