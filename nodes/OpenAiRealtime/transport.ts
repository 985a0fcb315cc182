/** OpenAI Realtime API: where requests go, and the beta header the legacy session endpoints need. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { OPENAI_DEFAULT_BASE_URL } from '../../credentials/OpenAiRealtimeApi.credentials';
import type { SendContext } from '../shared/runner';
import { apiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';

export const API_NAME = 'OpenAI';
export const CREDENTIAL = 'openAiRealtimeApi';

/**
 * The beta endpoints (`/realtime/sessions`, `/realtime/transcription_sessions`) belong to the
 * `realtime=v1` interface; since the GA release that header is what selects the beta shapes. The GA
 * `/realtime/client_secrets` is sent without it.
 */
export const BETA_HEADERS = { 'OpenAI-Beta': 'realtime=v1' };

/** An authenticated call with the node's OpenAI Realtime credential. */
export async function openAiRequest(this: IExecuteFunctions, request: ApiRequest, { itemIndex, settings }: SendContext): Promise<ApiResponse> {
	const credential = (await this.getCredentials<{ baseUrl?: string }>(CREDENTIAL)) ?? {};
	const baseUrl = String(credential.baseUrl ?? '').trim() || OPENAI_DEFAULT_BASE_URL;
	return await apiRequest.call(this, { name: API_NAME, baseUrl, credentialType: CREDENTIAL }, request, settings, itemIndex);
}
