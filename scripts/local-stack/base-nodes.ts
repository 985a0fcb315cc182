/**
 * Stand-ins for the two n8n-nodes-base nodes the example and test workflows use, for the n8n-core
 * engine harness (n8n-engine.ts); n8n-nodes-base is not a dependency. The real nodes run in the tests
 * in a real n8n (test/n8n/).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import * as vm from 'node:vm';

/**
 * Stand-in for n8n-nodes-base's Manual Trigger: emits one empty item, as the real one does. Test
 * workflows pin their records on it (`pinData`), and then the engine emits those instead.
 */
export class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow with one empty item',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

/**
 * Stand-in for n8n-nodes-base's Code node (typeVersion 2, JavaScript, "Run Once for All Items"
 * only), so that fast engine tests can run the examples, whose records a Code node holds. It
 * evaluates `jsCode` as the body of an async function in a fresh `node:vm` context: no `require`, no
 * `$json`/`$node`/helpers, and `$input` offers only `$input.all()` (copies of the incoming items). It
 * returns what the code returns, items (`{ json }`) or plain objects wrapped as items. It is not a
 * sandbox and not n8n's Code node: the real Code node (task runner, full `$input`, …) is exercised by
 * the tests that run the examples in a real n8n.
 */
export class CodeNode implements INodeType {
	description = {
		displayName: 'Code',
		name: 'code',
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		description: 'Runs JavaScript that returns items (engine stand-in)',
		defaults: { name: 'Code' },
		inputs: ['main'],
		outputs: ['main'],
		// Only what execute() reads, with the real node's defaults (the editor-facing option lists are n8n's).
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'runOnceForAllItems' },
			{ displayName: 'Language', name: 'language', type: 'string', default: 'javaScript' },
			{ displayName: 'JavaScript', name: 'jsCode', type: 'string', default: '' },
		],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const unsupported = (what: string) => new NodeOperationError(node, `the engine's Code node stand-in supports ${what}`);
		if (node.typeVersion !== 2) throw unsupported(`typeVersion 2 only, got ${node.typeVersion}`);
		if (this.getNodeParameter('mode', 0) !== 'runOnceForAllItems') throw unsupported('mode "runOnceForAllItems" only');
		if (this.getNodeParameter('language', 0) !== 'javaScript') throw unsupported('JavaScript only');
		try {
			return [await runCode(node.name, String(this.getNodeParameter('jsCode', 0)), this.getInputData())];
		} catch (error) {
			throw new NodeOperationError(node, error as Error);
		}
	}
}

/** Runs a Code node's `jsCode` in a fresh context; its result is copied back into this realm as items. */
async function runCode(nodeName: string, jsCode: string, input: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const copies = input.map((item) => ({ json: structuredClone(item.json) }));
	const $input = { all: () => structuredClone(copies) };
	let result: unknown;
	try {
		const body = vm.runInNewContext(`(async function ($input) {\n${jsCode}\n})`, {}, { filename: `${nodeName}.js` }) as (input: unknown) => Promise<unknown>;
		result = structuredClone(await body($input));
	} catch (error) {
		throw new Error(`Code node "${nodeName}": ${(error as Error)?.message ?? String(error)}`);
	}
	const list = Array.isArray(result) ? result : result === undefined || result === null ? [] : [result];
	return list.map((entry, index) => {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw new Error(`Code node "${nodeName}": item ${index} is not an object`);
		}
		const item = entry as IDataObject;
		if (!('json' in item)) return { json: item };
		if (typeof item.json !== 'object' || item.json === null || Array.isArray(item.json)) {
			throw new Error(`Code node "${nodeName}": item ${index}'s "json" is not an object`);
		}
		return { json: item.json as IDataObject };
	});
}
