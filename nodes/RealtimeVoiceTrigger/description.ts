/**
 * Parameters and webhook of the Realtime Voice Trigger. One node answers one kind of request from
 * the worker: the session's events, the calls of a webhook tool, or the turns of the webhook LLM.
 */
import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { eventTypeOptions } from '../shared/selfHostedDescription';

export type TriggerMode = 'events' | 'toolCall' | 'llmReply';

export const MODE_LABELS: Record<TriggerMode, string> = {
	events: 'Session Events',
	toolCall: 'Tool Call',
	llmReply: 'LLM Reply',
};

/** The modes whose request waits for the workflow's answer. */
const CALL_MODES: TriggerMode[] = ['toolCall', 'llmReply'];

/**
 * `responseMode`: events are answered at once (`onReceived`, the body being the node's
 * `webhookResponse`); a tool call or LLM turn is answered with the workflow's result when the last
 * node finishes. Not "Using Respond to Webhook": n8n's Respond to Webhook node (typeVersion ≥ 1.1,
 * what the editor adds) refuses to run unless n8n's own Webhook, Form, Chat Trigger or Wait node
 * precedes it ("No Webhook node found in the workflow"). `responseData`: for `onReceived`, n8n 2.41
 * sends a truthy `responseData` verbatim as the body (it would answer the text "firstEntryJson"), so
 * it is empty there; for `lastNode` it picks the last node's first item's JSON.
 */
export const webhookDescription: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	path: 'realtime-voice',
	responseMode: `={{ ${JSON.stringify(CALL_MODES)}.includes($parameter["mode"]) ? "lastNode" : "onReceived" }}`,
	responseData: `={{ ${JSON.stringify(CALL_MODES)}.includes($parameter["mode"]) ? "firstEntryJson" : "" }}`,
};

const notice = (mode: TriggerMode, displayName: string): INodeProperties => ({
	displayName,
	name: `${mode}Notice`,
	type: 'notice',
	default: '',
	displayOptions: { show: { mode: [mode] } },
});

export const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		// The webhook's response mode is derived from it, so it must be a fixed value.
		noDataExpression: true,
		options: [
			{ name: 'LLM Reply', value: 'llmReply', description: 'Answer each turn of a session whose LLM provider is "n8n Webhook": the workflow is the assistant\'s brain' },
			{ name: 'Session Events', value: 'events', description: 'Start the workflow on each event of a session: started, transcript, tool called, ended, error' },
			{ name: 'Tool Call', value: 'toolCall', description: 'Answer the calls of a webhook tool: the workflow\'s result is the tool\'s result' },
		],
		default: 'events',
	},
	notice(
		'events',
		'Paste this node\'s Production URL into the Realtime Voice node\'s Events URL (config events.webhookUrl). Each event starts one execution; the worker gets 200 at once.',
	),
	notice(
		'toolCall',
		'Paste this node\'s Production URL as the URL of a webhook tool (Realtime Voice node → Tools → Type "Webhook", or "url" of a tool with "type": "webhook"). The last node\'s output (any JSON) becomes the tool\'s result.',
	),
	notice(
		'llmReply',
		'Paste this node\'s Production URL as the LLM Webhook URL (LLM Provider "n8n Webhook", config llm.default.url). The last node outputs the reply as {"text": "…"}, or {"output": "…"} as the AI Agent node returns it (other accepted forms: docs/events.md): that is what the assistant says.',
	),
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'multiOptions',
		options: eventTypeOptions(),
		default: [],
		description: 'Events that start the workflow; none selected means all. Other events are answered 200 and start nothing.',
		displayOptions: { show: { mode: ['events'] } },
	},
	{
		displayName: 'Tool Names',
		name: 'toolNames',
		type: 'string',
		default: '',
		placeholder: 'lookup_order, book_appointment',
		description: 'Comma-separated names of the tools this trigger answers; empty answers any. A call for another tool is refused (400).',
		displayOptions: { show: { mode: ['toolCall'] } },
	},
];
