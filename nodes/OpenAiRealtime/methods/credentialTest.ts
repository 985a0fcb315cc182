import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { OPENAI_DEFAULT_BASE_URL, openAiAuthHeaders } from '../../../credentials/OpenAiRealtimeApi.credentials';
import { parseErrorEnvelope, redact } from '../../shared/transport/errors';
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
	const secrets = [String(data.apiKey ?? '')];
	try {
		const response = (await this.helpers.request({
			method: 'GET',
			uri: joinUrl(baseUrl, '/models'),
			headers: { ...openAiAuthHeaders(data), Accept: 'application/json' },
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: 15000,
		})) as { statusCode: number; body?: unknown; headers?: Record<string, string> };
		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) return { status: 'OK', message: 'API key accepted' };
		const body = typeof response.body === 'string' ? safeJson(response.body) : response.body;
		const details = parseErrorEnvelope(body, response.headers ?? {});
		const reason = details.message ? `: ${redact(details.message, secrets).slice(0, 300)}` : '';
		if (statusCode === 401) return { status: 'Error', message: `OpenAI refused the API key (HTTP 401)${reason}` };
		if (statusCode === 403) return { status: 'Error', message: `OpenAI refused access (HTTP 403); check the Organization ID and Project ID${reason}` };
		if (statusCode === 404) return { status: 'Error', message: `No /models endpoint at ${baseUrl} (HTTP 404); check the Base URL (it ends in /v1)` };
		return { status: 'Error', message: `OpenAI answered HTTP ${statusCode}${reason}` };
	} catch (error) {
		return { status: 'Error', message: `Could not reach ${baseUrl}: ${redact((error as Error).message, secrets)}` };
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
