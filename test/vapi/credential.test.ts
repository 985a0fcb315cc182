/**
 * The credential's declarative test request, executed the way n8n does it: expressions resolved
 * against the credential data, the generic `authenticate` applied, then sent (here, to nock).
 */
import nock from 'nock';
import { Expression, type IDataObject } from 'n8n-workflow';

import { VapiApi } from '../../credentials/VapiApi.credentials';
import { loadCredentialType, loadNodeType, nodeError, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { auth, runVapi, sessionResponse, sessionRowOf, VAPI_BASE, VAPI_KEY } from './fixtures';

isolateNetwork();

/** n8n's own expression engine, with `$credentials` as the credential test has it. */
const resolve = (template: string, data: IDataObject) => String(Expression.resolveWithoutWorkflow(template.replace(/^=/, ''), { $credentials: data }));

/** Sends the credential's test request for `data` and returns the HTTP status. */
async function runCredentialTest(data: IDataObject): Promise<number> {
	const credential = new VapiApi();
	const { request } = credential.test;
	const headers: Record<string, string> = {};
	for (const [name, template] of Object.entries(credential.authenticate.properties.headers ?? {})) headers[name] = resolve(String(template), data);
	// Joined the way axios joins baseURL and url: one slash between them, however many were given.
	const url = new URL(`${resolve(String(request.baseURL), data).replace(/\/+$/, '')}/${String(request.url).replace(/^\/+/, '')}`);
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
			.get('/v1/assistant')
			.query({ limit: '1' })
			.reply(401, { message: 'Invalid Key', error: 'Unauthorized', statusCode: 401 });
		expect(await runCredentialTest({ apiKey: 'test-vapi-key-wrong', baseUrl: 'https://vapi-proxy.example/v1/' })).toBe(401);
	});

	it('falls back to https://api.vapi.ai when the Base URL is empty', async () => {
		nock(VAPI_BASE, { reqheaders: { authorization: `Bearer ${VAPI_KEY}` } }).get('/assistant').query({ limit: '1' }).reply(200, []);
		expect(await runCredentialTest({ apiKey: VAPI_KEY, baseUrl: '' })).toBe(200);
	});
});

describe('Vapi node with a custom Base URL', () => {
	it('sends to the Base URL path (a trailing slash is harmless)', async () => {
		nock('https://proxy.example', { reqheaders: { ...auth, accept: 'application/json' } }).get('/v1/session/ses_1').reply(200, sessionResponse());
		const run = await runVapi({ resource: 'session', operation: 'get', sessionId: 'ses_1' }, [{}], {
			credentials: { vapiApi: { apiKey: VAPI_KEY, baseUrl: 'https://proxy.example/v1/' } },
		});
		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputJson(run, 'Node')).toEqual([sessionRowOf()]);
	});

	it('uses https://api.vapi.ai when the Base URL is empty', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).get('/session/ses_1').reply(200, sessionResponse());
		const run = await runVapi({ resource: 'session', operation: 'get', sessionId: 'ses_1' }, [{}], { credentials: { vapiApi: { apiKey: VAPI_KEY, baseUrl: '' } } });
		expect(outputJson(run, 'Node')).toEqual([sessionRowOf()]);
	});
});
