/**
 * Maps the self-hosted-only Define-Below fields (selfHostedDescription.ts) onto the configuration:
 * `events`, `session.metadata`, the tools editor and the webhook LLM. Values are passed on as given,
 * for the shared schema to judge (its messages name `config.…` paths); only what the schema cannot
 * see (a key or tool name set in two parameters) is checked here, by `selfHostedFieldConflict`.
 */
import type { IDataObject } from 'n8n-workflow';

import { numberFromText, parseJsonOrNote, setPath } from './bodyInput';
import { isPlainObject } from './objects';

/** The parameters read for a complete configuration besides the common fields. */
export const SELF_HOSTED_FIELD_NAMES = [
	'llmWebhookUrl', 'llmWebhookTimeout', 'eventsUrl', 'eventTypes', 'sessionMetadata', 'sessionMetadataJson', 'toolList',
] as const;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The rows of a fixedCollection value (`{ entry: [...] }`); none when unset. */
const rowsOf = (collection: unknown, key: string): IDataObject[] =>
	isPlainObject(collection) && Array.isArray(collection[key]) ? (collection[key] as IDataObject[]) : [];

/** Drops unset values, so a field the tool's type does not use is never sent. */
const present = (entry: Record<string, unknown>): IDataObject =>
	Object.fromEntries(Object.entries(entry).filter(([, value]) => !isBlank(value))) as IDataObject;

/**
 * One row of the Tools editor as an entry of the schema's tool union. A client tool is written
 * without `type` (UpliftAI's form); MCP headers `{}` and an empty Allowed Tools mean "none given".
 */
export function toolFromRow(row: IDataObject): IDataObject {
	const type = String(row.type ?? 'webhook');
	const timeout = isBlank(row.timeout) ? undefined : numberFromText(row.timeout);
	if (type === 'mcp') {
		const headers = parseJsonOrNote(row.headers);
		const allowed = String(row.allowedTools ?? '')
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
		return present({
			type,
			url: typeof row.url === 'string' ? row.url.trim() : row.url,
			headers: isPlainObject(headers) && Object.keys(headers).length === 0 ? undefined : headers,
			allowedTools: allowed.length ? allowed : undefined,
			timeout,
		});
	}
	return present({
		type: type === 'client' ? undefined : type,
		name: typeof row.name === 'string' ? row.name.trim() : row.name,
		description: row.description,
		parameters: parseJsonOrNote(row.parameters),
		url: type === 'webhook' && typeof row.url === 'string' ? row.url.trim() : undefined,
		timeout,
	});
}

/** Metadata (JSON) merged with the Metadata entries; undefined when both are empty. */
function metadataFromFields(values: IDataObject): unknown {
	const json = parseJsonOrNote(values.sessionMetadataJson);
	// Not an object (broken JSON becomes a note, or a list): the schema names config.session.metadata.
	if (json !== undefined && !isPlainObject(json)) return json;
	const merged: IDataObject = { ...(json ?? {}) };
	for (const { key, value } of rowsOf(values.sessionMetadata, 'entry')) {
		if (isBlank(key) && isBlank(value)) continue;
		merged[String(key).trim()] = (value ?? '') as IDataObject[string];
	}
	return Object.keys(merged).length ? merged : undefined;
}

/** Tools (JSON) first, then the editor's rows. */
function toolsFromFields(values: IDataObject): unknown {
	const json = parseJsonOrNote(values.tools);
	const rows = rowsOf(values.toolList, 'tool').map(toolFromRow);
	if (!rows.length) return json;
	if (json === undefined) return rows;
	// Broken or non-list JSON: keep it as it is so the schema names config.agent.tools.
	return Array.isArray(json) ? [...json, ...rows] : json;
}

/** Sets the self-hosted parts of `config` from the field values (unset fields are left out). */
export function selfHostedConfigFromFields(config: IDataObject, values: IDataObject): void {
	setPath(config, ['agent', 'tools'], toolsFromFields(values));
	setPath(config, ['session', 'metadata'], metadataFromFields(values));
	setPath(config, ['events', 'webhookUrl'], typeof values.eventsUrl === 'string' ? values.eventsUrl.trim() : values.eventsUrl);
	if (Array.isArray(values.eventTypes) && values.eventTypes.length) setPath(config, ['events', 'types'], values.eventTypes);
	if (values.llmProvider === 'webhook') {
		setPath(config, ['llm', 'default', 'url'], typeof values.llmWebhookUrl === 'string' ? values.llmWebhookUrl.trim() : values.llmWebhookUrl);
		setPath(config, ['llm', 'default', 'timeout'], isBlank(values.llmWebhookTimeout) ? undefined : numberFromText(values.llmWebhookTimeout));
	}
}

export interface FieldConflict {
	field: string;
	message: string;
	description: string;
}

/** Names of the named tools in a tools list (MCP sources have none). */
const toolNames = (tools: unknown): string[] =>
	Array.isArray(tools) ? tools.filter((tool) => isPlainObject(tool) && tool.type !== 'mcp').map((tool) => String((tool as IDataObject).name ?? '')) : [];

/**
 * What the schema cannot report by parameter: a metadata entry without a key, a metadata key set in
 * both Metadata and Metadata (JSON), MCP headers that are not JSON (reported without quoting them),
 * a tool name used in both Tools and Tools (JSON).
 */
export function selfHostedFieldConflict(values: IDataObject): FieldConflict | undefined {
	const entries = rowsOf(values.sessionMetadata, 'entry');
	const keyless = entries.findIndex(({ key, value }) => isBlank(key) && !isBlank(value));
	if (keyless !== -1) {
		return { field: 'sessionMetadata', message: `Metadata entry ${keyless + 1} has a value but no key`, description: 'Give every Metadata entry a Key, e.g. crmId' };
	}
	const json = parseJsonOrNote(values.sessionMetadataJson);
	const twice = isPlainObject(json) ? entries.map(({ key }) => String(key ?? '').trim()).find((key) => key && key in json) : undefined;
	if (twice) {
		return { field: 'sessionMetadata', message: `Metadata key "${twice}" is set both in Metadata and in Metadata (JSON)`, description: 'Set each metadata key in one place only' };
	}
	const badHeaders = rowsOf(values.toolList, 'tool').findIndex((row) => row.type === 'mcp' && typeof parseJsonOrNote(row.headers) === 'string');
	if (badHeaders !== -1) {
		return {
			field: 'toolList',
			message: `Tools: Headers (JSON) of tool ${badHeaders + 1} is not valid JSON`,
			description: 'Write the headers as one JSON object, e.g. {"Authorization": "Bearer …"} (the text is not shown: headers may hold secrets)',
		};
	}
	const fromJson = new Set(toolNames(parseJsonOrNote(values.tools)));
	const clash = toolNames(rowsOf(values.toolList, 'tool').map(toolFromRow)).find((name) => name && fromJson.has(name));
	if (clash) {
		return {
			field: 'toolList',
			message: `Tool name "${clash}" is used both in Tools and in Tools (JSON)`,
			description: 'Tool names must be unique: the LLM calls a tool by its name. Rename one of them or remove it from one list.',
		};
	}
	return undefined;
}
