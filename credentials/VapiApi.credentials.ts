import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { VAPI_DEFAULT_BASE_URL } from '../src/vendors/vapi';

export class VapiApi implements ICredentialType {
	name = 'vapiApi';

	displayName = 'Vapi API';

	documentationUrl = 'https://docs.vapi.ai/api-reference';

	icon = { light: 'file:../icons/vapi.svg', dark: 'file:../icons/vapi.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Private API key from the Vapi dashboard (not the public key used by web widgets)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: VAPI_DEFAULT_BASE_URL,
			description: 'Change only to reach Vapi through a proxy; empty means https://api.vapi.ai',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};

	// The cheapest authenticated read: one assistant at most. 401 means the key was refused. An empty
	// Base URL means Vapi itself, as in the node; a trailing slash is dropped when the URL is joined.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl || "${VAPI_DEFAULT_BASE_URL}"}}`,
			url: '/assistant',
			method: 'GET',
			qs: { limit: 1 },
		},
	};
}
