import nock from 'nock';

import { RealtimeVoice } from '../../nodes/RealtimeVoice/RealtimeVoice.node';
import { RealtimeVoiceTrigger } from '../../nodes/RealtimeVoiceTrigger/RealtimeVoiceTrigger.node';
import { UpliftAiRealtime } from '../../nodes/UpliftAiRealtime/UpliftAiRealtime.node';
import { UPLIFT_BASE, UPLIFT_KEY, credentialTestFunctions, decryptedCredential, isolateNetwork } from '../harness/fixtures';
import { liveKitServer } from '../harness/livekit';

isolateNetwork();

const decrypted = (data: object) => decryptedCredential('x', data);

const testFunctions = credentialTestFunctions;

describe('UpliftAI API credential test', () => {
	const test = new UpliftAiRealtime().methods.credentialTest.upliftAiApiTest;
	const probe = () => nock(UPLIFT_BASE, { reqheaders: { authorization: `Bearer ${UPLIFT_KEY}` } }).get('/v1/realtime-assistants/sessions/n8n-credential-check');

	it('accepts a key the API answers "no such session" for', async () => {
		probe().reply(404, { error: 'not found' });
		expect(await test.call(testFunctions, decrypted({ apiKey: UPLIFT_KEY }))).toEqual({ status: 'OK', message: 'API key accepted' });
	});

	it('does not take a non-API 404 (wrong Base URL) or a rate limit as proof', async () => {
		probe().reply(404, '<html>Not Found</html>', { 'Content-Type': 'text/html' });
		expect(await test.call(testFunctions, decrypted({ apiKey: UPLIFT_KEY }))).toEqual({
			status: 'Error',
			message: 'UpliftAI answered HTTP 404 (not JSON) at https://api.upliftai.org/v1; check the Base URL (it ends in /v1)',
		});
		probe().reply(429, { error: 'slow down' });
		expect((await test.call(testFunctions, decrypted({ apiKey: UPLIFT_KEY }))).status).toBe('Error');
	});

	it('reports a refused key', async () => {
		probe().reply(401, { error: 'invalid key' });
		expect(await test.call(testFunctions, decrypted({ apiKey: UPLIFT_KEY }))).toEqual({ status: 'Error', message: 'UpliftAI refused the API key (HTTP 401)' });
	});
});

describe('LiveKit API credential test (real livekit-server)', () => {
	const test = new RealtimeVoice().methods.credentialTest.liveKitApiTest;
	const server = liveKitServer();

	it('connects with the right key pair', async () => {
		const result = await test.call(testFunctions, decrypted({ serverUrl: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret }));
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/^Connected: \d+ active rooms?$/);
	});

	it('fails on a wrong secret without quoting it', async () => {
		const secret = 'definitely-not-the-secret-0123456789abcdef';
		const result = await test.call(testFunctions, decrypted({ serverUrl: server.url, apiKey: server.apiKey, apiSecret: secret }));
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(secret);
		expect(result.message).not.toMatch(/eyJ/);
	});
});

describe('Realtime Voice Webhook credential test (no request: the secret only checks signatures)', () => {
	const test = new RealtimeVoiceTrigger().methods.credentialTest.realtimeVoiceWebhookApiTest;
	const run = (signingSecret: string) => test.call(testFunctions, decrypted({ signingSecret }));

	it('accepts a long secret without quoting it', async () => {
		const secret = 'a3f1c9e07b2d4e6f8a1b3c5d7e9f0a2b';
		const result = await run(secret);
		expect(result).toEqual({ status: 'OK', message: "Secret usable (32 characters); the worker's N8N_VOICE_WEBHOOK_SECRET must be the same" });
		expect(result.message).not.toContain(secret);
	});

	it('refuses an empty, short or space-padded secret, saying why', async () => {
		expect(await run('')).toEqual({ status: 'Error', message: "Signing Secret is empty: set the value of the worker's N8N_VOICE_WEBHOOK_SECRET" });
		expect(await run('short-secret')).toEqual({ status: 'Error', message: 'Signing Secret has 12 characters; use at least 16 random ones, e.g. from "openssl rand -hex 32"' });
		expect((await run('a3f1c9e07b2d4e6f8a1b3c5d7e9f0a2b\n')).message).toMatch(/starts or ends with a space or line break/);
	});
});
