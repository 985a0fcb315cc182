/**
 * nodes/shared/runContext.ts gives the answers n8n's own `getNodeParameter` gives: a node run through
 * n8n-core's engine reads its parameters both ways for every item and outputs both.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runContext } from '../../nodes/shared/runContext';
import { addBaseNode, executeWorkflow, outputJson, type WorkflowJson } from '../harness/engine';

const NAMES = ['field', 'quoted', 'computed', 'constant', 'options.list'];

/** Reads every parameter through n8n and through the run context, and counts n8n's resolutions. */
class ParameterReader implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Parameter Reader',
		name: 'parameterReader',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Parameter Reader' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Field', name: 'field', type: 'string', default: '' },
			{ displayName: 'Quoted', name: 'quoted', type: 'string', default: '' },
			{ displayName: 'Computed', name: 'computed', type: 'string', default: '' },
			{ displayName: 'Constant', name: 'constant', type: 'json', default: '{}' },
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [{ displayName: 'List', name: 'list', type: 'string', default: '' }] },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let calls = 0;
		const counted = new Proxy(this, { get: (target, property) => (property === 'getNodeParameter' ? (...args: unknown[]) => (calls++, (target.getNodeParameter as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, property, target)) });
		const fast = runContext(counted);
		const rows: INodeExecutionData[] = this.getInputData().map((_item, index) => {
			const viaN8n: IDataObject = {};
			const viaRun: IDataObject = {};
			for (const name of NAMES) {
				viaN8n[name] = this.getNodeParameter(name, index, null) as IDataObject;
				viaRun[name] = fast.getNodeParameter(name, index, null) as IDataObject;
			}
			// Each call gets its own copy of an object, as from n8n.
			const copies = fast.getNodeParameter('options', index) !== fast.getNodeParameter('options', index);
			return { json: { viaN8n, viaRun, copies }, pairedItem: { item: index } };
		});
		rows.push({ json: { n8nCalls: calls }, pairedItem: { item: 0 } });
		return [rows];
	}
}

addBaseNode('n8n-nodes-base.parameterReader', new ParameterReader());

const items: IDataObject[] = [{ name: 'Ada', 'first name': 'Ada L.' }, { name: 42 }, { name: true }, { name: { nested: 1 } }, { name: null }, {}, { name: '={{ not an expression }}' }];

it("answers as n8n's getNodeParameter does, and asks n8n only where the answer can differ", async () => {
	const workflow: WorkflowJson = {
		nodes: [
			{ id: 't', name: 'Records', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'r',
				name: 'Reader',
				type: 'n8n-nodes-base.parameterReader',
				typeVersion: 1,
				position: [200, 0],
				parameters: { field: '={{ $json.name }}', quoted: "={{ $json['first name'] }}", computed: '={{ String($json.name).toUpperCase() }}', constant: '{"a":[1,2]}', options: { list: 'a,b' } },
			},
		],
		connections: { Records: { main: [[{ node: 'Reader', type: 'main', index: 0 }]] } },
	};
	const run = await executeWorkflow(workflow, { records: items, recordsNode: 'Records' });
	const out = outputJson(run, 'Reader');
	const perItem = out.slice(0, items.length);
	for (const row of perItem) expect(row.viaRun).toEqual(row.viaN8n);
	expect(perItem.map((row) => (row.viaN8n as IDataObject).field)).toEqual(['Ada', 42, true, { nested: 1 }, null, undefined, '={{ not an expression }}']);
	expect(perItem.every((row) => row.copies)).toBe(true);
	// n8n is asked: once per parameter for its raw form (5), once each for the two constants, every item
	// for the computed expression (7), and for `$json.name` only where the value is not plain (the
	// object, null and the missing field: 3), `$json['first name']` where it is missing (6), and the
	// whole Options collection read for the copy check (raw form and one resolution: 2).
	expect(out[items.length].n8nCalls).toBe(5 + 2 + 7 + 3 + 6 + 2);
});
