/** The credential: headers it adds (empty org/project left out, key trimmed) and its test request, GET /models. */
import nock from 'nock';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { OpenAiRealtimeApi } from '../../credentials/OpenAiRealtimeApi.credentials';
import { OpenAiRealtime } from '../../nodes/OpenAiRealtime/OpenAiRealtime.node';
import { credentialTestFunctions, decryptedCredential, isolateNetwork } from '../harness/fixtures';
import { AUTH, OPENAI_KEY, OPENAI_ORIGIN } from './fixtures';

isolateNetwork();

const decrypted = (data: object) => decryptedCredential('openAiRealtimeApi', data);
const refusal = (message: string, code: string | null) => ({ error: { message, type: 'invalid_request_error', param: null, code } });

const testFunctions = credentialTestFunctions;

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

	it('adds the bearer key (trimmed of pasted spaces and line breaks) and leaves out empty organization and project headers', async () => {
		const request = await credential.authenticate(
			{ apiKey: ` ${OPENAI_KEY}\n`, organizationId: '', projectId: '  ' },
			{ url: 'x', headers: { Accept: 'application/json' } } as IHttpRequestOptions,
		);
		expect(request.headers).toEqual({ Accept: 'application/json', Authorization: `Bearer ${OPENAI_KEY}` });
	});

	it('adds OpenAI-Organization and OpenAI-Project when set', async () => {
		const request = await credential.authenticate({ apiKey: OPENAI_KEY, organizationId: 'org-1', projectId: 'proj_1' }, { url: 'x' } as IHttpRequestOptions);
		expect(request.headers).toEqual({ Authorization: `Bearer ${OPENAI_KEY}`, 'OpenAI-Organization': 'org-1', 'OpenAI-Project': 'proj_1' });
	});
});

describe('OpenAI Realtime API credential test (GET /models)', () => {
	const test = new OpenAiRealtime().methods.credentialTest.openAiRealtimeApiTest;

	it('accepts a key that can list models, sending org and project when set, and the key trimmed', async () => {
		nock(OPENAI_ORIGIN, { reqheaders: { ...AUTH, 'openai-organization': 'org-1', 'openai-project': 'proj_1', accept: 'application/json' } })
			.get('/v1/models')
			.reply(200, { object: 'list', data: [] });
		const data = { apiKey: `${OPENAI_KEY} `, organizationId: 'org-1', projectId: 'proj_1' };
		expect(await test.call(testFunctions, decrypted(data))).toEqual({ status: 'OK', message: 'API key accepted' });
	});

	it('sends no empty org/project headers and uses a custom Base URL', async () => {
		nock('https://gateway.example.test', { reqheaders: AUTH, badheaders: ['openai-organization', 'openai-project'] })
			.get('/v1/models')
			.reply(200, { data: [] });
		const data = { apiKey: OPENAI_KEY, organizationId: '', projectId: '', baseUrl: 'https://gateway.example.test/v1/' };
		expect((await test.call(testFunctions, decrypted(data))).status).toBe('OK');
	});

	it('reports a refused key with its code, without quoting the key', async () => {
		nock(OPENAI_ORIGIN).get('/v1/models').reply(401, refusal(`Incorrect API key provided: ${OPENAI_KEY}.`, 'invalid_api_key'));
		expect(await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY }))).toEqual({
			status: 'Error',
			message: 'OpenAI refused the API key (HTTP 401) [invalid_api_key]: Incorrect API key provided: [redacted].',
		});
	});

	it('points at organization/project on 403 and at the Base URL on 404', async () => {
		nock(OPENAI_ORIGIN).get('/v1/models').reply(403, refusal('Project not accessible', null));
		expect((await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY, projectId: 'proj_x' }))).message).toBe(
			'OpenAI refused access (HTTP 403); check the Organization ID and Project ID: Project not accessible',
		);
		nock('https://wrong.example.test').get('/models').reply(404, 'Not Found');
		expect((await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY, baseUrl: 'https://wrong.example.test' }))).message).toBe(
			'No /models endpoint at https://wrong.example.test (HTTP 404); check the Base URL (it ends in /v1)',
		);
	});

	it('reports an unreachable Base URL without the key', async () => {
		nock('https://down.example.test').get('/v1/models').replyWithError(`connect ECONNREFUSED (key ${OPENAI_KEY})`);
		const answer = await test.call(testFunctions, decrypted({ apiKey: OPENAI_KEY, baseUrl: 'https://down.example.test/v1' }));
		expect(answer.status).toBe('Error');
		expect(answer.message).toMatch(/^Could not reach https:\/\/down\.example\.test\/v1: /);
		expect(answer.message).not.toContain(OPENAI_KEY);
	});
});
