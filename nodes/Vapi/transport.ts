/** Vapi API: where requests go and with which credential. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { VAPI_DEFAULT_BASE_URL } from '../../src/vendors/vapi';
import type { SendContext } from '../shared/runner';
import { apiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';

export const API_NAME = 'Vapi';
export const CREDENTIAL = 'vapiApi';

/** An authenticated call with the node's Vapi credential; an empty Base URL means Vapi itself. */
export async function vapiRequest(this: IExecuteFunctions, request: ApiRequest, { itemIndex, settings }: SendContext): Promise<ApiResponse> {
	const credential = (await this.getCredentials<{ baseUrl?: string }>(CREDENTIAL)) ?? {};
	const baseUrl = String(credential.baseUrl ?? '').trim() || VAPI_DEFAULT_BASE_URL;
	return await apiRequest.call(this, { name: API_NAME, baseUrl, credentialType: CREDENTIAL }, request, settings, itemIndex);
}
