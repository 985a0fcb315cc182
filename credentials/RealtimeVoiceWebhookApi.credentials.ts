import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret the bundled worker signs its webhook requests with (its `N8N_VOICE_WEBHOOK_SECRET`);
 * the Realtime Voice Trigger checks every request with it. Nothing is sent with it, so there is no
 * `authenticate` block; the "Test" button runs the trigger's `realtimeVoiceWebhookApiTest`.
 */
export class RealtimeVoiceWebhookApi implements ICredentialType {
	name = 'realtimeVoiceWebhookApi';

	// Not an API credential (nothing is sent with it), so no "API" in its name.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'Realtime Voice Webhook';

	documentationUrl =
		'https://github.com/n8n-nodes-realtime-voice/n8n-nodes-realtime-voice/blob/main/docs/nodes/realtime-voice-trigger.md#credentials';

	icon = { light: 'file:../icons/realtimeVoice.svg', dark: 'file:../icons/realtimeVoice.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The same value as the worker\'s N8N_VOICE_WEBHOOK_SECRET (e.g. from "openssl rand -hex 32"). The worker signs each request: header X-Realtime-Voice-Signature is "v1=" + hex HMAC-SHA256 of "<X-Realtime-Voice-Timestamp>.<raw body>" with this secret. The trigger refuses a request whose signature does not match or whose timestamp is more than 5 minutes off.',
		},
	];
}
