import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { bearerHeader } from '../src/transport/credentialText';
import { VAPI_DEFAULT_BASE_URL } from '../src/vendors/vapi';

/**
 * The "Test" button runs the Vapi node's `vapiApiTest` (nodes/Vapi/methods/credentialTest.ts), as on
 * the other credentials: a declarative `test` request here would take precedence in n8n and report a
 * failure only as the HTTP status text ("Not Found", "Unauthorized").
 */
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

	// The key trimmed: n8n's generic `Bearer {{$credentials.apiKey}}` would send pasted spaces along.
	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => {
		requestOptions.headers = { ...(requestOptions.headers ?? {}), ...bearerHeader(credentials.apiKey) };
		return requestOptions;
	};
}
