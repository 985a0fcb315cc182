import nock from 'nock';

import { Protoface } from '../../nodes/Protoface/Protoface.node';
import { ProtofaceApi } from '../../credentials/ProtofaceApi.credentials';
import { outputItems, outputJson } from '../harness/engine';
import { credentialTestFunctions, decryptedCredential, isolateNetwork } from '../harness/fixtures';
import { auth, PROTOFACE_BASE, PROTOFACE_KEY, runNode } from './fixtures';

isolateNetwork();

const summary = {
	object: 'usage_summary',
	period_start: '2026-05-01T00:00:00Z',
	period_end: '2026-06-01T00:00:00Z',
	sessions: 42,
	billable_seconds: 7260,
	credits_charged: 125,
	// billable seconds per quality tier, as the API documents it
	by_quality: { standard: 6000, pro: 1260 },
};
const usageRow = {
	periodStart: '2026-05-01T00:00:00Z',
	periodEnd: '2026-06-01T00:00:00Z',
	sessions: 42,
	billableSeconds: 7260,
	creditsCharged: 125,
	'by_quality.standard': 6000,
	'by_quality.pro': 1260,
};

describe('Protoface › Usage › Get', () => {
	it('asks for the current month by default; the rest of the summary is flattened', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth }).get('/v1/usage').query({ period: 'current_month' }).reply(200, summary);
		const run = await runNode({ resource: 'usage', operation: 'get' }, [{ report: 'monthly' }]);
		expect(outputJson(run, 'Node')).toEqual([usageRow]);
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: { report: 'monthly' }, pairedItem: { item: 0 } }]);
	});

	it('previous month with a time zone, raw format', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth }).get('/v1/usage').query({ period: 'previous_month', time_zone: 'Europe/Berlin' }).reply(200, summary);
		const run = await runNode({ resource: 'usage', operation: 'get', period: 'previous_month', timeZone: 'Europe/Berlin', resultFormat: 'raw' });
		expect(outputJson(run, 'Node')).toEqual([{ body: summary, status: 200 }]);
	});

	it('a custom range as ISO times; a zoneless start is in the workflow time zone', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.get('/v1/usage')
			.query({ period_start: '2026-05-10T04:00:00.000Z', period_end: '2026-05-17T00:00:00.000Z' })
			.reply(200, summary);
		const run = await runNode(
			{ resource: 'usage', operation: 'get', period: 'custom', periodStart: '2026-05-10T00:00:00', periodEnd: '2026-05-17T00:00:00Z' },
			[{}],
			{ timezone: 'America/New_York' },
		);
		expect(outputJson(run, 'Node')).toEqual([usageRow]);
	});
});

describe('Protoface API credential', () => {
	const test = new Protoface().methods.credentialTest.protofaceApiTest;
	const decrypted = (data: object) => decryptedCredential('protofaceApi', data);
	const testFunctions = credentialTestFunctions;
	const probe = (base = PROTOFACE_BASE) => nock(base, { reqheaders: auth }).get('/v1/avatars').query({ limit: '1' });

	it('declares bearer auth with the key trimmed, the default base URL and the API reference page', async () => {
		const credential = new ProtofaceApi();
		expect(credential.name).toBe('protofaceApi');
		expect(credential.displayName).toBe('Protoface API');
		expect(credential.documentationUrl).toBe('https://docs.protoface.com/api-reference');
		expect(await credential.authenticate({ apiKey: ` ${PROTOFACE_KEY}\n` }, { url: '/v1/usage', headers: { Accept: 'application/json' } })).toEqual({
			url: '/v1/usage',
			headers: { Accept: 'application/json', Authorization: `Bearer ${PROTOFACE_KEY}` },
		});
		expect(credential.properties.find((p) => p.name === 'baseUrl')?.default).toBe('https://api.protoface.com');
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions).toEqual({ password: true });
	});

	it('accepts a key that can list one avatar, at a custom Base URL too', async () => {
		probe().reply(200, { object: 'list', data: [], has_more: false });
		expect(await test.call(testFunctions, decrypted({ apiKey: PROTOFACE_KEY }))).toEqual({ status: 'OK', message: 'API key accepted' });
		probe('https://staging.protoface.test').reply(200, { object: 'list', data: [] });
		expect((await test.call(testFunctions, decrypted({ apiKey: PROTOFACE_KEY, baseUrl: 'https://staging.protoface.test/' }))).status).toBe('OK');
	});

	it('trims the key and Base URL, and a Base URL ending in /v1 (as the API reference writes it) does not give /v1/v1', async () => {
		probe().reply(200, { object: 'list', data: [], has_more: false });
		expect(await test.call(testFunctions, decrypted({ apiKey: `${PROTOFACE_KEY}\n`, baseUrl: ' https://api.protoface.com/v1/ ' }))).toEqual({ status: 'OK', message: 'API key accepted' });
	});

	it('reports a refused key with the API code, without quoting the key', async () => {
		probe().reply(401, { error: { type: 'authentication', code: 'invalid_api_key', message: `Invalid API key ${PROTOFACE_KEY}`, request_id: 'req_1' } });
		expect(await test.call(testFunctions, decrypted({ apiKey: PROTOFACE_KEY }))).toEqual({
			status: 'Error',
			message: 'Protoface refused the API key (HTTP 401) [invalid_api_key]: Invalid API key [redacted]',
		});
	});

	it('does not take a non-API answer as proof', async () => {
		probe().reply(404, '<html>Not Found</html>', { 'Content-Type': 'text/html' });
		expect(await test.call(testFunctions, decrypted({ apiKey: PROTOFACE_KEY }))).toEqual({
			status: 'Error',
			message: 'Protoface answered HTTP 404 (not JSON): <html>Not Found</html> at https://api.protoface.com; check the Base URL',
		});
	});
});
