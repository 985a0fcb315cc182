/**
 * What the example workflows need from an n8n beyond being imported, shared by `npm run n8n` and the
 * real-n8n tests so both do exactly the same:
 *
 * - The examples address n8n as {@link EXAMPLE_N8N_URL} (e.g. the Events URL of
 *   provision-per-record-with-events.json). An n8n on another port gets them pointed at itself
 *   ({@link pointAtN8n}), as a user would edit the URL.
 * - An example started by a Realtime Voice Trigger answers the worker only while it is active, and
 *   its Data Table node needs its table: {@link prepareTriggeredExamples} creates the table (columns
 *   from {@link EXAMPLE_DATA_TABLES}) in the owner's personal project and activates the workflow.
 */
import { readFileSync } from 'node:fs';

import { PACKAGE_NAME } from './runtime';
import type { DataTableColumn, N8nApi } from './rest';

/** The n8n URL the examples are written for: `npm run n8n`'s default. */
export const EXAMPLE_N8N_URL = 'http://127.0.0.1:5678';

/** Workflow JSON text with {@link EXAMPLE_N8N_URL} replaced by `n8nUrl` (unchanged when they are the same). */
export const pointAtN8n = (text: string, n8nUrl: string): string => (n8nUrl === EXAMPLE_N8N_URL ? text : text.split(`${EXAMPLE_N8N_URL}/`).join(`${n8nUrl.replace(/\/$/, '')}/`));

/** The trigger node type of this package. */
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.realtimeVoiceTrigger`;
const DATA_TABLE_NODE_TYPE = 'n8n-nodes-base.dataTable';

/**
 * The data tables the examples write to, by name, with their columns: for
 * session-outcome-to-data-table.json the fields its "Outcome Row" Code node builds.
 */
export const EXAMPLE_DATA_TABLES: Record<string, DataTableColumn[]> = {
	'Voice session outcomes': [
		{ name: 'crmId', type: 'string' },
		{ name: 'campaign', type: 'string' },
		{ name: 'participant', type: 'string' },
		{ name: 'roomName', type: 'string' },
		{ name: 'reason', type: 'string' },
		{ name: 'durationSeconds', type: 'number' },
		{ name: 'greeting', type: 'string' },
		{ name: 'userTurns', type: 'number' },
		{ name: 'transcript', type: 'string' },
		{ name: 'sttAudioSeconds', type: 'number' },
		{ name: 'llmTokens', type: 'number' },
		{ name: 'ttsCharacters', type: 'number' },
		{ name: 'latencyP50Ms', type: 'number' },
		{ name: 'endedAt', type: 'string' },
	],
};

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: Array<{ type: string; parameters?: { dataTableId?: { mode?: string; value?: unknown } } }>;
}

/** A workflow file's trigger-started facts: whether a Realtime Voice Trigger starts it, the data tables it names. */
export function triggeredExample(file: string): { id: string; name: string; tables: string[] } | undefined {
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as ExampleWorkflow;
	if (!workflow.nodes.some((node) => node.type === TRIGGER_NODE_TYPE)) return undefined;
	const tables = workflow.nodes
		.filter((node) => node.type === DATA_TABLE_NODE_TYPE)
		.map((node) => node.parameters?.dataTableId)
		.map((locator) => {
			if (locator?.mode !== 'name' || typeof locator.value !== 'string') throw new Error(`${file}: a Data Table node must name its table (mode "name") so it can be created`);
			if (!EXAMPLE_DATA_TABLES[locator.value]) throw new Error(`${file}: no columns known for the data table "${locator.value}" (scripts/n8n/examples.ts EXAMPLE_DATA_TABLES)`);
			return locator.value;
		});
	return { id: workflow.id, name: workflow.name, tables: [...new Set(tables)] };
}

export interface PreparedExample {
	id: string;
	name: string;
	/** Tables it writes to, and whether this call created them. */
	tables: Array<{ name: string; id: string; created: boolean }>;
	/** Active now. */
	active: boolean;
	/** Activated by this call (false: already active, or left as the user had it). */
	activated: boolean;
}

/**
 * For each workflow file a Realtime Voice Trigger starts: its data tables exist in the owner's
 * personal project (created when missing, left alone otherwise) and, when `activate(id)` says so
 * (default: always), the workflow is active. Idempotent.
 */
export async function prepareTriggeredExamples(api: N8nApi, files: string[], options: { activate?(id: string): boolean } = {}): Promise<PreparedExample[]> {
	const projectId = await api.personalProjectId();
	const prepared: PreparedExample[] = [];
	for (const file of files) {
		const example = triggeredExample(file);
		if (!example) continue;
		const tables = [];
		for (const name of example.tables) {
			const { table, created } = await api.ensureDataTable(projectId, name, EXAMPLE_DATA_TABLES[name]);
			tables.push({ name, id: table.id, created });
		}
		const activated = (options.activate?.(example.id) ?? true) ? await api.activateWorkflow(example.id) : false;
		const active = activated || (await api.workflow(example.id)).active;
		prepared.push({ id: example.id, name: example.name, tables, active, activated });
	}
	return prepared;
}
