/**
 * A 2xx answer is checked, not trusted (issue 12): text where JSON belongs (an HTML page from a
 * proxy, JSON cut short) or JSON without what the operation needs (a session's token and room, a
 * Protoface session's id) fails the item with `invalid_response`, quoting a short, scrubbed piece of
 * the answer; it never becomes a success row of nulls. Each case against the documented endpoint
 * (nock), with continue-on-fail off (the run stops) and on (an error row, paired).
 */
import nock from 'nock';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { completeConfig, isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, upliftCredentials, workflowWith } from '../harness/fixtures';
import { PASTED_TOKEN, PROTOFACE_BASE, PROTOFACE_KEY, protofaceCredentials } from '../protoface/fixtures';
import { VAPI_BASE, VAPI_KEY, vapiCredentials } from '../vapi/fixtures';

isolateNetwork();

interface Case {
	name: string;
	nodeType: 'upliftAiRealtime' | 'vapi' | 'protoface';
	parameters: IDataObject;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	reply: (answer: { status: number; body: string | object; headers: Record<string, string> }) => nock.Scope;
	what: string;
	path: string;
	/** The credential's key, which the broken answer echoes. */
	key: string;
}

const cases: Case[] = [
	{
		name: 'UpliftAI Create Ad-hoc',
		nodeType: 'upliftAiRealtime',
		parameters: { resource: 'session', operation: 'createAdhoc', participantName: 'Ada', configSource: 'json', configJson: JSON.stringify(completeConfig()) },
		credentials: upliftCredentials,
		reply: ({ status, body, headers }) => nock(UPLIFT_BASE).post('/v1/realtime-assistants/adhoc/createSession').reply(status, body, headers),
		what: 'a session {token, wsUrl, roomName}',
		path: 'POST /realtime-assistants/adhoc/createSession',
		key: UPLIFT_KEY,
	},
	{
		name: 'Vapi Session Create',
		nodeType: 'vapi',
		parameters: { resource: 'session', operation: 'create', assistantId: 'asst_1' },
		credentials: vapiCredentials,
		reply: ({ status, body, headers }) => nock(VAPI_BASE).post('/session').reply(status, body, headers),
		what: 'a session with its id',
		path: 'POST /session',
		key: VAPI_KEY,
	},
	{
		name: 'Protoface Session Create',
		nodeType: 'protoface',
		parameters: { resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: 'demo-room', transportUrl: 'wss://my-app.livekit.cloud', workerTokenSource: 'paste', workerToken: PASTED_TOKEN },
		credentials: protofaceCredentials,
		reply: ({ status, body, headers }) => nock(PROTOFACE_BASE).post('/v1/sessions').reply(status, body, headers),
		what: 'a session with its id',
		path: 'POST /v1/sessions',
		key: PROTOFACE_KEY,
	},
];

const html = { status: 200, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } };
const truncated = { status: 200, body: '{"token":"eyJhbGciOiJIUzI1NiJ9.eyJ', headers: { 'content-type': 'application/json' } };
const incomplete = (key: string) => ({ status: 201, body: { ok: true, echoed: `key ${key}` }, headers: { 'content-type': 'application/json' } });

describe.each(cases)('$name', ({ nodeType, parameters, credentials, reply, what, path, key }) => {
	const run = (continueOnFail = false) => executeWorkflow(workflowWith({ type: nodeType, parameters, continueOnFail }), { credentials });

	it('an HTML page with 200 fails the run, naming the content type and quoting the page', async () => {
		reply(html);
		const error = nodeError(await run(), 'Node')!;
		expect(error.message).toContain(`answered HTTP 200 with text that is not JSON (text/html) to ${path}; the answer began "<html><body><h1>502 Bad Gateway</h1></body></html>"`);
		expect(error.context).toMatchObject({ code: 'invalid_response' });
	});

	it('JSON cut short is not JSON either, and the token it began is not quoted', async () => {
		reply(truncated);
		const error = nodeError(await run(), 'Node')!;
		expect(error.message).toContain('with text that is not JSON (application/json)');
		expect(error.message).toContain('the answer began "{\\"token\\":\\"[redacted token]"');
		expect(error.message).not.toContain('eyJhbGciOiJIUzI1NiJ9');
	});

	it(`JSON without ${what} fails the item; with continue-on-fail it is an error row, paired, scrubbed`, async () => {
		reply(incomplete(key));
		const result = await run(true);
		const rows = outputJson(result, 'Node');
		expect(rows).toHaveLength(1);
		expect(String(rows[0].error)).toContain(`answered HTTP 201 to ${path} without ${what}`);
		expect(JSON.stringify(rows)).not.toContain(key);
		expect(JSON.stringify(rows)).toContain('key [redacted]');
		expect(result.data.resultData.runData.Node[0].data!.main[0]![0].pairedItem).toEqual({ item: 0 });
	});
});
