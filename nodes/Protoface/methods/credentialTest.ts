import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { protofaceAuthHeaders } from '../../../credentials/ProtofaceApi.credentials';
import { probeCredential } from '../../shared/credentialProbe';
import { joinUrl } from '../../shared/transport/http';
import { protofaceBaseUrl } from '../transport';

/** Lists one avatar: cheap, read-only, and every valid key can see at least the stock avatars. */
export async function protofaceApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const apiKey = String(data.apiKey ?? '').trim();
	const baseUrl = protofaceBaseUrl(data.baseUrl);
	const answer = await probeCredential(this, {
		url: `${joinUrl(baseUrl, '/v1/avatars')}?limit=1`,
		headers: protofaceAuthHeaders({ apiKey }),
		secrets: [apiKey],
	});
	if (!answer.reached) return { status: 'Error', message: `Could not reach ${baseUrl}: ${answer.reason}` };
	const { statusCode, json, reason } = answer;
	if (statusCode >= 200 && statusCode < 300) return { status: 'OK', message: 'API key accepted' };
	if (statusCode === 401 || statusCode === 403) return { status: 'Error', message: `Protoface refused the API key (HTTP ${statusCode})${reason}` };
	if (statusCode === 429) return { status: 'Error', message: `Protoface is rate-limiting this key (HTTP 429)${reason}; try the test again shortly` };
	return { status: 'Error', message: `Protoface answered HTTP ${statusCode}${json ? '' : ' (not JSON)'}${reason} at ${baseUrl}; check the Base URL` };
}
