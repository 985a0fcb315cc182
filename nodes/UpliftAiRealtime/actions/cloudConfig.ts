/**
 * The configuration an UpliftAI operation sends: the shared schema's, minus what only the bundled
 * self-hosted worker runs (session metadata, events, webhook and MCP tools, the webhook LLM). Those
 * fail the item before any request, naming the field, instead of being dropped or refused by the cloud.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { cloudMissingFields, selfHostedOnlyFields, type AssistantConfig, type AssistantConfigPatch } from '../../../src/config';
import { invalidInput } from '../../shared/bodyInput';
import { readCompleteConfig, readConfigPatch } from '../../shared/configInput';

function refuseSelfHostedOnly(fn: IExecuteFunctions, itemIndex: number, config: AssistantConfigPatch): void {
	const problems = selfHostedOnlyFields(config);
	// Each problem reads `config.events: it needs …`; the field is the path before the colon.
	if (problems.length) throw invalidInput(fn, itemIndex, 'Configuration not supported by UpliftAI', problems, { fieldOf: (problem) => problem.split(/[:\s]/)[0] });
}

/**
 * `type: "client"` is this package's name for UpliftAI's only kind of tool; the cloud's documented tool
 * has no `type` field (seed 000), so it is left out of what is sent.
 */
function withoutClientType<T extends AssistantConfigPatch>(config: T): T {
	const tools = config.agent?.tools;
	if (!tools?.some((tool) => tool.type === 'client')) return config;
	return { ...config, agent: { ...config.agent, tools: tools.map((tool) => (tool.type === 'client' ? (({ type: _type, ...rest }) => rest)(tool) : tool)) } };
}

/** A complete configuration (assistant Create, ad-hoc session), validated and checked for the cloud. */
export function readCloudConfig(this: IExecuteFunctions, itemIndex: number): AssistantConfig {
	const config = readCompleteConfig.call(this, itemIndex);
	refuseSelfHostedOnly(this, itemIndex, config);
	const missing = cloudMissingFields(config);
	if (missing.length) throw invalidInput(this, itemIndex, 'Incomplete configuration for UpliftAI', missing);
	return withoutClientType(config);
}

/** A partial configuration (assistant Update), validated and checked for the cloud. */
export function readCloudConfigPatch(this: IExecuteFunctions, itemIndex: number): AssistantConfigPatch {
	const patch = readConfigPatch.call(this, itemIndex);
	refuseSelfHostedOnly(this, itemIndex, patch);
	return withoutClientType(patch);
}
