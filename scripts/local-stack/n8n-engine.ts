/**
 * Executes real n8n workflow JSON through n8n-core's WorkflowExecute, with this package's nodes and
 * credentials registered under the type names n8n gives a community package
 * (`n8n-nodes-realtime-voice.<node>`), so the same JSON imports into a real n8n.
 *
 * n8n-nodes-base is not loaded here (only the provisioning benchmark adds its HTTP Request node with
 * {@link addBaseNode}): its Manual Trigger and Code node have stand-ins (base-nodes.ts),
 * and so does Data Table (base-nodes-webhook.ts) for the outcome workflow, enough
 * for the example workflows (Manual Trigger → Code node holding the records → package node) and the
 * test workflows (Manual Trigger with pinned records → package node).
 */
import { Credentials, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import * as path from 'node:path';

import packageJson from '../../package.json';
import { CodeNode, ManualTrigger } from './base-nodes';
import { DataTable } from './base-nodes-webhook';
import { targetsOf, type MainConnections } from './workflow-graph';

export const PACKAGE = 'n8n-nodes-realtime-voice';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The package's nodes and credentials, exactly as its package.json `n8n` block declares them (so a
 * missing or misnamed entry fails here as it would in n8n). `dist/…/X.node.js` is loaded from its
 * TypeScript source `…/X.node.ts`; n8n's type name is the file name with a lower-case first letter,
 * which is checked against the loaded class. Loading is lazy: a workflow loads only what it uses.
 */
function declared<T extends { name: string } | { description: { name: string } }>(entries: string[], suffix: string) {
	const byName = new Map<string, { file: string; className: string }>();
	for (const entry of entries) {
		const base = path.basename(entry, `.${suffix}.js`);
		byName.set(base[0].toLowerCase() + base.slice(1), { file: path.join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '')), className: base });
	}
	const loaded = new Map<string, T>();
	return {
		names: () => [...byName.keys()],
		get(name: string): T | undefined {
			if (loaded.has(name)) return loaded.get(name);
			const declaration = byName.get(name);
			if (!declaration) return undefined;
			const { file, className } = declaration;
			// n8n loads the class named like the file (X.node.js exports class X); other exports are helpers.
			const Class = (require(file) as Record<string, new () => T>)[className];
			if (typeof Class !== 'function') throw new Error(`${file} exports no class ${className}`);
			const instance = new Class();
			const actual = 'description' in instance ? instance.description.name : instance.name;
			if (actual !== name) throw new Error(`${file} declares type "${actual}", expected "${name}" from its file name`);
			loaded.set(name, instance);
			return instance;
		},
	};
}

const packageNodes = declared<INodeType>(packageJson.n8n.nodes, 'node');
const packageCredentials = declared<ICredentialType>(packageJson.n8n.credentials, 'credentials');

/** Node and credential type names this package declares (for tests that check the declarations). */
export const declaredTypes = { nodes: packageNodes.names, credentials: packageCredentials.names };

const baseNodes: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'n8n-nodes-base.code': new CodeNode(),
	'n8n-nodes-base.dataTable': new DataTable(),
};
/** Registers one of n8n's own nodes (e.g. n8n-nodes-base's HTTP Request, for a comparison). */
export function addBaseNode(type: string, node: INodeType): void {
	baseNodes[type] = node;
}

function nodeType(type: string): INodeType {
	if (baseNodes[type]) return baseNodes[type];
	const node = type.startsWith(`${PACKAGE}.`) ? packageNodes.get(type.slice(PACKAGE.length + 1)) : undefined;
	if (!node) throw new Error(`unknown node type "${type}"`);
	return node;
}

export const loadNodeType = nodeType;
export { engineDataTables } from './base-nodes-webhook';
export const loadCredentialType = (name: string) => packageCredentials.get(name);

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeType(type),
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeType(type), version),
	getKnownTypes: () => ({}),
};

/** Applies a credential type's generic `authenticate` block as n8n's CLI does. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}
	getParentTypes() { return []; }
	isCredentialUsableByNode() { return true; }
	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, request: IHttpRequestOptions) {
		const auth = packageCredentials.get(typeName)?.authenticate;
		if (typeof auth === 'function') return await auth(credentials, request);
		if (auth?.type === 'generic') {
			for (const [section, values] of Object.entries(auth.properties) as Array<[keyof IHttpRequestOptions, IDataObject]>) {
				const target = ((request[section] as IDataObject | undefined) ??= {}) as IDataObject;
				(request as unknown as IDataObject)[section] = target;
				for (const [key, template] of Object.entries(values)) {
					target[key] = String(template)
						.replace(/^=/, '')
						.replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_m, field: string) => String(credentials[field] ?? ''));
				}
			}
		}
		return request;
	}
	async preAuthentication() { return undefined; }
	async runPreAuthentication() { return undefined; }
	async getCredentials() { return new Credentials({ id: null, name: '' }, '', ''); }
	async getDecrypted(_data: unknown, _node: unknown, type: string) { return this.data[type] ?? {}; }
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type: string) { return packageCredentials.get(type)?.properties ?? []; }
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IDataObject;
	pinData?: Record<string, Array<{ json: IDataObject }>>;
	settings?: IDataObject;
}

export interface RunOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/**
	 * Records that replace what the records node emits (pinned on it, so it does not run), e.g. the
	 * rows of another CSV instead of those an example's Code node holds.
	 */
	records?: IDataObject[];
	/** The node `records` replace the output of; by default {@link recordsNodeOf} the workflow. */
	recordsNode?: string;
}

function triggerOf(definition: WorkflowJson): INode {
	const trigger = definition.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error('workflows run here start with a Manual Trigger');
	return trigger;
}

/**
 * The node whose output is the workflow's records: the node directly upstream of the first package
 * node reached from the trigger (the Code node of an example, or the trigger of a test workflow whose
 * records are pinned on it).
 */
export function recordsNodeOf(definition: WorkflowJson): string {
	const trigger = triggerOf(definition);
	const seen = new Set([trigger.name]);
	const queue = [trigger.name];
	while (queue.length) {
		const parent = queue.shift()!;
		for (const child of targetsOf(definition, parent)) {
			const node = definition.nodes.find((candidate) => candidate.name === child);
			if (node?.type.startsWith(`${PACKAGE}.`)) return parent;
			if (!seen.has(child)) {
				seen.add(child);
				queue.push(child);
			}
		}
	}
	throw new Error(`no node of ${PACKAGE} is connected to the trigger "${trigger.name}"`);
}

/** A workflow for the engine, with this package's node types (and the base-node stand-ins). */
export function engineWorkflow(definition: WorkflowJson): Workflow {
	return new Workflow({
		id: definition.id ?? 'test',
		name: definition.name,
		nodes: definition.nodes,
		connections: definition.connections as never,
		nodeTypes,
		active: false,
		settings: definition.settings,
		staticData: {},
	});
}

/**
 * What n8n hands the engine for one execution: the lifecycle hooks, the credentials (by type name)
 * and n8n's URLs on localhost:5678; `extra` adds e.g. the webhook's request and response.
 */
export function engineAdditionalData(
	hooks: ExecutionLifecycleHooks,
	credentials: Record<string, ICredentialDataDecryptedObject> = {},
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	return {
		hooks,
		executionId: 'test-execution',
		variables: {},
		credentialsHelper: new TestCredentialsHelper(credentials),
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs the workflow from its trigger and resolves when the engine reports the run finished. */
export async function executeWorkflow(definition: WorkflowJson, options: RunOptions = {}): Promise<IRun> {
	const nodes = structuredClone(definition.nodes);
	const trigger = triggerOf(definition);
	const pinData = { ...(definition.pinData ?? {}) };
	if (options.records) {
		const recordsNode = options.recordsNode ?? recordsNodeOf(definition);
		if (!nodes.some((node) => node.name === recordsNode)) throw new Error(`records node "${recordsNode}" is not in the workflow`);
		pinData[recordsNode] = options.records.map((json) => ({ json }));
	}

	const workflow = engineWorkflow({ ...definition, nodes });
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', { id: workflow.id, name: definition.name, nodes, connections: definition.connections } as never);
	let finished!: (run: IRun) => void;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
	const additionalData = engineAdditionalData(hooks, options.credentials);

	await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: workflow.getNode(trigger.name)!, pinData: pinData as never });
	return await done;
}

/**
 * The records a workflow ships with: what its records node ({@link recordsNodeOf} by default) emits
 * when only it and the nodes upstream of it run through the engine (the example's Code node, or the
 * records pinned on a test workflow's trigger). No package node runs, so nothing is sent anywhere.
 */
export async function recordsOf(definition: WorkflowJson, recordsNode = recordsNodeOf(definition)): Promise<IDataObject[]> {
	const upstream = new Set<string>();
	const visit = (name: string) => {
		if (upstream.has(name)) return;
		upstream.add(name);
		for (const parent of Object.keys(definition.connections)) if (targetsOf(definition, parent).includes(name)) visit(parent);
	};
	visit(recordsNode);
	const keep = (name: string) => upstream.has(name);
	const connections = Object.fromEntries(
		Object.entries(definition.connections as MainConnections)
			.filter(([name]) => keep(name))
			.map(([name, value]) => [name, { main: (value?.main ?? []).map((output) => (output ?? []).filter((connection) => keep(connection.node))) }]),
	);
	const pinData = Object.fromEntries(Object.entries(definition.pinData ?? {}).filter(([name]) => keep(name)));
	const run = await executeWorkflow({ ...definition, nodes: definition.nodes.filter((node) => keep(node.name)), connections, pinData });
	const error = nodeError(run, recordsNode);
	if (error) throw new Error(`records node "${recordsNode}" failed: ${error.message}`);
	return outputJson(run, recordsNode);
}

/** Items a node emitted on one output in its first run. */
export function outputItems(run: IRun, nodeName: string, output = 0): INodeExecutionData[] {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run${run.data.resultData.error ? `: ${run.data.resultData.error.message}` : ''}`);
	return task.data?.main?.[output] ?? [];
}

export const outputJson = (run: IRun, nodeName: string, output = 0) => outputItems(run, nodeName, output).map((item) => item.json);

/** The error a node failed with, if it did. */
export function nodeError(run: IRun, nodeName: string) {
	return run.data.resultData.runData[nodeName]?.[0]?.error ?? run.data.resultData.error;
}
