/**
 * One row of the provisioning benchmark: 1,000 UpliftAI ad-hoc creates through n8n's engine, either
 * by our node at its default options or by n8n's HTTP Request node (n8n-nodes-base 2.41.1) with
 * batching set by hand, against the vendor process (vendor.ts).
 */
import { Session } from 'node:inspector/promises';

import { NodeHelpers, type IDataObject, type INode, type INodeType, type IVersionedNodeType } from 'n8n-workflow';

import { addBaseNode, executeWorkflow, loadNodeType, outputItems, PACKAGE, type WorkflowJson } from '../../scripts/local-stack/n8n-engine';
import { completeConfig } from '../../test/harness/data';
import '../../test/harness/setup-env';

export interface RowResult {
	wallSeconds: number;
	/** Output rows that hold a session (a room name). */
	ok: number;
	/** CPU of the node's own `execute` (our code and the n8n helpers it calls), ms per item. */
	nodeCpuMsPerItem: number;
	/** The part of it in the kernel (sockets; on loopback the kernel also delivers to the vendor). */
	nodeSystemMsPerItem: number;
}

/** The complete ad-hoc configuration UpliftAI requires (../shared/spec/apis.md), one per record. */
export const records = (count: number) => Array.from({ length: count }, (_, index) => ({ name: `Customer ${index}`, config: completeConfig() }));

const API_KEY = 'sk_api_bench_not_a_secret';

/** CPU spent inside a node type's `execute` (the process does nothing else while it runs). */
function metered(node: INodeType) {
	let micros = 0;
	let systemMicros = 0;
	const execute = node.execute!;
	node.execute = async function (this: never, ...args: never[]) {
		const before = process.cpuUsage();
		try {
			return await (execute as (...a: never[]) => Promise<never>).apply(this, args);
		} finally {
			const spent = process.cpuUsage(before);
			micros += spent.user + spent.system;
			systemMicros += spent.system;
		}
	};
	const take = () => {
		const spent = { total: micros / 1000, system: systemMicros / 1000 };
		micros = systemMicros = 0;
		return spent;
	};
	return { take, restore: () => (node.execute = execute) };
}

/** Records (a Manual Trigger whose items the run pins) → Node. */
export function workflow(node: Omit<INode, 'id' | 'name' | 'position'>): WorkflowJson {
	return {
		name: 'provisioning benchmark',
		nodes: [
			{ id: 'records', name: 'Records', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'node', name: 'Node', position: [220, 0], ...node },
		],
		connections: { Records: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
	};
}

async function run(definition: WorkflowJson, node: INodeType, count: number, credentials: Record<string, IDataObject> = {}): Promise<RowResult> {
	const meter = metered(node);
	try {
		const started = performance.now();
		const result = await executeWorkflow(definition, { credentials: credentials as never, records: records(count), recordsNode: 'Records' });
		const wallSeconds = (performance.now() - started) / 1000;
		const ok = outputItems(result, 'Node').filter((item) => item.json.roomName ?? (item.json as { body?: IDataObject }).body?.roomName).length;
		const cpu = meter.take();
		return { wallSeconds, ok, nodeCpuMsPerItem: cpu.total / count, nodeSystemMsPerItem: cpu.system / count };
	} finally {
		meter.restore();
	}
}

/** Our UpliftAI node, Session → Create Ad-hoc, every option at its default. */
export async function ourNode(vendorUrl: string, count: number): Promise<RowResult> {
	const node = loadNodeType(`${PACKAGE}.upliftAiRealtime`);
	const definition = workflow({
		type: `${PACKAGE}.upliftAiRealtime`,
		typeVersion: 1,
		parameters: { resource: 'session', operation: 'createAdhoc', participantName: '={{ $json.name }}', configSource: 'inputField' },
		credentials: { upliftAiApi: { id: 'upliftai', name: 'UpliftAI' } },
	});
	return await run(definition, node, count, { upliftAiApi: { apiKey: API_KEY, baseUrl: vendorUrl } });
}

export interface HttpSetting {
	/** Requests sent together, then a pause of `batchIntervalMs` (the node's Options → Batching). */
	batchSize: number;
	batchIntervalMs: number;
}

const HTTP_REQUEST_VERSION = 4.2;

/**
 * n8n's HTTP Request node sending the same request, tuned by hand: batching as given, and the node
 * setting a user turns on against 429s (Retry On Fail: 3 tries, 1 s apart), which re-runs the whole
 * node and so creates again what the failed try had created.
 */
export async function httpRequestNode(vendorUrl: string, count: number, setting: HttpSetting): Promise<RowResult> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node') as { HttpRequest: new () => IVersionedNodeType };
	const versioned = new HttpRequest();
	addBaseNode('n8n-nodes-base.httpRequest', versioned as unknown as INodeType);
	const node = NodeHelpers.getVersionedNodeType(versioned, HTTP_REQUEST_VERSION) as INodeType;
	const definition = workflow({
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 1000,
		parameters: {
			method: 'POST',
			url: `${vendorUrl}/realtime-assistants/adhoc/createSession`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${API_KEY}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ participantName: $json.name, config: $json.config }) }}',
			options: { batching: { batch: { batchSize: setting.batchSize, batchInterval: setting.batchIntervalMs } } },
		},
	});
	return await run(definition, node, count);
}

export interface CpuBreakdown {
	/** ms per item, by whose code the CPU profile's samples were in. */
	package: number;
	nodeHttp: number;
	n8n: number;
	native: number;
	other: number;
}

/**
 * Our node again under V8's sampling profiler, to say whose code the CPU goes to: this package's
 * (its nodes, shared code and zod schema checks), Node's HTTP client, n8n's (parameters, helpers),
 * or native work (socket system calls, garbage collection). Idle samples are left out.
 */
export async function profiledOurNode(vendorUrl: string, count: number): Promise<CpuBreakdown> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	await ourNode(vendorUrl, count);
	const { profile } = await session.post('Profiler.stop');
	session.disconnect();
	const spent: CpuBreakdown = { package: 0, nodeHttp: 0, n8n: 0, native: 0, other: 0 };
	const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	profile.samples!.forEach((id, index) => {
		const frame = nodes.get(id)!;
		const micros = profile.timeDeltas![index] ?? 0;
		if (frame.functionName === '(idle)') return;
		const url = frame.url;
		const key: keyof CpuBreakdown =
			url === ''
				? 'native'
				: /node_modules\/zod\//.test(url) || (!url.includes('node_modules') && /\/(nodes|src|credentials)\//.test(url))
					? 'package'
					: url.startsWith('node:')
						? 'nodeHttp'
						: /node_modules\/(n8n-|@n8n\/)/.test(url)
							? 'n8n'
							: 'other';
		spent[key] += micros / 1000 / count;
	});
	return spent;
}
