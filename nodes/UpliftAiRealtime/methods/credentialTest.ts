import type { ICredentialsDecrypted, ICredentialTestFunctions, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { UPLIFTAI_DEFAULT_BASE_URL } from '../../../src/config/providers';
import { probeCredential } from '../../shared/credentialProbe';
import { joinUrl } from '../../shared/transport/http';

/**
 * UpliftAI documents no read-only endpoint that lists anything, so the test reads a session id that
 * cannot exist: 401/403 means the key was refused; a JSON 404 ("no such session") means the key was
 * accepted by the API. Anything else (an HTML 404 from a wrong Base URL, 400, 429, 5xx) is not proof.
 */
export async function upliftAiApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const baseUrl = String(data.baseUrl ?? '').trim() || UPLIFTAI_DEFAULT_BASE_URL;
	const apiKey = String(data.apiKey ?? '').trim();
	const answer = await probeCredential(this, {
		url: joinUrl(baseUrl, '/realtime-assistants/sessions/n8n-credential-check'),
		headers: { Authorization: `Bearer ${apiKey}` },
		secrets: [apiKey],
	});
	if (!answer.reached) return { status: 'Error', message: `Could not reach ${baseUrl}: ${answer.reason}` };
	const { statusCode, json } = answer;
	if (statusCode === 401 || statusCode === 403) {
		return { status: 'Error', message: `UpliftAI refused the API key (HTTP ${statusCode})` };
	}
	if ((statusCode >= 200 && statusCode < 300) || (statusCode === 404 && json)) {
		return { status: 'OK', message: 'API key accepted' };
	}
	if (statusCode === 429) return { status: 'Error', message: 'UpliftAI is rate-limiting this key; try the test again shortly' };
	return {
		status: 'Error',
		message: `UpliftAI answered HTTP ${statusCode} ${json ? '' : '(not JSON) '}at ${baseUrl}; check the Base URL (it ends in /v1)`,
	};
}
