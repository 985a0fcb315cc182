/**
 * What only the self-hosted worker runs, as the Realtime Voice node sends it: session metadata,
 * events, webhook and MCP tools (Tools editor and Tools JSON), the n8n-webhook LLM. The exact dispatch
 * metadata LiveKit receives; bad input failing before any request; MCP headers kept out of outputs.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { TokenVerifier } from 'livekit-server-sdk';

import { parseDispatchMetadata } from '../../src/config';
import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { completeConfig, isolateNetwork, LIVEKIT_HOST, LIVEKIT_KEY, LIVEKIT_SECRET, liveKitCredentials, workflowWith } from '../harness/fixtures';

isolateNetwork();

const verifier = new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET);
const signedWith = (grant: object) => async (header: string) =>
	JSON.stringify((await verifier.verify(header.replace(/^Bearer /, ''))).video) === JSON.stringify(grant);
const twirp = (method: string, auth: object) =>
	nock(LIVEKIT_HOST, { reqheaders: { authorization: signedWith(auth) as never } }).post(`/twirp/livekit.${method}`);

/** Every request that reached the network layer (none may, for bad input). */
let requests: string[] = [];
const record = (request: { path: string }) => requests.push(request.path);
beforeEach(() => {
	requests = [];
	nock.emitter.on('no match', record);
});
afterEach(() => nock.emitter.removeListener('no match', record));

const MCP_TOKEN = 'mcp-secret-token-7c41d09e';
const EVENTS_URL = 'https://n8n.example.com/webhook/7f1c/realtime-voice';
const TOOL_URL = 'https://n8n.example.com/webhook/91ab/realtime-voice';
const LLM_URL = 'https://n8n.example.com/webhook/c3d2/realtime-voice';

const base = { resource: 'session', operation: 'create', participantName: 'Ada', participantIdentity: 'user-ada', roomName: '' };
const lookupOrder = { name: 'lookup_order', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, timeout: 5 };

/** Define Below with every self-hosted field; metadata values come from the record. */
const fieldsParameters = {
	...base,
	configSource: 'fields',
	instructions: 'Be helpful.',
	initialGreeting: true,
	greetingInstructions: 'Say hello.',
	sessionTtl: 900,
	sttProvider: 'groq',
	sttModel: 'whisper-large-v3',
	sttLanguage: 'en',
	ttsProvider: 'upliftai',
	ttsVoiceId: 'v_meklc281',
	ttsOutputFormat: 'MP3_22050_32',
	llmProvider: 'webhook',
	llmWebhookUrl: LLM_URL,
	llmWebhookTimeout: 20,
	tools: JSON.stringify([lookupOrder]),
	toolList: {
		tool: [
			{ type: 'webhook', name: 'book_visit', description: 'Book a visit', parameters: '{"type":"object","properties":{"day":{"type":"string"}}}', url: TOOL_URL, timeout: 15 },
			{ type: 'mcp', url: 'https://mcp.example.com/mcp', headers: JSON.stringify({ Authorization: `Bearer ${MCP_TOKEN}` }), allowedTools: 'search, get_customer', timeout: 20 },
			{ type: 'client', name: 'show_map', description: 'Show a map', parameters: '{"type":"object"}' },
		],
	},
	eventsUrl: EVENTS_URL,
	eventTypes: ['session.ended', 'transcript'],
	sessionMetadata: { entry: [{ key: 'crmId', value: '={{ $json.crmId }}' }, { key: 'score', value: '={{ $json.score }}' }] },
	sessionMetadataJson: '{"tier":"gold"}',
};

const expectedFromFields = {
	session: { ttl: 900, metadata: { tier: 'gold', crmId: 'C-17', score: 42 } },
	agent: {
		instructions: 'Be helpful.',
		initialGreeting: true,
		greetingInstructions: 'Say hello.',
		tools: [
			lookupOrder,
			{ type: 'webhook', name: 'book_visit', description: 'Book a visit', parameters: { type: 'object', properties: { day: { type: 'string' } } }, url: TOOL_URL, timeout: 15 },
			{ type: 'mcp', url: 'https://mcp.example.com/mcp', headers: { Authorization: `Bearer ${MCP_TOKEN}` }, allowedTools: ['search', 'get_customer'], timeout: 20 },
			{ name: 'show_map', description: 'Show a map', parameters: { type: 'object' }, timeout: 10 },
		],
	},
	stt: { default: { provider: 'groq', model: 'whisper-large-v3', language: 'en' } },
	tts: { default: { provider: 'upliftai', voiceId: 'v_meklc281', outputFormat: 'MP3_22050_32' } },
	llm: { default: { provider: 'webhook', url: LLM_URL, timeout: 20 } },
	events: { webhookUrl: EVENTS_URL, types: ['session.ended', 'transcript'] },
};

/** Room → dispatch; hands the dispatch metadata the node sent to `check`, echoes it like LiveKit. */
function expectSession(check: (metadata: unknown) => void) {
	twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, (_uri, body: any) => ({ sid: 'RM_1', name: body.name }));
	twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true }).reply(200, (_uri, body: any) => {
		check(JSON.parse(body.metadata));
		return { id: 'AD_1', agentName: body.agentName, room: body.room, metadata: body.metadata };
	});
	// Wait for Agent (on by default): the agent is in the room at the first look.
	nock(LIVEKIT_HOST).post('/twirp/livekit.RoomService/ListParticipants').reply(200, { participants: [{ identity: 'agent-AJ_1', kind: 'AGENT' }] });
}

describe('Realtime Voice › Create › self-hosted configuration (exact dispatch metadata)', () => {
	it('from the fields: metadata from the record, events, Tools JSON + editor (webhook, MCP, client), webhook LLM', async () => {
		let sent: any;
		expectSession((metadata) => (sent = metadata));

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: fieldsParameters }, [{ crmId: 'C-17', score: 42 }]), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(sent).toEqual({ version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity: 'user-ada', name: 'Ada' }, config: expectedFromFields });
		expect(parseDispatchMetadata(JSON.stringify(sent)).ok).toBe(true);
		// The Structured Table flattens the metadata into one column per key.
		expect(outputJson(run, 'Node')[0]).toMatchObject({ 'metadata.crmId': 'C-17', 'metadata.score': 42, 'metadata.tier': 'gold', eventsUrl: EVENTS_URL, dispatchId: 'AD_1' });
	});

	it('from JSON: the same kinds of tools, metadata and events pass unchanged', async () => {
		const config = {
			...completeConfig(),
			session: { ttl: 600, metadata: { crmId: 'C-9', vip: true } },
			agent: {
				instructions: 'Help.',
				tools: [
					{ type: 'webhook', name: 'book_visit', description: 'Book a visit', parameters: { type: 'object' }, url: TOOL_URL },
					{ type: 'mcp', url: 'https://mcp.example.com/mcp', headers: { 'X-Api-Key': MCP_TOKEN } },
				],
			},
			events: { webhookUrl: EVENTS_URL },
		};
		let sent: any;
		expectSession((metadata) => (sent = metadata));

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { ...base, configSource: 'json', configJson: JSON.stringify(config) } }), { credentials: liveKitCredentials() });

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(sent.config).toEqual(config);
		expect(outputJson(run, 'Node')[0]).toMatchObject({ 'metadata.crmId': 'C-9', 'metadata.vip': true, eventsUrl: EVENTS_URL });
	});

	it('Raw Response shows the dispatch with the MCP header values redacted', async () => {
		expectSession(() => undefined);

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { ...fieldsParameters, resultFormat: 'raw' } }, [{ crmId: 'C-17', score: 42 }]), {
			credentials: liveKitCredentials(),
		});

		const [row] = outputJson(run, 'Node') as any[];
		const echoed = JSON.parse(row.body.dispatch.metadata);
		expect(echoed.config.agent.tools[2].headers).toEqual({ Authorization: '[redacted]' });
		expect(echoed.config.session.metadata).toEqual({ tier: 'gold', crmId: 'C-17', score: 42 });
		expect(JSON.stringify(run.data)).not.toContain(MCP_TOKEN);
	});

	it.each([true, false])('an error quoting an MCP header is scrubbed (continue on fail: %s)', async (continueOnFail) => {
		twirp('RoomService/CreateRoom', { roomCreate: true }).reply(200, { sid: 'RM_2', name: 'x' });
		twirp('AgentDispatchService/CreateDispatch', { roomAdmin: true }).reply(400, { code: 'invalid_argument', msg: `metadata rejected near "Bearer ${MCP_TOKEN}" (${MCP_TOKEN})` });
		twirp('RoomService/DeleteRoom', { roomCreate: true }).reply(200, {});

		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: fieldsParameters, continueOnFail }, [{ crmId: 'C-17', score: 42 }]), {
			credentials: liveKitCredentials(),
		});

		// The whole header value is a secret, and so is its credential part.
		const message = 'LiveKit API error 400 [invalid_argument]: Dispatch agent: metadata rejected near "[redacted]" ([redacted])';
		expect(continueOnFail ? outputJson(run, 'Node')[0].error : nodeError(run, 'Node')?.message).toBe(message);
		// n8n attaches the node (its parameters, as typed) to a stopping error; everything else is ours.
		const { node: _node, ...error } = (nodeError(run, 'Node') ?? {}) as IDataObject;
		expect(JSON.stringify([outputJson(run, 'Node'), error])).not.toContain(MCP_TOKEN);
	});
});

describe('Realtime Voice › Create › self-hosted configuration (bad input, nothing sent)', () => {
	const failsWith = async (parameters: IDataObject, records: IDataObject[] = [{ crmId: 'C-17', score: 42 }]) => {
		const run = await executeWorkflow(workflowWith({ type: 'realtimeVoice', parameters: { ...fieldsParameters, ...parameters }, continueOnFail: true }, records), {
			credentials: liveKitCredentials(),
		});
		expect(requests).toEqual([]);
		return outputJson(run, 'Node')[0];
	};

	it('an ftp:// Events URL', async () => {
		expect(await failsWith({ eventsUrl: 'ftp://files.example.com/in' })).toMatchObject({
			error: 'Invalid assistant configuration: config.events.webhookUrl must start with http:// or https://, got "ftp://files.example.com/in"',
			field: 'config.events.webhookUrl',
		});
	});

	it('nested metadata', async () => {
		expect(await failsWith({ sessionMetadataJson: '{"crm":{"id":"C-17"}}' })).toMatchObject({
			error: expect.stringMatching(/^Invalid assistant configuration: config\.session\.metadata\.crm must be a string, number or boolean \(metadata is flat\)/),
			field: 'config.session.metadata.crm',
		});
	});

	it('metadata over 8 KB', async () => {
		const notes = 'x'.repeat(8200);
		const bytes = JSON.stringify({ notes, crmId: 'C-17', score: 42 }).length;
		const row = await failsWith({ sessionMetadataJson: JSON.stringify({ notes }) });
		expect(row).toMatchObject({
			error: expect.stringMatching(new RegExp(`^Invalid assistant configuration: config\\.session\\.metadata must be at most 8192 bytes as JSON; it is ${bytes} bytes`)),
			field: 'config.session.metadata',
		});
	});

	it('an unknown event type names the allowed ones', async () => {
		const config = { ...completeConfig(), events: { webhookUrl: EVENTS_URL, types: ['call.started'] } };
		expect(await failsWith({ configSource: 'json', configJson: JSON.stringify(config) })).toMatchObject({
			error: 'Invalid assistant configuration: config.events.types.0 must be one of "session.started", "transcript", "tool.called", "session.ended", "session.error", got "call.started"',
		});
	});

	it('a tool name used both in the Tools editor and in Tools (JSON)', async () => {
		const toolList = { tool: [{ type: 'webhook', name: 'lookup_order', description: 'Also finds orders', url: TOOL_URL }] };
		expect(await failsWith({ toolList })).toMatchObject({
			error: 'Tool name "lookup_order" is used both in Tools and in Tools (JSON)',
			field: 'toolList',
		});
	});

	it('a metadata key set twice, and an entry without a key', async () => {
		expect(await failsWith({ sessionMetadataJson: '{"crmId":"X"}' })).toMatchObject({ error: 'Metadata key "crmId" is set both in Metadata and in Metadata (JSON)', field: 'sessionMetadata' });
		expect(await failsWith({ sessionMetadata: { entry: [{ key: '', value: 'orphan' }] } })).toMatchObject({ error: 'Metadata entry 1 has a value but no key', field: 'sessionMetadata' });
	});

	it('MCP headers that are not JSON, without quoting them', async () => {
		const toolList = { tool: [{ type: 'mcp', url: 'https://mcp.example.com/mcp', headers: `Authorization: Bearer ${MCP_TOKEN}` }] };
		const row = await failsWith({ toolList });
		expect(row).toMatchObject({ error: 'Tools: Headers (JSON) of tool 1 is not valid JSON', field: 'toolList' });
		expect(JSON.stringify(row)).not.toContain(MCP_TOKEN);
	});

	it('broken Tools (JSON) holding a token: the error names the field and never quotes the text', async () => {
		const tools = `[{"type":"mcp","url":"https://mcp.example.com/mcp","headers":{"Authorization":"Bearer ${MCP_TOKEN}"}}]x`;
		const row = await failsWith({ tools });
		expect(row).toMatchObject({ error: expect.stringMatching(/^Invalid assistant configuration: config\.agent\.tools must be array, got string "invalid JSON \(Unexpected non-whitespace character after/) });
		const unexpectedToken = `[{"type":"mcp","headers":{"Authorization":"Bearer ${MCP_TOKEN}"}},]`;
		expect(JSON.stringify(await failsWith({ tools: unexpectedToken }))).not.toContain(MCP_TOKEN);
		const config = `{"agent":{"tools":[{"type":"mcp","headers":{"X":"${MCP_TOKEN}"}}]}}}`;
		expect(JSON.stringify(await failsWith({ configSource: 'json', configJson: config }))).not.toContain(MCP_TOKEN);
	});

	it('the webhook LLM without its URL', async () => {
		// An empty URL from an expression or JSON reaches the schema (the field is not `required`, so an
		// LLM Provider set by an expression does not make n8n demand it).
		expect(await failsWith({ llmWebhookUrl: '={{ $json.noSuchField }}' })).toMatchObject({
			error: 'Invalid assistant configuration: config.llm.default.url is required when llm.default.provider is "webhook"',
		});
	});
});
