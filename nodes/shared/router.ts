/** Dispatches resource/operation to its module and returns both outputs: Result and Config. */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { passthrough, runOperation, type Operation } from './runner';

// `any`: each operation module has its own prepared-item type.
export type OperationModule = Operation<any> & { description: INodeProperties[] };
export type OperationMap = Record<string, Record<string, OperationModule>>;

export async function route(
	this: IExecuteFunctions,
	operations: OperationMap,
	secrets: readonly string[],
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	const results = await runOperation.call(this, items, handler, { secrets });
	return [results, passthrough(items)];
}
