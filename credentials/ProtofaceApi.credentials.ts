import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { bearerHeader } from '../src/transport/credentialText';

/**
 * Bearer auth with the key trimmed: a key pasted with a trailing space or newline would otherwise be
 * refused by the API although the credential test (which trims too) accepted it.
 */
export function protofaceAuthHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	return bearerHeader(credentials.apiKey);
}

export class ProtofaceApi implements ICredentialType {
	name = 'protofaceApi';

	displayName = 'Protoface API';

	// The API reference's opening page: authentication with API keys, and the conventions.
	documentationUrl = 'https://docs.protoface.com/api-reference';

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
			description: 'Change only for another Protoface environment or a proxy. A trailing /v1 is ignored (request paths add it).',
		},
	];

	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => {
		requestOptions.headers = { ...(requestOptions.headers ?? {}), ...protofaceAuthHeaders(credentials) };
		return requestOptions;
	};
}
