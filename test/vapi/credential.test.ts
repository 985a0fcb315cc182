/**
 * The credential's declarative test request, executed the way n8n does it: expressions resolved
 * against the credential data, the generic `authenticate` applied, then sent (here, to nock).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { VapiApi } from '../../credentials/VapiApi.credentials';
import { loadCredentialType, loadNodeType } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { VAPI_BASE, VAPI_KEY } from './fixtures';

isolateNetwork();

const resolve = (template: string, data: IDataObject) =>
	template.replace(/^=/, '').replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, field: string) => String(data[field] ?? ''));

/** Sends the credential's test request for `data` and returns the HTTP status. */
async function runCredentialTest(data: IDataObject): Promise<number> {
	const credential = new VapiApi();
	const { request } = credential.test;
	const headers: Record<string, string> = {};
	for (const [name, template] of Object.entries(credential.authenticate.properties.headers ?? {})) headers[name] = resolve(String(template), data);
	const url = new URL(`${resolve(String(request.baseURL), data).replace(/\/+$/, '')}${request.url}`);
	for (const [key, value] of Object.entries(request.qs ?? {})) url.searchParams.set(key, String(value));
	const response = await fetch(url, { method: request.method ?? 'GET', headers });
	return response.status;
}

describe('Vapi API credential', () => {
	it('is declared in package.json as vapiApi and used by the vapi node', () => {
		expect(loadCredentialType('vapiApi')?.displayName).toBe('Vapi API');
		expect(loadNodeType('n8n-nodes-realtime-voice.vapi').description.credentials).toEqual([{ name: 'vapiApi', required: true }]);
	});

	it('test request: GET /assistant?limit=1 with the bearer key at the Base URL', async () => {
		nock(VAPI_BASE, { reqheaders: { authorization: `Bearer ${VAPI_KEY}` } }).get('/assistant').query({ limit: '1' }).reply(200, []);
		expect(await runCredentialTest({ apiKey: VAPI_KEY, baseUrl: VAPI_BASE })).toBe(200);
	});

	it('uses a custom Base URL (trailing slash tolerated), and a refused key shows as 401', async () => {
		nock('https://vapi-proxy.example', { reqheaders: { authorization: 'Bearer test-vapi-key-wrong' } })
			.get('/assistant')
			.query({ limit: '1' })
			.reply(401, { message: 'Invalid Key', error: 'Unauthorized', statusCode: 401 });
		expect(await runCredentialTest({ apiKey: 'test-vapi-key-wrong', baseUrl: 'https://vapi-proxy.example/' })).toBe(401);
	});
});
