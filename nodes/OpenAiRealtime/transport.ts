/** OpenAI Realtime API: where requests go, the beta header, and the check that an answer holds a key. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { OPENAI_DEFAULT_BASE_URL } from '../../credentials/OpenAiRealtimeApi.credentials';
import { getPath } from '../shared/bodyInput';
import type { SendContext } from '../shared/runner';
import { createApiError } from '../shared/transport/errors';
import { credentialApiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';

export const API_NAME = 'OpenAI';
export const CREDENTIAL = 'openAiRealtimeApi';

/**
 * Sent on the beta endpoints (`/realtime/sessions`, `/realtime/transcription_sessions`) to mark the
 * beta (v1) Realtime interface their request shapes belong to, as OpenAI's beta Realtime guides did
 * for the WebSocket. OpenAI documents no such header for these two REST calls, and openai-node does
 * not send it there: 6.49.0's `beta.realtime.sessions.create` and `transcriptionSessions.create` send
 * `OpenAI-Beta: assistants=v2` (resources/beta/realtime/sessions.js, transcription-sessions.js). The
 * GA `/realtime/client_secrets` is sent without any OpenAI-Beta header.
 */
export const BETA_HEADERS = { 'OpenAI-Beta': 'realtime=v1' };

const OPENAI = { name: API_NAME, credentialType: CREDENTIAL, defaultBaseUrl: OPENAI_DEFAULT_BASE_URL };

/** An authenticated call with the node's OpenAI Realtime credential. */
export async function openAiRequest(this: IExecuteFunctions, request: ApiRequest, context: SendContext): Promise<ApiResponse> {
	return await credentialApiRequest.call(this, OPENAI, request, context);
}

/**
 * The key is what these operations exist for: a 2xx answer without it (a proxy, a changed API) fails
 * the item like an API error instead of giving a row of nulls.
 */
export function requireClientSecret(this: IExecuteFunctions, response: ApiResponse, path: string, { itemIndex, settings }: SendContext) {
	const secret = getPath(response.body, path);
	if (typeof secret === 'string' && secret.trim() !== '') return;
	const details = {
		httpCode: response.status,
		message: `the answer holds no client secret ("${path}" is missing), so there is no key to hand to a client`,
		requestId: response.headers['x-request-id'],
	};
	const note = 'A proxy or gateway at the Base URL may have changed the answer';
	throw createApiError(this.getNode(), API_NAME, details, { itemIndex, secrets: settings.secrets, note });
}
