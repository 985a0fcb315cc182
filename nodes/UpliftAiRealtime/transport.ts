/** UpliftAI Realtime Assistants API: where requests go and which secrets must never be echoed. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { UPLIFTAI_DEFAULT_BASE_URL } from '../../src/config/providers';
import { apiRequest, type ApiRequest, type ApiResponse } from '../shared/transport/http';
import type { SendContext } from '../shared/runner';

export const API_NAME = 'UpliftAI';
export const CREDENTIAL = 'upliftAiApi';

interface UpliftCredential {
	apiKey?: string;
	baseUrl?: string;
}

async function credential(fn: IExecuteFunctions): Promise<UpliftCredential> {
	return (await fn.getCredentials<UpliftCredential>(CREDENTIAL)) ?? {};
}


/** An authenticated call with the node's UpliftAI credential. */
export async function upliftRequest(
	this: IExecuteFunctions,
	request: ApiRequest,
	{ itemIndex, settings }: SendContext,
): Promise<ApiResponse> {
	const baseUrl = (await credential(this)).baseUrl || UPLIFTAI_DEFAULT_BASE_URL;
	return await apiRequest.call(this, { name: API_NAME, baseUrl, credentialType: CREDENTIAL }, request, settings, itemIndex);
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
