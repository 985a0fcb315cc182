import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { RoomServiceClient } from 'livekit-server-sdk';

import { redact } from '../../shared/transport/errors';
import { toHttpUrl } from '../livekit';

/** Lists rooms: the cheapest call that proves the URL, the key and the secret together. */
export async function liveKitApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { serverUrl, apiKey, apiSecret } = (credential.data ?? {}) as Record<string, string>;
	if (!serverUrl || !apiKey || !apiSecret) {
		return { status: 'Error', message: 'Server URL, API Key and API Secret are all required' };
	}
	try {
		const rooms = await new RoomServiceClient(toHttpUrl(serverUrl), apiKey, apiSecret, { requestTimeout: 10 }).listRooms();
		return { status: 'OK', message: `Connected: ${rooms.length} active room${rooms.length === 1 ? '' : 's'}` };
	} catch (error) {
		const message = redact((error as Error).message, [apiSecret]);
		return { status: 'Error', message: `LiveKit refused or could not be reached: ${message}` };
	}
}
