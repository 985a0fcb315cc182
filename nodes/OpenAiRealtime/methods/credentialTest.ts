import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { OPENAI_DEFAULT_BASE_URL, openAiApiKey, openAiAuthHeaders } from '../../../credentials/OpenAiRealtimeApi.credentials';
import { probeCredential } from '../../shared/credentialProbe';
import { joinUrl } from '../../shared/transport/http';

/**
 * `GET /models` is the cheapest authenticated read (KNIME's OpenAI Authenticator checks keys with it
 * too). It is sent with exactly the headers the node sends, so a wrong organization or project fails
 * here rather than in the first workflow run.
 */
export async function openAiRealtimeApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as ICredentialDataDecryptedObject;
	const baseUrl = String(data.baseUrl ?? '').trim() || OPENAI_DEFAULT_BASE_URL;
	const answer = await probeCredential(this, {
		url: joinUrl(baseUrl, '/models'),
		headers: openAiAuthHeaders(data),
		secrets: [openAiApiKey(data), String(data.apiKey ?? '')],
	});
	if (!answer.reached) return { status: 'Error', message: `Could not reach ${baseUrl}: ${answer.reason}` };
	const { statusCode, reason } = answer;
	if (statusCode >= 200 && statusCode < 300) return { status: 'OK', message: 'API key accepted' };
	if (statusCode === 401) return { status: 'Error', message: `OpenAI refused the API key (HTTP 401)${reason}` };
	if (statusCode === 403) {
		return { status: 'Error', message: `OpenAI refused access (HTTP 403); check the Organization ID and Project ID${reason}` };
	}
	if (statusCode === 404) {
		return { status: 'Error', message: `No /models endpoint at ${baseUrl} (HTTP 404); check the Base URL (it ends in /v1)` };
	}
	return { status: 'Error', message: `OpenAI answered HTTP ${statusCode}${reason}` };
}
