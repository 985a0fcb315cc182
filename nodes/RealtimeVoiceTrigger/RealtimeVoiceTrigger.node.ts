import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { properties, webhookDescription } from './description';
import { realtimeVoiceWebhookApiTest } from './methods/credentialTest';
import { CREDENTIAL, handleWebhook } from './webhook';

/**
 * Receives the bundled worker's signed requests: a session's events, the calls of a webhook tool, the
 * turns of the webhook LLM (src/events/types.ts). Not usable as an AI tool: it starts workflows.
 */
export class RealtimeVoiceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Realtime Voice Trigger',
		name: 'realtimeVoiceTrigger',
		icon: 'file:../../icons/realtimeVoice.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {"events": "Session Events", "toolCall": "Tool Call", "llmReply": "LLM Reply"}[$parameter["mode"]] }}',
		description: 'Starts the workflow on session events, webhook tool calls or LLM turns of self-hosted realtime voice sessions',
		defaults: { name: 'Realtime Voice Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: CREDENTIAL, required: true, testedBy: 'realtimeVoiceWebhookApiTest' }],
		webhooks: [webhookDescription],
		properties,
	};

	methods = { credentialTest: { realtimeVoiceWebhookApiTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
