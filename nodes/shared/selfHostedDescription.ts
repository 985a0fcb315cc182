/**
 * Define-Below fields that only the self-hosted worker runs (see src/config/selfHosted.ts): where the
 * session's events go, per-session metadata, the tools editor (client, webhook and MCP tools) and the
 * n8n-webhook LLM. Only the Realtime Voice node shows them; UpliftAI's cloud would refuse them.
 * Every field is read by `configFromFields` (configInput.ts) via `selfHostedConfigFromFields`.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TOOL_TIMEOUT_SECONDS } from '../../src/config';
import { SESSION_EVENT_TYPES } from '../../src/events';

const TRIGGER = 'Realtime Voice Trigger';

/** Labels of the session event types, in the order a session produces them. */
export const EVENT_TYPE_LABELS: Record<(typeof SESSION_EVENT_TYPES)[number], string> = {
	'session.started': 'Session Started',
	transcript: 'Transcript',
	'tool.called': 'Tool Called',
	'session.ended': 'Session Ended',
	'session.error': 'Session Error',
};

/** The event types as options, sorted by label as the editor lists them. */
export const eventTypeOptions = () =>
	SESSION_EVENT_TYPES.map((value) => ({ name: EVENT_TYPE_LABELS[value], value })).sort((a, b) => a.name.localeCompare(b.name));

/** Shown for LLM provider `webhook`: where each turn goes (`llm.default.url`, `llm.default.timeout`). */
export const llmWebhookProperties: INodeProperties[] = [
	{
		displayName: 'LLM Webhook URL',
		name: 'llmWebhookUrl',
		type: 'string',
		default: '',
		// Not `required`: n8n would then demand it whenever LLM Provider is an expression (as in the
		// examples), whatever the expression gives. The shared schema refuses a webhook LLM without it.
		placeholder: 'https://n8n.example.com/webhook/…/realtime-voice',
		description: 'Where the worker POSTs each turn of the conversation (signed); the answer is what the assistant says',
		hint: `Paste the Production URL of a ${TRIGGER} in LLM Reply mode`,
		displayOptions: { show: { llmProvider: ['webhook'] } },
	},
	{
		displayName: 'LLM Webhook Timeout (Seconds)',
		name: 'llmWebhookTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 120 },
		default: 30,
		description: 'How long the worker waits for the answer to start',
		displayOptions: { show: { llmProvider: ['webhook'] } },
	},
];

/** Events, metadata and the tools editor (`events`, `session.metadata`, `agent.tools`). */
export const sessionProperties: INodeProperties[] = [
	{
		displayName: 'Events URL',
		name: 'eventsUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/realtime-voice',
		description: 'Where the worker POSTs the session\'s events (signed): started, transcript, tool called, ended with transcript, usage and latency, error. Empty sends none.',
		hint: `Paste the Production URL of a ${TRIGGER} in Session Events mode`,
	},
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'multiOptions',
		options: eventTypeOptions(),
		default: [],
		description: 'Events to send to the Events URL; none selected sends all',
	},
	{
		displayName: 'Metadata',
		name: 'sessionMetadata',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add metadata',
		default: {},
		description: 'Values of this session (e.g. the record\'s CRM ID) returned in the Create output and in every event and webhook call. Flat: text, number or true/false; at most 8 KB.',
		options: [
			{
				name: 'entry',
				displayName: 'Entry',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'crmId', description: 'Name of the value (1-64 characters)' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: '={{ $json.crmId }}', description: 'Text, or a number or true/false from an expression' },
				],
			},
		],
	},
	{
		displayName: 'Metadata (JSON)',
		name: 'sessionMetadataJson',
		type: 'json',
		default: '{}',
		description: 'More metadata as one flat JSON object, e.g. {"crmId": "C-17", "tier": "gold"}; a key may not also be set under Metadata',
	},
	{
		displayName: 'Tools',
		name: 'toolList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add tool',
		default: {},
		description: 'Tools the assistant may call, in addition to Tools (JSON); names must be unique across both',
		options: [{ name: 'tool', displayName: 'Tool', values: toolValues() }],
	},
];

/** One tool of the editor; which fields show depends on its type. */
function toolValues(): INodeProperties[] {
	const named = { show: { type: ['client', 'webhook'] } };
	return [
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: [
				{ name: 'Client (User Device, RPC)', value: 'client', description: 'Runs in the user\'s app over LiveKit RPC' },
				{ name: 'MCP Server', value: 'mcp', description: 'Offers the tools of an MCP server (streamable HTTP)' },
				{ name: 'Webhook (Workflow)', value: 'webhook', description: `POSTs the arguments (signed) to a URL, e.g. a ${TRIGGER} in Tool Call mode; the answer is the result` },
			],
			default: 'webhook',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'lookup_order', description: 'Function name the LLM calls: 1-64 letters, digits, "_" or "-"', displayOptions: named },
		{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'What the tool does and when to use it, for the LLM', displayOptions: named },
		{
			displayName: 'Parameters (JSON Schema)',
			name: 'parameters',
			type: 'json',
			default: '{\n  "type": "object",\n  "properties": {}\n}',
			description: 'JSON Schema of the arguments (an object schema)',
			displayOptions: named,
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.example.com/webhook/…/realtime-voice',
			description: 'Webhook: where the call is POSTed. MCP: the server\'s streamable HTTP endpoint.',
			hint: `For a webhook tool, paste the Production URL of a ${TRIGGER} in Tool Call mode`,
			displayOptions: { show: { type: ['webhook', 'mcp'] } },
		},
		{
			displayName: 'Headers (JSON)',
			name: 'headers',
			type: 'json',
			default: '{}',
			description: 'Sent with every request to the MCP server, e.g. {"Authorization": "Bearer …"}; never shown in outputs or errors',
			displayOptions: { show: { type: ['mcp'] } },
		},
		{
			displayName: 'Allowed Tools',
			name: 'allowedTools',
			type: 'string',
			default: '',
			placeholder: 'search_orders, get_customer',
			description: 'Comma-separated names of the server\'s tools to offer; empty offers all',
			displayOptions: { show: { type: ['mcp'] } },
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300 },
			default: DEFAULT_TOOL_TIMEOUT_SECONDS,
			description: 'How long the assistant waits for one call\'s result',
		},
	];
}
