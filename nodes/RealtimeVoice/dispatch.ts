/**
 * Keeping MCP server headers (they often hold a bearer token) out of what the node shows. The worker
 * needs them, so the dispatch metadata LiveKit stores carries them; LiveKit echoes that metadata in
 * the dispatch object the Raw Response returns, and an error could quote them.
 */
import type { IDataObject } from 'n8n-workflow';

import type { AssistantConfig } from '../../src/config';
import { isPlainObject } from '../shared/objects';

export const REDACTED = '[redacted]';

/** Every MCP header value of the configuration, and the credential part of `<scheme> <credential>`. */
export function mcpHeaderSecrets(config: AssistantConfig): string[] {
	const values = (config.agent.tools ?? []).flatMap((tool) => (tool.type === 'mcp' ? Object.values(tool.headers ?? {}) : []));
	return values.flatMap((value) => {
		const credential = /^\S+\s+(\S.*)$/.exec(value)?.[1];
		return credential ? [value, credential] : [value];
	});
}

/** The config with every MCP header value replaced by `[redacted]` (header names stay, for debugging). */
function redactConfig(config: IDataObject): IDataObject {
	const agent = config.agent as IDataObject | undefined;
	if (!isPlainObject(agent) || !Array.isArray(agent.tools)) return config;
	const tools = (agent.tools as IDataObject[]).map((tool) =>
		isPlainObject(tool) && tool.type === 'mcp' && isPlainObject(tool.headers)
			? { ...tool, headers: Object.fromEntries(Object.keys(tool.headers).map((name) => [name, REDACTED])) }
			: tool,
	);
	return { ...config, agent: { ...agent, tools } };
}

/**
 * A dispatch as LiveKit returned it (`AgentDispatch.toJson()`), with the MCP header values in its
 * metadata (the encoded dispatch metadata: `{version, createdBy, participant, config}`) redacted.
 * Metadata that is not ours is returned unchanged.
 */
export function redactDispatch(dispatch: IDataObject): IDataObject {
	if (typeof dispatch.metadata !== 'string') return dispatch;
	let metadata: unknown;
	try {
		metadata = JSON.parse(dispatch.metadata);
	} catch {
		return dispatch;
	}
	if (!isPlainObject(metadata) || !isPlainObject(metadata.config)) return dispatch;
	return { ...dispatch, metadata: JSON.stringify({ ...metadata, config: redactConfig(metadata.config) }) };
}

/**
 * Every string in `value` with the secrets replaced, also where they appear JSON-escaped (inside an
 * encoded metadata string, e.g. a job's copy of the dispatch metadata).
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
	const forms = [...new Set(secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))].filter((form) => form.length >= 4);
	if (!forms.length) return value;
	const walk = (node: unknown): unknown => {
		if (typeof node === 'string') return forms.reduce((text, form) => text.split(form).join(REDACTED), node);
		if (Array.isArray(node)) return node.map(walk);
		if (isPlainObject(node)) return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
		return node;
	};
	return walk(value) as T;
}
