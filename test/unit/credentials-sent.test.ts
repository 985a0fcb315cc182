/**
 * Credentials are sent and signed with trimmed: a key pasted with spaces or a line break around it
 * (`"  sk_…\n"`) goes out as `Bearer sk_…`, not `Bearer   sk_…` (a 401 the credential test, which
 * trims, would not have predicted), and a LiveKit key pair pasted that way still signs tokens the
 * real livekit-server accepts; a key the vendor echoes in a success answer is scrubbed like in an error.
 */
import nock from 'nock';

import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { completeConfig, isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, workflowWith } from '../harness/fixtures';
import { liveKitServer } from '../harness/livekit';
import { sessionResponse, VAPI_BASE, VAPI_KEY } from '../vapi/fixtures';

isolateNetwork();
const server = liveKitServer();

const padded = (key: string) => `  ${key} \n`;

it('UpliftAI: the key is sent trimmed', async () => {
	const body = { token: 'eyJ.e30.sig', wsUrl: 'wss://upliftai-livekit.example', roomName: 'r1' };
	const scope = nock(UPLIFT_BASE, { reqheaders: { authorization: `Bearer ${UPLIFT_KEY}` } })
		.post('/v1/realtime-assistants/ra_1/createSession', { participantName: 'Ada' })
		.reply(200, body);
	const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters: { resource: 'session', operation: 'create', assistantId: 'ra_1', participantName: 'Ada' } }), {
		credentials: { upliftAiApi: { apiKey: padded(UPLIFT_KEY), baseUrl: 'https://api.upliftai.org/v1' } },
	});
	expect(nodeError(run, 'Node')).toBeUndefined();
	expect(scope.isDone()).toBe(true);
});

it('Vapi: the key is sent trimmed', async () => {
	const scope = nock(VAPI_BASE, { reqheaders: { authorization: `Bearer ${VAPI_KEY}` } }).get('/session/ses_1').reply(200, sessionResponse());
	const run = await executeWorkflow(workflowWith({ type: 'vapi', parameters: { resource: 'session', operation: 'get', sessionId: 'ses_1' } }), {
		credentials: { vapiApi: { apiKey: padded(VAPI_KEY), baseUrl: VAPI_BASE } },
	});
	expect(nodeError(run, 'Node')).toBeUndefined();
	expect(scope.isDone()).toBe(true);
});

it('LiveKit: a key pair and URL pasted with spaces create a session on the real server', async () => {
	const { liveKitApi } = server.credentials;
	const credentials = {
		liveKitApi: { ...liveKitApi, serverUrl: padded(liveKitApi.serverUrl), apiKey: padded(liveKitApi.apiKey), apiSecret: padded(liveKitApi.apiSecret) },
	};
	const run = await executeWorkflow(
		workflowWith({ type: 'realtimeVoice', parameters: { resource: 'session', operation: 'create', participantName: 'Ada', configSource: 'json', configJson: JSON.stringify(completeConfig()), waitForAgent: false } }),
		{ credentials },
	);
	expect(nodeError(run, 'Node')).toBeUndefined();
	const [row] = outputJson(run, 'Node');
	expect(await server.rooms.listRooms([String(row.roomName)])).toHaveLength(1);
	expect(row.wsUrl).toBe(liveKitApi.serverUrl.replace(/^http/, 'ws'));
	await server.rooms.deleteRoom(String(row.roomName));
});

it.each(['ftp://api.vapi.ai', 'file:///etc/passwd', 'javascript:alert(1)', 'ws://api.vapi.ai'])('a credential Base URL %s is refused by name before any request', async (baseUrl) => {
	const run = await executeWorkflow(workflowWith({ type: 'vapi', parameters: { resource: 'session', operation: 'get', sessionId: 'ses_1' } }), {
		credentials: { vapiApi: { apiKey: VAPI_KEY, baseUrl } },
	});
	expect(nodeError(run, 'Node')?.message).toBe(`The Vapi Base URL must start with http:// or https://, got ${JSON.stringify(baseUrl)}`);
	expect(nock.pendingMocks()).toEqual([]);
});

it.each(['table', 'raw'])('a key the vendor echoes in a success answer is scrubbed from the row (%s), the session token is kept', async (resultFormat) => {
	const token = 'eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoicjEifQ.c2lnbmF0dXJl';
	nock(UPLIFT_BASE)
		.post('/v1/realtime-assistants/ra_1/createSession')
		.reply(200, { token, wsUrl: 'wss://upliftai-livekit.example', roomName: 'r1', echoedAuth: `Bearer ${UPLIFT_KEY}`, debug: { url: `https://x.example/?key=${UPLIFT_KEY}` } });
	const run = await executeWorkflow(
		workflowWith({ type: 'upliftAiRealtime', parameters: { resource: 'session', operation: 'create', assistantId: 'ra_1', participantName: 'Ada', resultFormat } }),
		{ credentials: { upliftAiApi: { apiKey: UPLIFT_KEY, baseUrl: 'https://api.upliftai.org/v1' } } },
	);
	const text = JSON.stringify(outputJson(run, 'Node'));
	expect(text).not.toContain(UPLIFT_KEY);
	expect(text).toContain(token);
	if (resultFormat === 'raw') expect(outputJson(run, 'Node')[0]).toMatchObject({ body: { echoedAuth: 'Bearer [redacted]', debug: { url: 'https://x.example/?key=[redacted]' } } });
});
