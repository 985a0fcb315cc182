/**
 * What the real-n8n example tests (*.test.ts beside this file, one per examples/*.json) share. Global
 * setup imported every example with the plain `n8n import:workflow --input=<file>`; each test file reads
 * its example back over n8n's REST API and runs it headless with `n8n execute --id … --rawOutput`, the
 * vendors answered by the tests' own stand-ins (../vendor-stand-ins.ts) and the self-hosted example by
 * the real livekit-server and worker.
 *
 * For each example (describeExample): the stored workflow is the file's; the run succeeds; the records
 * node emits its records; each package node's Result output has one paired row per input item, with the
 * structured columns holding the values built from that record; its Config output re-emits the input
 * items; the stand-ins received exactly the documented requests (method, path, auth with the test key,
 * the body fields per record); and no API key or LiveKit secret is anywhere in the run's data.
 */
import { join } from 'node:path';

import { EXAMPLE_DATA_TABLES, pointAtN8n, prepareTriggeredExamples, TRIGGER_NODE_TYPE, type PreparedExample } from '../../../scripts/n8n/examples';
import { PACKAGE_NAME } from '../../../scripts/n8n/runtime';
import { EXAMPLES, loadExample, RECORD_COUNTS, targetsOf, TRIGGERED_EXAMPLES } from '../../harness/examples';
import { TEST_KEYS } from '../fixtures';
import { executeWorkflow, rest, testState, type CliRun, type RunItem } from '../state';
import { api } from '../webhooks';
import { clearStandInRequests, standInRequests, type RecordedVendorRequest } from '../vendor-stand-ins';

export { PACKAGE_NAME as PACKAGE };

/** The outer describe of every example test file. */
export const SUITE = 'examples/*.json in a real n8n 2.41.1';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
export interface WorkflowFile {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }> | null> }>;
	settings?: Record<string, unknown>;
}
export type Rec = Record<string, any>;

export const state = testState();
/** An example as n8n stores it: the file, pointed at this n8n (the examples name http://127.0.0.1:5678). */
export const load = (file: string) => JSON.parse(pointAtN8n(JSON.stringify(loadExample<WorkflowFile>(file)), state.url)) as WorkflowFile;
export const SECRETS = [...Object.values(TEST_KEYS), state.livekit.apiSecret, state.webhookSecret];
export const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
export { jwtClaims } from '../../harness/jwt';
const authOf = (key: string) => `Bearer ${key}`;

export interface Example {
	file: string;
	workflow: WorkflowFile;
	run: CliRun;
	requests: RecordedVendorRequest[];
	/** Wall-clock bounds of the execute, in ms since the epoch. */
	started: number;
	ended: number;
	/** The Code node's name and the package nodes' names, in flow order. */
	recordsNode: string;
	packageNodes: string[];
}

/** Trigger → records node → package node(s), followed through the connections. */
function flowOf(workflow: WorkflowFile) {
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
	const [recordsNode] = targetsOf(workflow, trigger.name);
	const packageNodes: string[] = [];
	for (let next = targetsOf(workflow, recordsNode); next.length; next = targetsOf(workflow, next[0])) {
		expect(next).toHaveLength(1);
		packageNodes.push(next[0]);
	}
	return { recordsNode, packageNodes };
}

async function runExample(file: string): Promise<Example> {
	const workflow = load(file);
	await clearStandInRequests(state.standIns);
	const started = Date.now();
	const run = await executeWorkflow(state, workflow.id);
	const ended = Date.now();
	const requests = await standInRequests(state.standIns);
	return { file, workflow, run, requests, started, ended, ...flowOf(workflow) };
}

export const output = (example: Example, node: string, index: number): RunItem[] => example.run.outputs[node]?.[index] ?? [];
export const json = (items: RunItem[]) => items.map((item) => item.json);
export const records = (example: Example) => json(output(example, example.recordsNode, 0)) as Rec[];

/**
 * describe(SUITE) › describe(`examples/<file>`, or the title given): runs the example once (beforeAll),
 * gives it the checks every example gets, then the example's own (`body`, handed a getter of the run;
 * it returns undefined in an afterAll when the run failed). Prints how long `n8n execute` took.
 */
export function describeExample(example: string | { file: string; title: string }, body: (example: () => Example) => void) {
	const { file, title } = typeof example === 'string' ? { file: example, title: `examples/${example}` } : example;
	describe(SUITE, () => {
		describe(title, () => {
			let ran: Example | undefined;
			beforeAll(async () => {
				ran = await runExample(file);
			});
			afterAll(() => {
				if (ran) process.stdout.write(`\n[real n8n] n8n execute ${file}: ${((ran.ended - ran.started) / 1000).toFixed(1)} s\n`);
			});
			const get = () => ran!;
			commonChecks(file, get);
			body(get);
		});
	});
}

/** The example as n8n stores it equals the file (pointed at this n8n); `active` when given. */
async function expectStoredAsFile(file: string, active?: boolean) {
	const workflow = load(file);
	const { status, body } = await rest<{ data: WorkflowFile & Rec }>(state, `/rest/workflows/${workflow.id}`);
	expect(status).toBe(200);
	const stored = body.data;
	expect({ id: stored.id, name: stored.name }).toEqual({ id: workflow.id, name: workflow.name });
	if (active !== undefined) expect(stored.active).toBe(active);
	expect(stored.nodes).toEqual(workflow.nodes);
	expect(stored.connections).toEqual(workflow.connections);
	expect(stored.settings).toMatchObject(workflow.settings ?? {});
}

/** The checks every example gets, whatever it does. */
function commonChecks(file: string, get: () => Example) {
	it('is stored by n8n exactly as the file has it (read back over the REST API)', async () => {
		await expectStoredAsFile(file, false);
	});

	it('runs headless to success; the records node emits its records', () => {
		const example = get();
		expect(example.run.error).toBeUndefined();
		expect(example.run.status).toBe('success');
		expect(Object.keys(example.run.outputs).sort()).toEqual(example.workflow.nodes.map((node) => node.name).sort());
		expect(example.packageNodes.length).toBeGreaterThan(0);
		for (const name of example.packageNodes) expect(example.workflow.nodes.find((node) => node.name === name)!.type.startsWith(`${PACKAGE_NAME}.`)).toBe(true);
		const emitted = records(example);
		expect(emitted).toHaveLength(RECORD_COUNTS[file]);
		for (const record of emitted) expect(Object.keys(record).length).toBeGreaterThan(0);
	});

	it('each package node: one paired Result row per input item; Config re-emits the input items, paired', () => {
		const example = get();
		let input = output(example, example.recordsNode, 0);
		for (const name of example.packageNodes) {
			expect(example.run.outputs[name]).toHaveLength(2);
			const result = output(example, name, 0);
			const config = output(example, name, 1);
			expect(result).toHaveLength(input.length);
			expect(result.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			for (const row of json(result)) expect(row.error).toBeUndefined();
			expect(json(config)).toEqual(json(input));
			expect(config.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			input = result;
		}
	});

	it('no API key and no LiveKit secret anywhere in the run data (nor in what `n8n execute` printed, where state.ts keeps it)', () => {
		const everything = JSON.stringify(get().run.raw);
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
		for (const secret of SECRETS) expect(get().run.log).not.toContain(secret);
	});
}

/** Every recorded request carries the vendor's test key and a JSON body type (when it has a body). */
export function expectAuthenticated(requests: RecordedVendorRequest[], vendor: RecordedVendorRequest['vendor'], key: string) {
	for (const request of requests) {
		expect(request.vendor).toBe(vendor);
		expect(request.headers.authorization).toBe(authOf(key));
		if (request.method !== 'GET') expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.status).toBeLessThan(300);
	}
}

/** The one request whose body satisfies `match`. */
export function requestFor(requests: RecordedVendorRequest[], match: (body: Rec) => boolean): RecordedVendorRequest {
	const found = requests.filter((request) => match((request.body ?? {}) as Rec));
	expect(found).toHaveLength(1);
	return found[0];
}

export interface TriggeredExample {
	file: string;
	workflow: WorkflowFile;
	/** The trigger node and its production URL. */
	trigger: WorkflowNode;
	url: string;
	/** What preparing it (as `npm run n8n` does) did. */
	prepared: PreparedExample;
	/** Its data tables in the owner's personal project, by name. */
	projectId: string;
	tables: Record<string, string>;
}

/**
 * The checks an example a Realtime Voice Trigger starts gets (TRIGGERED_EXAMPLES: no Manual Trigger, no
 * records): imported as the file has it, then prepared as `npm run n8n` prepares it (its data tables
 * created, the workflow activated: scripts/n8n/examples.ts), idempotently. `body` gets the prepared example.
 */
export function describeTriggeredExample(file: string, body: (example: () => TriggeredExample) => void) {
	describe(SUITE, () => {
		describe(`examples/${file} (started by the Realtime Voice Trigger)`, () => {
			let prepared: TriggeredExample | undefined;
			beforeAll(async () => {
				// Another test file may have prepared it already (the real loop does): preparing is idempotent.
				const [result] = await prepareTriggeredExamples(api(state), [join(EXAMPLES, file)]);
				const workflow = load(file);
				const trigger = workflow.nodes.find((node) => node.name === TRIGGERED_EXAMPLES[file].trigger)!;
				const projectId = await api(state).personalProjectId();
				prepared = {
					file,
					workflow,
					trigger,
					url: `${state.url}/webhook/${String((trigger as WorkflowNode & { webhookId?: string }).webhookId)}/realtime-voice`,
					prepared: result,
					projectId,
					tables: Object.fromEntries(result.tables.map((table) => [table.name, table.id])),
				};
			});
			const get = () => prepared!;

			it('is stored by n8n as the file has it; its trigger is the Realtime Voice Trigger with the "Realtime Voice Webhook" credential', async () => {
				await expectStoredAsFile(file);
				const { trigger } = get();
				expect(trigger.type).toBe(TRIGGER_NODE_TYPE);
				expect(trigger.credentials).toEqual({ realtimeVoiceWebhookApi: { id: 'rtvWebhookSecret', name: 'Realtime Voice Webhook' } });
				expect(get().workflow.nodes.filter((node) => node.type === TRIGGER_NODE_TYPE)).toHaveLength(1);
			});

			it('prepared as npm run n8n does: its data tables exist with their columns, and it is active; preparing again changes nothing', async () => {
				const example = get();
				expect(example.prepared.active).toBe(true);
				expect((await api(state).workflow(example.workflow.id)).active).toBe(true);
				for (const [name, id] of Object.entries(example.tables)) {
					const columns = await api(state).dataTableColumns(example.projectId, id);
					expect(columns.map(({ name: column, type }) => ({ name: column, type }))).toEqual(EXAMPLE_DATA_TABLES[name]);
				}
				const [again] = await prepareTriggeredExamples(api(state), [join(EXAMPLES, file)]);
				expect(again).toEqual({ ...example.prepared, activated: false, tables: example.prepared.tables.map((table) => ({ ...table, created: false })) });
			});

			it('refuses an unsigned request with 401', async () => {
				const response = await fetch(get().url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
				expect(response.status).toBe(401);
			});

			body(get);
		});
	});
}
