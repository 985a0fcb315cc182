import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { parseErrorEnvelope, redact } from '../../shared/transport/errors';
import { joinUrl } from '../../shared/transport/http';
import { DEFAULT_BASE_URL } from '../transport';

/** Lists one avatar: cheap, read-only, and every valid key can see at least the stock avatars. */
export async function protofaceApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const apiKey = String(data.apiKey ?? '');
	const baseUrl = (data.baseUrl as string) || DEFAULT_BASE_URL;
	try {
		const response = (await this.helpers.request({
			method: 'GET',
			uri: `${joinUrl(baseUrl, '/v1/avatars')}?limit=1`,
			headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: 15000,
		})) as { statusCode: number; body?: unknown; headers?: Record<string, string> };
		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) return { status: 'OK', message: 'API key accepted' };
		let body = response.body;
		if (typeof body === 'string') {
			try {
				body = JSON.parse(body);
			} catch {
				// Not JSON (e.g. a proxy's HTML page): reported by status only.
			}
		}
		const details = parseErrorEnvelope(body, response.headers ?? {});
		const code = details.code ? ` [${details.code}]` : '';
		const said = details.message ? `: ${redact(details.message, [apiKey])}` : '';
		if (statusCode === 401 || statusCode === 403) return { status: 'Error', message: `Protoface refused the API key (HTTP ${statusCode})${code}${said}` };
		return { status: 'Error', message: `Protoface answered HTTP ${statusCode}${code}${said} at ${baseUrl}; check the Base URL` };
	} catch (error) {
		return { status: 'Error', message: `Could not reach ${baseUrl}: ${redact((error as Error).message, [apiKey])}` };
	}
}
