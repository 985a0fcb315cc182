import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { UPLIFTAI_DEFAULT_BASE_URL } from '../../../src/config/providers';
import { joinUrl } from '../../shared/transport/http';

/**
 * UpliftAI documents no read-only endpoint that lists anything, so the test reads a session id that
 * cannot exist: 401/403 means the key was refused, 404 means the key was accepted.
 */
export async function upliftAiApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const baseUrl = (data.baseUrl as string) || UPLIFTAI_DEFAULT_BASE_URL;
	try {
		const response = (await this.helpers.request({
			method: 'GET',
			uri: joinUrl(baseUrl, '/realtime-assistants/sessions/n8n-credential-check'),
			headers: { Authorization: `Bearer ${data.apiKey as string}`, Accept: 'application/json' },
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: 15000,
		})) as { statusCode: number };
		if (response.statusCode === 401 || response.statusCode === 403) {
			return { status: 'Error', message: `UpliftAI refused the API key (HTTP ${response.statusCode})` };
		}
		if (response.statusCode >= 500) {
			return { status: 'Error', message: `UpliftAI answered HTTP ${response.statusCode}; try again later` };
		}
		return { status: 'OK', message: 'API key accepted' };
	} catch (error) {
		return { status: 'Error', message: `Could not reach ${baseUrl}: ${(error as Error).message}` };
	}
}
