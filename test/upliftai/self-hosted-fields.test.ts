/**
 * UpliftAI's cloud does not run what only the bundled worker runs (session metadata, events, webhook
 * and MCP tools, the webhook LLM). Every operation that sends a configuration refuses it before any
 * request, naming the field; the fields editor does not even offer it.
 */
import nock from 'nock';
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { executeWorkflow, loadNodeType, nodeError, outputJson, PACKAGE } from '../harness/engine';
import { completeConfig, isolateNetwork, UPLIFT_BASE, upliftCredentials, workflowWith } from '../harness/fixtures';

isolateNetwork();

const HINT = 'it needs the self-hosted "Realtime Voice (LiveKit)" node and its worker; UpliftAI\'s cloud does not run it';

/** Runs the node with an UpliftAI endpoint ready to answer, and proves it was never called. */
async function refused(path: string, parameters: IDataObject) {
	const endpoint = nock(UPLIFT_BASE).post(path).reply(200, {});
	const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters, continueOnFail: true }), { credentials: upliftCredentials });
	expect(endpoint.isDone()).toBe(false);
	expect(nock.pendingMocks()).toEqual([`POST ${UPLIFT_BASE}:443${path}`]);
	// Nothing was sent: clear the unused interceptor so the suite's "all sent" check passes.
	nock.cleanAll();
	return outputJson(run, 'Node')[0];
}

const adhoc = (config: object): IDataObject => ({ resource: 'session', operation: 'createAdhoc', participantName: 'Ada', configSource: 'json', configJson: JSON.stringify(config) });

describe('UpliftAI Realtime refuses self-hosted-only configuration before any request', () => {
	it('Assistant Create: session.metadata', async () => {
		const config = { ...completeConfig(), session: { ttl: 900, metadata: { crmId: 'C-17' } } };
		const row = await refused('/v1/realtime-assistants', { resource: 'assistant', operation: 'create', name: 'Support', configSource: 'json', configJson: JSON.stringify(config) });
		expect(row).toMatchObject({ error: `Configuration not supported by UpliftAI: config.session.metadata: ${HINT}`, field: 'config.session.metadata' });
	});

	it('Assistant Update: events in the partial configuration', async () => {
		const patch = { events: { webhookUrl: 'https://n8n.example.com/webhook/1/realtime-voice' } };
		const row = await refused('/v1/realtime-assistants/ra_1', { resource: 'assistant', operation: 'update', assistantId: 'ra_1', configSource: 'json', configPatchJson: JSON.stringify(patch) });
		expect(row).toMatchObject({ error: `Configuration not supported by UpliftAI: config.events: ${HINT}`, field: 'config.events' });
	});

	it('Session Create Ad-Hoc: webhook and MCP tools and the webhook LLM, every one listed', async () => {
		const config = {
			...completeConfig(),
			agent: {
				instructions: 'Help.',
				tools: [
					{ name: 'show_map', description: 'Show a map', parameters: { type: 'object' } },
					{ type: 'webhook', name: 'book', description: 'Book', parameters: { type: 'object' }, url: 'https://n8n.example.com/webhook/2/realtime-voice' },
					{ type: 'mcp', url: 'https://mcp.example.com/mcp' },
				],
			},
			llm: { default: { provider: 'webhook', url: 'https://n8n.example.com/webhook/3/realtime-voice' } },
		};
		const row = await refused('/v1/realtime-assistants/adhoc/createSession', adhoc(config));
		expect(row).toMatchObject({
			error: `Configuration not supported by UpliftAI: config.agent.tools.1.type "webhook": ${HINT} (and 2 more problems)`,
			field: 'config.agent.tools.1.type',
		});
		expect(String(row.description).split('\n')).toEqual([
			`config.agent.tools.1.type "webhook": ${HINT}`,
			`config.agent.tools.2.type "mcp": ${HINT}`,
			`config.llm.default.provider "webhook": ${HINT}`,
		]);
	});

	it('stops the run without continue-on-fail, naming the field', async () => {
		const endpoint = nock(UPLIFT_BASE).post('/v1/realtime-assistants/adhoc/createSession').reply(200, {});
		const config = { ...completeConfig(), events: { webhookUrl: 'https://n8n.example.com/webhook/4/realtime-voice', types: ['session.ended'] } };
		const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters: adhoc(config) }), { credentials: upliftCredentials });
		expect(nodeError(run, 'Node')?.message).toBe(`Configuration not supported by UpliftAI: config.events: ${HINT}`);
		expect(endpoint.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('sends a client tool written with "type": "client" without the type, as UpliftAI documents tools', async () => {
		const tool = { name: 'show_map', description: 'Show a map', parameters: { type: 'object', properties: {} } };
		const config = { ...completeConfig(), agent: { instructions: 'Help.', tools: [{ type: 'client', ...tool }] } };
		const endpoint = nock(UPLIFT_BASE)
			.post('/v1/realtime-assistants/adhoc/createSession', { participantName: 'Ada', config: { ...config, agent: { instructions: 'Help.', tools: [tool] } } })
			.reply(200, { roomName: 'r', wsUrl: 'wss://x', token: 't' });
		const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters: adhoc(config) }), { credentials: upliftCredentials });
		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(endpoint.isDone()).toBe(true);
	});

	it('still sends a configuration without them', async () => {
		const endpoint = nock(UPLIFT_BASE).post('/v1/realtime-assistants/adhoc/createSession').reply(200, { roomName: 'r', wsUrl: 'wss://x', token: 't' });
		const run = await executeWorkflow(workflowWith({ type: 'upliftAiRealtime', parameters: adhoc(completeConfig()) }), { credentials: upliftCredentials });
		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(endpoint.isDone()).toBe(true);
	});
});

describe('the fields editor offers them on Realtime Voice only', () => {
	const SELF_HOSTED = ['eventsUrl', 'eventTypes', 'sessionMetadata', 'sessionMetadataJson', 'toolList', 'llmWebhookUrl', 'llmWebhookTimeout'];
	const properties = (type: string) => loadNodeType(`${PACKAGE}.${type}`).description.properties;
	const llmProviders = (list: INodeProperties[]) =>
		list.filter((property) => property.name === 'llmProvider').map((property) => (property.options as INodePropertyOptions[]).map(({ name, value }) => `${value}: ${name}`));

	it('UpliftAI: no self-hosted field, and no webhook LLM, in any operation', () => {
		const upliftai = properties('upliftAiRealtime');
		const update = upliftai.find((property) => property.name === 'configUpdate')!.options as INodeProperties[];
		const names = [...upliftai, ...update].map((property) => property.name);
		expect(names.filter((name) => SELF_HOSTED.includes(name))).toEqual([]);
		for (const providers of [...llmProviders(upliftai), ...llmProviders(update)]) expect(providers).not.toContain('webhook: n8n Webhook (Self-Hosted Worker Only)');
	});

	it('Realtime Voice: all of them, and the webhook LLM labelled as self-hosted only', () => {
		const voice = properties('realtimeVoice');
		expect(SELF_HOSTED.filter((name) => !voice.some((property) => property.name === name))).toEqual([]);
		expect(llmProviders(voice)).toEqual([['groq: Groq', 'openai: OpenAI', 'openai-compatible: OpenAI-Compatible (Base URL)', 'webhook: n8n Webhook (Self-Hosted Worker Only)']]);
	});
});
