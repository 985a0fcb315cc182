/** The credential: headers it adds (empty org/project left out) and its test request, GET /models. */
import nock from 'nock';
import type { ICredentialsDecrypted, ICredentialTestFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { OpenAiRealtimeApi } from '../../credentials/OpenAiRealtimeApi.credentials';
import { OpenAiRealtime } from '../../nodes/OpenAiRealtime/OpenAiRealtime.node';
import { isolateNetwork } from '../harness/fixtures';
import { AUTH, OPENAI_KEY, OPENAI_ORIGIN } from './fixtures';

isolateNetwork();

const decrypted = (data: object) => ({ id: '1', name: 'test', type: 'openAiRealtimeApi', data }) as unknown as ICredentialsDecrypted;

/** n8n gives credential tests its legacy `request` helper; this one speaks the same options over fetch. */
const testFunctions = {
	helpers: {
		async request(options: { uri: string; method: string; headers: Record<string, string> }) {
			const response = await fetch(options.uri, { method: options.method, headers: options.headers });
			return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
		},
	},
} as unknown as ICredentialTestFunctions;

describe('OpenAI Realtime API credential', () => {
	const credential = new OpenAiRealtimeApi();

	it('is declared as openAiRealtimeApi with the four fields', () => {
		expect(credential.name).toBe('openAiRealtimeApi');
		expect(credential.displayName).toBe('OpenAI Realtime API');
		expect(credential.properties.map((p) => [p.name, p.default])).toEqual([
			['apiKey', ''],
			['organizationId', ''],
			['projectId', ''],
			['baseUrl', 'https://api.openai.com/v1'],
		]);
		expect(credential.properties[0].typeOptions).toEqual({ password: true });
	});

	it('adds the bearer key and leaves out empty organization and project headers', async () => {
		const request = await credential.authenticate({ apiKey: OPENAI_KEY, organizationId: '', projectId: '  ' }, { url: 'x', headers: { Accept: 'application/json' } } as IHttpRequestOptions);
		expect(request.headers).toEqual({ Accept: 'application/json', Authorization: `Bearer ${OPENAI_KEY}` });
	});

	it('adds OpenAI-Organization and OpenAI-Project when set', async () => {
		const request = await credential.authenticate({ apiKey: OPENAI_KEY, organizationId: 'org-1', projectId: 'proj_1' }, { url: 'x' } as IHttpRequestOptions);
		expect(request.headers).toEqual({ Authorization: `Bearer ${OPENAI_KEY}`, 'OpenAI-Organization': 'org-1', 'OpenAI-Project': 'proj_1' });
	});
});

describe('OpenAI Realtime API credential test (GET /models)', () => {
	const test = new OpenAiRealtime().methods.credentialTest.openAiRealtimeApiTest;

	it('accepts a key that can list models, sending org and project when set', async () => {
		nock(OPENAI_ORIGIN, { reqheaders: { ...AUTH, 'openai-organization': 'org-1', 'openai-project': 'proj_1' } }).get('/v1/models').reply(200, { object: 'list', data: [] });
		expect(await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY, organizationId: 'org-1', projectId: 'proj_1' }))).toEqual({ status: 'OK', message: 'API key accepted' });
	});

	it('sends no empty org/project headers and uses a custom Base URL', async () => {
		nock('https://gateway.example.test', { reqheaders: AUTH, badheaders: ['openai-organization', 'openai-project'] }).get('/v1/models').reply(200, { data: [] });
		expect((await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY, organizationId: '', projectId: '', baseUrl: 'https://gateway.example.test/v1/' }))).status).toBe('OK');
	});

	it('reports a refused key without quoting it', async () => {
		nock(OPENAI_ORIGIN).get('/v1/models').reply(401, { error: { message: `Incorrect API key provided: ${OPENAI_KEY}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
		expect(await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY }))).toEqual({
			status: 'Error',
			message: 'OpenAI refused the API key (HTTP 401): Incorrect API key provided: [redacted].',
		});
	});

	it('points at organization/project on 403 and at the Base URL on 404', async () => {
		nock(OPENAI_ORIGIN).get('/v1/models').reply(403, { error: { message: 'Project not accessible', type: 'invalid_request_error', param: null, code: null } });
		expect((await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY, projectId: 'proj_x' }))).message).toBe(
			'OpenAI refused access (HTTP 403); check the Organization ID and Project ID: Project not accessible',
		);
		nock('https://wrong.example.test').get('/models').reply(404, 'Not Found');
		expect((await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY, baseUrl: 'https://wrong.example.test' }))).message).toBe(
			'No /models endpoint at https://wrong.example.test (HTTP 404); check the Base URL (it ends in /v1)',
		);
	});
});
