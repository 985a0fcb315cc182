import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { UPLIFTAI_DEFAULT_BASE_URL } from '../src/config/providers';
import { bearerHeader } from '../src/transport/credentialText';

export class UpliftAiApi implements ICredentialType {
	name = 'upliftAiApi';

	displayName = 'UpliftAI API';

	documentationUrl = 'https://docs.upliftai.org/assistants/concepts';


	icon = { light: 'file:../icons/upliftai.svg', dark: 'file:../icons/upliftai.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Key from the UpliftAI dashboard (starts with sk_api_)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: UPLIFTAI_DEFAULT_BASE_URL,
			description: 'Change only for a regional endpoint, e.g. https://ap-southeast-1.api.upliftai.org/v1',
		},
	];

	// The key trimmed: n8n's generic `Bearer {{$credentials.apiKey}}` would send pasted spaces along.
	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => {
		requestOptions.headers = { ...(requestOptions.headers ?? {}), ...bearerHeader(credentials.apiKey) };
		return requestOptions;
	};
}
