/** Vapi API: where requests go and with which credential. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { VAPI_DEFAULT_BASE_URL } from '../../src/vendors/vapi';
import type { SendContext } from '../shared/runner';
import { credentialApiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';

export const API_NAME = 'Vapi';
export const CREDENTIAL = 'vapiApi';

const VAPI = { name: API_NAME, credentialType: CREDENTIAL, defaultBaseUrl: VAPI_DEFAULT_BASE_URL };

/** An authenticated call with the node's Vapi credential; an empty Base URL means Vapi itself. */
export async function vapiRequest(this: IExecuteFunctions, request: ApiRequest, context: SendContext): Promise<ApiResponse> {
	return await credentialApiRequest.call(this, VAPI, request, context);
}
