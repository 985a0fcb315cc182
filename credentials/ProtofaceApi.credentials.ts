import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ProtofaceApi implements ICredentialType {
	name = 'protofaceApi';

	displayName = 'Protoface API';

	documentationUrl = 'https://docs.protoface.com/reference/errors/';

	icon = { light: 'file:../icons/protoface.svg', dark: 'file:../icons/protoface.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret key from the Protoface dashboard (starts with sk_live_); each key belongs to one environment',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.protoface.com',
			description: 'Change only for another Protoface environment or a proxy',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};
}
