/**
 * Every UpliftAI operation in both Result Formats, with its Config output: the request is matched
 * exactly (method, path, query, auth header present or absent, body).
 */
import nock from 'nock';

import { executeWorkflow, outputJson } from '../harness/engine';
import { completeConfig, fakeJwt, isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, upliftCredentials, workflowWith } from '../harness/fixtures';

isolateNetwork();

const token = fakeJwt({ exp: 1_900_000_000 });
const session = { token, wsUrl: 'wss://lk.example', roomName: 'room-1' };

interface Case {
	operation: string;
	parameters: Record<string, unknown>;
	method: 'post' | 'get';
	path: string;
	query?: Record<string, string>;
	body?: Record<string, unknown>;
	reply: unknown;
	status: number;
	publicCall?: boolean;
	structured: object[];
}

const cases: Case[] = [
	{
		operation: 'assistant:create',
		parameters: { name: 'Concierge', configSource: 'json', configJson: JSON.stringify(completeConfig()) },
		method: 'post', path: '/v1/realtime-assistants', body: { name: 'Concierge', public: false, config: completeConfig() },
		reply: { id: 'ra_1', name: 'Concierge' }, status: 201,
		structured: [{ assistantId: 'ra_1', name: 'Concierge', description: null, public: false, sttProvider: 'groq', sttModel: 'whisper-large-v3', ttsProvider: 'upliftai', ttsVoiceId: 'v_meklc281', ttsOutputFormat: 'MP3_22050_32', llmProvider: 'groq', llmModel: 'openai/gpt-oss-120b' }],
	},
	{
		operation: 'assistant:update',
		parameters: { assistantId: 'ra_1', configSource: 'inputField' },
		method: 'post', path: '/v1/realtime-assistants/ra_1', body: { config: { agent: { instructions: 'New instructions' } } },
		reply: { realtimeAssistantId: 'ra_1', updatedAt: '2026-11-20T10:00:00Z' }, status: 200,
		structured: [{ assistantId: 'ra_1', name: null, description: null, public: null, sttProvider: null, sttModel: null, ttsProvider: null, ttsVoiceId: null, ttsOutputFormat: null, llmProvider: null, llmModel: null, updatedAt: '2026-11-20T10:00:00Z' }],
	},
	{
		operation: 'session:create',
		parameters: { assistantId: 'ra_1', participantName: 'Ada' },
		method: 'post', path: '/v1/realtime-assistants/ra_1/createSession', body: { participantName: 'Ada' },
		reply: session, status: 200,
		structured: [{ roomName: 'room-1', wsUrl: 'wss://lk.example', token, tokenExpiresAt: '2030-03-17T17:46:40.000Z', participantName: 'Ada', assistantId: 'ra_1', mode: 'assistant' }],
	},
	{
		operation: 'session:createPublic',
		parameters: { assistantId: 'ra_pub', participantName: 'Visitor', roomName: 'lobby' },
		method: 'post', path: '/v1/realtime-assistants/ra_pub/createPublicSession', body: { participantName: 'Visitor', roomName: 'lobby' },
		reply: session, status: 200, publicCall: true,
		structured: [{ roomName: 'room-1', wsUrl: 'wss://lk.example', token, tokenExpiresAt: '2030-03-17T17:46:40.000Z', participantName: 'Visitor', assistantId: 'ra_pub', mode: 'public' }],
	},
	{
		operation: 'session:createAdhoc',
		parameters: { participantName: 'Ada', configSource: 'json', configJson: JSON.stringify(completeConfig()) },
		method: 'post', path: '/v1/realtime-assistants/adhoc/createSession', body: { participantName: 'Ada', config: completeConfig() },
		reply: session, status: 200,
		structured: [{ roomName: 'room-1', wsUrl: 'wss://lk.example', token, tokenExpiresAt: '2030-03-17T17:46:40.000Z', participantName: 'Ada', assistantId: null, mode: 'adhoc' }],
	},
	{
		operation: 'session:get',
		parameters: { sessionId: 's_1' },
		method: 'get', path: '/v1/realtime-assistants/sessions/s_1',
		reply: { id: 's_1', status: 'ended' }, status: 200,
		structured: [{ sessionId: 's_1', id: 's_1', status: 'ended' }],
	},
	{
		operation: 'session:list',
		parameters: { assistantId: 'ra_1' },
		method: 'get', path: '/v1/realtime-assistants/ra_1/sessions', query: { limit: '50' },
		reply: { sessions: [{ id: 's_1' }, { id: 's_2' }] }, status: 200,
		structured: [{ assistantId: 'ra_1', id: 's_1' }, { assistantId: 'ra_1', id: 's_2' }],
	},
];

const input = { crm: 42, config: { agent: { instructions: 'New instructions' } } };

describe.each(cases)('UpliftAI Realtime › $operation', (c) => {
	const [resource, operation] = c.operation.split(':');
	const expectRequest = () => {
		const scope = nock(UPLIFT_BASE, c.publicCall ? { badheaders: ['authorization'] } : { reqheaders: { authorization: `Bearer ${UPLIFT_KEY}` } });
		const interceptor = c.method === 'post' ? scope.post(c.path, c.body as nock.RequestBodyMatcher) : scope.get(c.path);
		(c.query ? interceptor.query(c.query) : c.method === 'get' ? interceptor.query({}) : interceptor).reply(c.status, c.reply as object);
	};
	const run = (resultFormat: string) =>
		executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters: { resource, operation, resultFormat, ...c.parameters }, credentials: !c.publicCall }, [input]), {
			credentials: upliftCredentials,
		});

	it('Structured Table and Config output', async () => {
		expectRequest();
		const result = await run('structured');
		expect(outputJson(result, 'Node', 0)).toEqual(c.structured);
		expect(outputJson(result, 'Node', 1)).toEqual([input]);
	});

	it('Raw Response', async () => {
		expectRequest();
		const result = await run('raw');
		expect(outputJson(result, 'Node', 0)).toEqual([{ body: c.reply, status: c.status }]);
		expect(outputJson(result, 'Node', 1)).toEqual([input]);
	});
});
