import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { DEFAULT_AGENT_NAME } from '../src/config/providers';

/**
 * LiveKit server access for the self-hosted Realtime Voice node. Requests are signed by
 * livekit-server-sdk with the key and secret, so there is no generic `authenticate` block.
 */
export class LiveKitApi implements ICredentialType {
	name = 'liveKitApi';

	displayName = 'LiveKit API';

	documentationUrl = 'https://docs.livekit.io/home/get-started/authentication/';


	icon = { light: 'file:../icons/livekit.svg', dark: 'file:../icons/livekit.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'serverUrl',
			type: 'string',
			default: 'ws://127.0.0.1:7880',
			required: true,
			placeholder: 'wss://my-project.livekit.cloud',
			description: 'LiveKit server as n8n reaches it (ws, wss, http or https)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Agent Name',
			name: 'agentName',
			type: 'string',
			default: DEFAULT_AGENT_NAME,
			description: 'Name the bundled worker registers under; sessions are dispatched to it',
		},
		{
			displayName: 'Client WebSocket URL',
			name: 'clientUrl',
			type: 'string',
			default: '',
			placeholder: 'wss://voice.example.com',
			description: 'URL returned to browsers as wsUrl when it differs from the Server URL (e.g. n8n reaches LiveKit on a private address). Empty means the Server URL.',
		},
	];
}
