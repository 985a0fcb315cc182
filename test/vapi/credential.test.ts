/**
 * The credential's "Test" button: n8n runs the Vapi node's `vapiApiTest` (the credential has no
 * declarative `test`, which n8n would prefer and which reports failures only as "Not Found"). It sends
 * GET /assistant?limit=1 through the shared probe, as the other credentials' tests do, and explains
 * a refused key, a wrong Base URL and other answers.
 */
import nock from 'nock';

import { VapiApi } from '../../credentials/VapiApi.credentials';
import { Vapi } from '../../nodes/Vapi/Vapi.node';
import { loadCredentialType, loadNodeType, nodeError, outputJson } from '../harness/engine';
import { credentialTestFunctions, decryptedCredential, isolateNetwork } from '../harness/fixtures';
import { auth, runVapi, sessionResponse, sessionRowOf, VAPI_BASE, VAPI_KEY } from './fixtures';

isolateNetwork();

const decrypted = (data: object) => decryptedCredential('vapiApi', data);
const test = new Vapi().methods.credentialTest.vapiApiTest;
const runTest = async (data: object) => await test.call(credentialTestFunctions, decrypted(data));
/** Vapi's (NestJS) error envelope. */
const vapiError = (statusCode: number, error: string, message: string) => ({ message, error, statusCode });

describe('Vapi API credential', () => {
	it('is declared in package.json as vapiApi and tested by the vapi node', () => {
		expect(loadCredentialType('vapiApi')?.displayName).toBe('Vapi API');
		expect(loadNodeType('n8n-nodes-realtime-voice.vapi').description.credentials).toEqual([{ name: 'vapiApi', required: true, testedBy: 'vapiApiTest' }]);
		// A declarative test would take precedence over testedBy (n8n CredentialsTester.getCredentialTestFunction).
		expect('test' in new VapiApi()).toBe(false);
		expect(Object.keys(new Vapi().methods.credentialTest)).toEqual(['vapiApiTest']);
	});
});

describe('Vapi API credential test (GET /assistant?limit=1)', () => {
	it('accepts a key that can list assistants, sending it trimmed as a bearer token', async () => {
		nock(VAPI_BASE, { reqheaders: { ...auth, accept: 'application/json' } }).get('/assistant').query({ limit: '1' }).reply(200, []);
		expect(await runTest({ apiKey: ` ${VAPI_KEY}\n`, baseUrl: VAPI_BASE })).toEqual({ status: 'OK', message: 'API key accepted' });
	});

	it('falls back to https://api.vapi.ai when the Base URL is empty', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).get('/assistant').query({ limit: '1' }).reply(200, []);
		expect(await runTest({ apiKey: VAPI_KEY, baseUrl: '' })).toEqual({ status: 'OK', message: 'API key accepted' });
	});

	it('uses a custom Base URL, a trailing slash tolerated', async () => {
		nock('https://vapi-proxy.example', { reqheaders: auth }).get('/v1/assistant').query({ limit: '1' }).reply(200, []);
		expect((await runTest({ apiKey: VAPI_KEY, baseUrl: 'https://vapi-proxy.example/v1/' })).status).toBe('OK');
	});

	it('explains a refused key (401) with what Vapi said, without quoting the key', async () => {
		nock(VAPI_BASE).get('/assistant').query({ limit: '1' }).reply(401, vapiError(401, 'Unauthorized', `Invalid Key ${VAPI_KEY}`));
		expect(await runTest({ apiKey: VAPI_KEY })).toEqual({
			status: 'Error',
			message: 'Vapi refused the API key (HTTP 401): Invalid Key [redacted]; use the private key from the Vapi dashboard, not the public key',
		});
	});

	it('explains a forbidden key (403) the same way', async () => {
		nock(VAPI_BASE).get('/assistant').query({ limit: '1' }).reply(403, vapiError(403, 'Forbidden', 'Forbidden resource'));
		expect(await runTest({ apiKey: VAPI_KEY })).toEqual({
			status: 'Error',
			message: 'Vapi refused the API key (HTTP 403): Forbidden resource; use the private key from the Vapi dashboard, not the public key',
		});
	});

	it('names the Base URL on a 404 (JSON "Cannot GET" from a wrong path, or a non-Vapi server) and says what it should be', async () => {
		nock(VAPI_BASE).get('/v1/assistant').query({ limit: '1' }).reply(404, vapiError(404, 'Not Found', 'Cannot GET /v1/assistant?limit=1'));
		expect(await runTest({ apiKey: VAPI_KEY, baseUrl: 'https://api.vapi.ai/v1' })).toEqual({
			status: 'Error',
			message:
				"No /assistant endpoint at https://api.vapi.ai/v1 (HTTP 404); check the Base URL: requests go to <Base URL>/assistant, so it is Vapi's API root (https://api.vapi.ai, no /v1 or /api) or your proxy's equivalent",
		});
		nock('https://wrong.example.test').get('/assistant').query({ limit: '1' }).reply(404, '<html>Not Found</html>', { 'Content-Type': 'text/html' });
		expect((await runTest({ apiKey: VAPI_KEY, baseUrl: 'https://wrong.example.test' })).message).toBe(
			"No /assistant endpoint at https://wrong.example.test (HTTP 404, not JSON); check the Base URL: requests go to <Base URL>/assistant, so it is Vapi's API root (https://api.vapi.ai, no /v1 or /api) or your proxy's equivalent",
		);
	});

	it('reports a rate limit and other answers with the status, what Vapi said and the Base URL', async () => {
		nock(VAPI_BASE).get('/assistant').query({ limit: '1' }).reply(429, vapiError(429, 'Too Many Requests', 'Rate limit exceeded'));
		expect(await runTest({ apiKey: VAPI_KEY })).toEqual({
			status: 'Error',
			message: 'Vapi is rate-limiting this key (HTTP 429): Rate limit exceeded; try the test again shortly',
		});
		nock(VAPI_BASE).get('/assistant').query({ limit: '1' }).reply(500, vapiError(500, 'Internal Server Error', 'Internal server error'), { 'Content-Type': 'application/json' });
		expect(await runTest({ apiKey: VAPI_KEY })).toEqual({
			status: 'Error',
			message: 'Vapi answered HTTP 500: Internal server error at https://api.vapi.ai; check the Base URL',
		});
		nock('https://proxy.example.test').get('/assistant').query({ limit: '1' }).reply(502, 'Bad Gateway', { 'Content-Type': 'text/plain' });
		expect(await runTest({ apiKey: VAPI_KEY, baseUrl: 'https://proxy.example.test' })).toEqual({
			status: 'Error',
			message: 'Vapi answered HTTP 502 (not JSON): Bad Gateway at https://proxy.example.test; check the Base URL',
		});
	});

	it('says when Vapi cannot be reached, naming the Base URL', async () => {
		nock('https://unreachable.example.test').get('/assistant').query({ limit: '1' }).replyWithError('getaddrinfo ENOTFOUND unreachable.example.test');
		const result = await runTest({ apiKey: VAPI_KEY, baseUrl: 'https://unreachable.example.test' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Could not reach https:\/\/unreachable\.example\.test: /);
		expect(result.message).not.toContain(VAPI_KEY);
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
