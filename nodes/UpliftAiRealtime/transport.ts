/** UpliftAI Realtime Assistants API: where requests go and which secrets must never be echoed. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { UPLIFTAI_DEFAULT_BASE_URL } from '../../src/config/providers';
import { apiRequest, credentialApiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';
import type { SendContext } from '../shared/runner';

export const API_NAME = 'UpliftAI';
export const CREDENTIAL = 'upliftAiApi';

const UPLIFTAI = { name: API_NAME, credentialType: CREDENTIAL, defaultBaseUrl: UPLIFTAI_DEFAULT_BASE_URL };

/** An authenticated call with the node's UpliftAI credential. */
export async function upliftRequest(this: IExecuteFunctions, request: ApiRequest, context: SendContext): Promise<ApiResponse> {
	return await credentialApiRequest.call(this, UPLIFTAI, request, context);
}

/** A call that must carry no API key (public sessions), against the node's Base URL parameter. */
export async function upliftPublicRequest(
	this: IExecuteFunctions,
	request: ApiRequest,
	{ itemIndex, settings }: SendContext,
): Promise<ApiResponse> {
	const baseUrl = (this.getNodeParameter('baseUrl', itemIndex, UPLIFTAI_DEFAULT_BASE_URL) as string) || UPLIFTAI_DEFAULT_BASE_URL;
	return await apiRequest.call(this, { name: API_NAME, baseUrl }, request, settings, itemIndex);
}

export { pathSegment as segment } from '../shared/transport/http';
