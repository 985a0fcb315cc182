import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { VAPI_DEFAULT_BASE_URL } from '../../../src/vendors/vapi';
import { probeCredential } from '../../shared/credentialProbe';
import { joinUrl } from '../../shared/transport/http';

/**
 * Lists one assistant: the cheapest authenticated read. The request is the node's own: Bearer key
 * (trimmed), and an empty Base URL means Vapi itself. `GET /assistant` exists on every Vapi API, so a
 * 404 (Vapi answers unknown paths with a JSON "Cannot GET …") means the Base URL is not the API root.
 */
export async function vapiApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const apiKey = String(data.apiKey ?? '').trim();
	const baseUrl = String(data.baseUrl ?? '').trim() || VAPI_DEFAULT_BASE_URL;
	const answer = await probeCredential(this, {
		url: `${joinUrl(baseUrl, '/assistant')}?limit=1`,
		headers: { Authorization: `Bearer ${apiKey}` },
		secrets: [apiKey, String(data.apiKey ?? '')],
	});
	if (!answer.reached) return { status: 'Error', message: `Could not reach ${baseUrl}: ${answer.reason}` };
	const { statusCode, json, reason } = answer;
	if (statusCode >= 200 && statusCode < 300) return { status: 'OK', message: 'API key accepted' };
	if (statusCode === 401 || statusCode === 403) {
		return {
			status: 'Error',
			message: `Vapi refused the API key (HTTP ${statusCode})${reason}; use the private key from the Vapi dashboard, not the public key`,
		};
	}
	if (statusCode === 404) {
		return {
			status: 'Error',
			message: `No /assistant endpoint at ${baseUrl} (HTTP 404${json ? '' : ', not JSON'}); check the Base URL: requests go to <Base URL>/assistant, so it is Vapi's API root (${VAPI_DEFAULT_BASE_URL}, no /v1 or /api) or your proxy's equivalent`,
		};
	}
	if (statusCode === 429) return { status: 'Error', message: `Vapi is rate-limiting this key (HTTP 429)${reason}; try the test again shortly` };
	return { status: 'Error', message: `Vapi answered HTTP ${statusCode}${json ? '' : ' (not JSON)'}${reason} at ${baseUrl}; check the Base URL` };
}
