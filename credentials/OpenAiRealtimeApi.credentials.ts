import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { credentialText } from '../src/transport/credentialText';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** The key as pasted, without the spaces or line break a copy from the dashboard often brings along. */
export function openAiApiKey(credentials: ICredentialDataDecryptedObject): string {
	return credentialText(credentials.apiKey);
}

/**
 * Authorization plus the optional organization/project headers. Empty ones are left out: a generic
 * `authenticate` block would send `OpenAI-Organization: ''`, which OpenAI rejects.
 */
export function openAiAuthHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	const headers: Record<string, string> = { Authorization: `Bearer ${openAiApiKey(credentials)}` };
	const organization = credentialText(credentials.organizationId);
	const project = credentialText(credentials.projectId);
	if (organization) headers['OpenAI-Organization'] = organization;
	if (project) headers['OpenAI-Project'] = project;
	return headers;
}

export class OpenAiRealtimeApi implements ICredentialType {
	name = 'openAiRealtimeApi';

	displayName = 'OpenAI Realtime API';

	documentationUrl = 'https://platform.openai.com/docs/api-reference/realtime';

	icon = { light: 'file:../icons/openaiRealtime.svg', dark: 'file:../icons/openaiRealtime.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret key from the OpenAI dashboard; it stays on the server and never appears in the output',
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			description: 'Sent as the OpenAI-Organization header when set (for keys that belong to several organizations)',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			description: 'Sent as the OpenAI-Project header when set',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: OPENAI_DEFAULT_BASE_URL,
			description: 'Change only for a proxy or gateway that speaks the OpenAI API',
		},
	];

	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => {
		requestOptions.headers = { ...(requestOptions.headers ?? {}), ...openAiAuthHeaders(credentials) };
		return requestOptions;
	};
}
