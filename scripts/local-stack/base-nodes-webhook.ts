/**
 * Stand-in for the n8n-nodes-base node the outcome workflow ends in, for the n8n-core engine harness
 * (n8n-nodes-base is not a dependency): Data Table, row insert/upsert into a table found by name, kept
 * in this process. It implements only the parameters the example sets and refuses others; the real
 * node runs in the tests in a real n8n (test/n8n/).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

const standIn = (description: object) => description as unknown as INodeType['description'];

/** Data tables of the engine harness, by name: what the Data Table stand-in wrote. */
export const engineDataTables = new Map<string, IDataObject[]>();

interface Condition {
	keyName: string;
	condition: string;
	keyValue: unknown;
}

/**
 * Data Table (typeVersion 1.1), resource "row", operations "insert" and "upsert": the table named by
 * `dataTableId` (resource locator, mode "name"), columns mapped automatically from the item
 * (`columns.mappingMode` "autoMapInputData"); upsert matches on "eq" conditions. Rows get `id`,
 * `createdAt` and `updatedAt` as n8n's do, and are returned.
 */
export class DataTable implements INodeType {
	description = standIn({
		displayName: 'Data table',
		name: 'dataTable',
		group: ['input', 'transform'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		description: 'Stores rows in a table of this process (engine stand-in)',
		defaults: { name: 'Data table' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'string', default: 'row' },
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'insert' },
			{ displayName: 'Data Table', name: 'dataTableId', type: 'json', default: {} },
			{ displayName: 'Match Type', name: 'matchType', type: 'string', default: 'anyCondition' },
			{ displayName: 'Filters', name: 'filters', type: 'json', default: {} },
			{ displayName: 'Columns', name: 'columns', type: 'json', default: {} },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const refuse = (what: string) => new NodeOperationError(node, `the engine's Data Table stand-in supports ${what}`);
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let index = 0; index < items.length; index++) {
			const operation = this.getNodeParameter('operation', index) as string;
			const table = this.getNodeParameter('dataTableId', index) as { mode?: string; value?: string };
			if (this.getNodeParameter('resource', index) !== 'row') throw refuse('resource "row" only');
			if (table.mode !== 'name' || !table.value) throw refuse('a table chosen "By Name" only');
			if (this.getNodeParameter('columns.mappingMode', index) !== 'autoMapInputData') throw refuse('columns mapped automatically only');
			const rows = engineDataTables.get(table.value) ?? [];
			engineDataTables.set(table.value, rows);
			const data = { ...items[index].json };
			const now = new Date().toISOString();
			let row: IDataObject | undefined;
			if (operation === 'upsert') {
				const conditions = ((this.getNodeParameter('filters', index, {}) as { conditions?: Condition[] }).conditions ?? []);
				if (conditions.length === 0 || conditions.some((c) => c.condition !== 'eq')) throw refuse('upsert with "eq" conditions only');
				const any = this.getNodeParameter('matchType', index) === 'anyCondition';
				const matches = (candidate: IDataObject) =>
					any ? conditions.some((c) => candidate[c.keyName] === c.keyValue) : conditions.every((c) => candidate[c.keyName] === c.keyValue);
				row = rows.find(matches);
				if (row) Object.assign(row, data, { updatedAt: now });
			} else if (operation !== 'insert') throw refuse('operations "insert" and "upsert" only');
			if (!row) {
				row = { id: rows.length + 1, ...data, createdAt: now, updatedAt: now };
				rows.push(row);
			}
			output.push({ json: { ...row }, pairedItem: { item: index } });
		}
		return [output];
	}
}
