/**
 * Every examples/*.json as a file a real n8n imports and runs headless (`n8n import:workflow`, then
 * `n8n execute --id …`, which ignores pinned data): a fixed workflow id, no pinData, complete nodes,
 * Manual Trigger → Code node holding the records → the package's node, credentials under the fixed ids
 * a setup script creates. The records are checked through the engine's Code node stand-in, and the
 * self-hosted example runs as shipped on the real livekit-server of the test run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { dispose } from '@livekit/rtc-node';
import type { IDataObject, INode } from 'n8n-workflow';

import { parseCsv } from '../../scripts/local-stack/csv';
import { startWebhookHost, type WebhookHost } from '../../scripts/local-stack/webhook-host';
import { parseDispatchMetadata } from '../../src/config';
import { signedHeaders } from '../../src/events';
import { declaredTypes, engineDataTables, executeWorkflow, loadNodeType, nodeError, outputItems, outputJson, PACKAGE, recordsNodeOf, recordsOf, type WorkflowJson } from '../harness/engine';
import { EXAMPLE_FILES, EXAMPLES, loadExample, RECORD_COUNTS, targetsOf, TRIGGERED_EXAMPLES } from '../harness/examples';
import { isolateNetwork } from '../harness/fixtures';
import { liveKitServer } from '../harness/livekit';
import { captureLogLines } from '../harness/logLines';
import { leakedSecrets } from '../harness/secrets';

isolateNetwork();
const logs = captureLogLines();
/** Every secret a run below was given, for the log check at the end. */
const secretsUsed = new Set<string>();
afterAll(() => dispose());

const files = EXAMPLE_FILES;
const load = (file: string) => loadExample<WorkflowJson & IDataObject>(file);
const csvRows = () => parseCsv(readFileSync(join(EXAMPLES, 'customers.csv'), 'utf8'));

/** The credentials a setup script creates with `n8n import:credentials`, by credential type. */
const CREDENTIALS: Record<string, { id: string; name: string }> = {
	liveKitApi: { id: 'rtvLocalLiveKit1', name: 'Local LiveKit' },
	upliftAiApi: { id: 'rtvUpliftAiCred1', name: 'UpliftAI' },
	vapiApi: { id: 'rtvVapiCredent01', name: 'Vapi' },
	openAiRealtimeApi: { id: 'rtvOpenAiRtCred1', name: 'OpenAI Realtime' },
	protofaceApi: { id: 'rtvProtofaceCre1', name: 'Protoface' },
	realtimeVoiceWebhookApi: { id: 'rtvWebhookSecret', name: 'Realtime Voice Webhook' },
};
const provisioning = (file: string) => file in RECORD_COUNTS;

describe('examples/*.json import into and run headless in a real n8n', () => {
	it('covers every example', () => {
		expect(files).toEqual([...Object.keys(RECORD_COUNTS), ...Object.keys(TRIGGERED_EXAMPLES)].sort());
	});

	it('each has its own 16-character alphanumeric workflow id', () => {
		const ids = files.map((file) => load(file).id);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(new Set(ids).size).toBe(files.length);
	});

	describe.each(files)('examples/%s', (file) => {
		const workflow = load(file);
		const byName = new Map(workflow.nodes.map((node) => [node.name, node]));

		it('has no pinData (n8n execute ignores it), is inactive and uses execution order v1', () => {
			expect(workflow).not.toHaveProperty('pinData');
			expect(workflow).not.toHaveProperty('meta');
			expect(workflow.active).toBe(false);
			expect(workflow.settings).toMatchObject({ executionOrder: 'v1' });
			expect(typeof workflow.name).toBe('string');
		});

		it('has complete nodes with unique ids and names, of types this engine (and n8n) knows', () => {
			for (const node of workflow.nodes) {
				expect(node).toEqual(
					expect.objectContaining({ id: expect.any(String), name: expect.any(String), type: expect.any(String), typeVersion: expect.any(Number), parameters: expect.any(Object) }),
				);
				expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
				expect(() => loadNodeType(node.type)).not.toThrow();
			}
			expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
			expect(byName.size).toBe(workflow.nodes.length);
			for (const [source, value] of Object.entries(workflow.connections)) {
				expect(byName.has(source)).toBe(true);
				for (const target of targetsOf(workflow, source)) expect(byName.has(target)).toBe(true);
				expect(value).toEqual({ main: expect.any(Array) });
			}
		});

		if (provisioning(file)) {
			it('connects Manual Trigger → a Code node holding the records → the package node', () => {
				const triggers = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.manualTrigger');
				expect(triggers).toHaveLength(1);
				const recordsNode = recordsNodeOf(workflow);
				expect(targetsOf(workflow, triggers[0].name)).toEqual([recordsNode]);
				const code = byName.get(recordsNode) as INode;
				expect(code).toMatchObject({ type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: expect.stringMatching(/^return \[/) } });
				expect(code.parameters.mode ?? 'runOnceForAllItems').toBe('runOnceForAllItems');
				expect(code.notes).toMatch(/CRM.*Google Sheets.*Extract from File/);
				const next = targetsOf(workflow, recordsNode).map((name) => byName.get(name)!.type);
				expect(next).toHaveLength(1);
				expect(next[0].startsWith(`${PACKAGE}.`)).toBe(true);
			});
		} else {
			it('starts with the Realtime Voice Trigger, a webhook with a fixed id, and holds no records', () => {
				const [trigger] = workflow.nodes;
				expect(trigger).toMatchObject({ name: TRIGGERED_EXAMPLES[file].trigger, type: `${PACKAGE}.realtimeVoiceTrigger`, webhookId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
				expect(workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.manualTrigger')).toEqual([]);
				const reached = new Set<string>([trigger.name]);
				for (const name of reached) for (const next of targetsOf(workflow, name)) reached.add(next);
				expect(reached.size).toBe(workflow.nodes.length);
			});
		}

		it('references credentials by the fixed ids and names a setup script imports', () => {
			const declared = declaredTypes.credentials();
			const used = workflow.nodes.filter((node) => node.credentials);
			expect(used.length).toBeGreaterThan(0);
			for (const node of used) {
				for (const [type, reference] of Object.entries(node.credentials!)) {
					expect(declared).toContain(type);
					expect({ type, ...reference }).toEqual({ type, ...CREDENTIALS[type] });
				}
			}
		});

		if (provisioning(file)) it(`its records node returns ${RECORD_COUNTS[file]} records through the engine`, async () => {
			const records = await recordsOf(workflow);
			expect(records).toHaveLength(RECORD_COUNTS[file]);
			for (const record of records) expect(Object.keys(record).length).toBeGreaterThan(0);
		});
	});

	it.each(['provision-per-record.json', 'provision-per-record-with-events.json'])('examples/%s holds the rows of examples/customers.csv', async (file) => {
		expect(await recordsOf(load(file))).toEqual(csvRows());
	});
});

describe("the engine's Code node stand-in", () => {
	const workflowWithCode = (jsCode: string, parameters: IDataObject = {}, typeVersion = 2): WorkflowJson => ({
		nodes: [
			{ id: 't', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'c', name: 'Code', type: 'n8n-nodes-base.code', typeVersion, position: [200, 0], parameters: { jsCode, ...parameters } },
		],
		connections: { Trigger: { main: [[{ node: 'Code', type: 'main', index: 0 }]] } },
	});

	it('runs the code as an async function body with $input.all() and wraps plain objects as items', async () => {
		const run = await executeWorkflow(workflowWithCode('await null; return [...$input.all(), { n: $input.all().length }, { json: { typeofRequire: typeof require, typeofProcess: typeof process } }];'));
		expect(outputJson(run, 'Code')).toEqual([{}, { n: 1 }, { typeofRequire: 'undefined', typeofProcess: 'undefined' }]);
		expect(outputItems(run, 'Code').map((item) => item.pairedItem)).toEqual([0, 0, 0].map((item) => ({ item })));
	});

	it('fails the node on an error in the code, and on what it does not stand in for', async () => {
		const failure = async (definition: WorkflowJson) => nodeError(await executeWorkflow(definition), 'Code')?.message;
		expect(await failure(workflowWithCode('throw new Error("boom");'))).toMatch(/boom/);
		expect(await failure(workflowWithCode('return [1];'))).toMatch(/item 0 is not an object/);
		expect(await failure(workflowWithCode('return [];', { mode: 'runOnceForEachItem' }))).toMatch(/runOnceForAllItems/);
		expect(await failure(workflowWithCode('return [];', {}, 1))).toMatch(/typeVersion 2/);
	});
});

describe('examples/provision-per-record.json on the real livekit-server', () => {
	const server = liveKitServer();
	const credentials = { liveKitApi: { ...server.credentials.liveKitApi } };
	secretsUsed.add(credentials.liveKitApi.apiSecret);
	const LOCAL = 'http://127.0.0.1:11434/v1';
	/** No worker runs in this suite: the example as shipped, but not waiting for an agent to join. */
	const noAgentWait = (file: string) => {
		const workflow = load(file);
		for (const node of workflow.nodes) if (node.type === `${PACKAGE}.realtimeVoice`) node.parameters.waitForAgent = false;
		return workflow;
	};

	/** The assistant configuration each session's agent dispatch carries, by row. */
	async function dispatchedConfigs(rows: IDataObject[]) {
		const configs = [];
		for (const row of rows) {
			const dispatch = (await server.dispatches.listDispatch(row.roomName as string)).find((d) => d.id === row.dispatchId)!;
			const parsed = parseDispatchMetadata(dispatch.metadata);
			if (!parsed.ok) throw new Error(parsed.errors.join('; '));
			configs.push(parsed.value.config);
		}
		await Promise.all(rows.map((row) => server.rooms.deleteRoom(row.roomName as string)));
		return configs;
	}

	it('runs as shipped: its own records pass the node validation, one session per CSV row, providers on the local OpenAI-compatible server', async () => {
		const run = await executeWorkflow(noAgentWait('provision-per-record.json'), { credentials });

		expect(nodeError(run, 'Realtime Voice')).toBeUndefined();
		expect(leakedSecrets(run, [credentials.liveKitApi.apiSecret])).toEqual([]);
		const rows = outputJson(run, 'Realtime Voice');
		const customers = csvRows();
		expect(rows.map((row) => row.participantName)).toEqual(customers.map((c) => c.name));
		for (const row of rows) expect(row).toMatchObject({ wsUrl: server.url, mode: 'adhoc', roomName: expect.stringMatching(/^crm-/) });
		const configs = await dispatchedConfigs(rows);
		configs.forEach((config, i) => {
			expect(config.agent).toMatchObject({ initialGreeting: true, greetingMessage: customers[i].greeting });
			expect(config.agent.instructions).toContain(`account assistant of ${customers[i].company}`);
			expect(config.session).toEqual({ ttl: 900, roomPrefix: 'crm' });
			expect(config.stt.default).toEqual({ provider: 'openai-compatible', model: 'whisper-1', language: 'en', baseUrl: LOCAL });
			expect(config.tts.default).toMatchObject({ provider: 'espeak', voiceId: customers[i].voice });
			expect(config.llm.default).toEqual({ provider: 'openai-compatible', model: 'llama3.2', baseUrl: LOCAL });
		});
	});

	it('examples/provision-per-record-with-events.json: each session carries its crmId and sends session.ended to the outcome workflow', async () => {
		const run = await executeWorkflow(noAgentWait('provision-per-record-with-events.json'), { credentials });
		expect(nodeError(run, 'Realtime Voice')).toBeUndefined();
		expect(leakedSecrets(run, [credentials.liveKitApi.apiSecret])).toEqual([]);
		const rows = outputJson(run, 'Realtime Voice');
		const customers = csvRows();
		expect(rows.map((row) => [row['metadata.crmId'], row['metadata.campaign']])).toEqual(customers.map((c) => [c.crmId, 'onboarding']));
		const outcome = load('session-outcome-to-data-table.json');
		const eventsUrl = `http://127.0.0.1:5678/webhook/${outcome.nodes[0].webhookId}/realtime-voice`;
		for (const row of rows) expect(row.eventsUrl).toBe(eventsUrl);
		const configs = await dispatchedConfigs(rows);
		configs.forEach((config, i) => {
			expect(config.session).toEqual({ ttl: 900, roomPrefix: 'crm', metadata: { crmId: customers[i].crmId, campaign: 'onboarding' } });
			expect(config.events).toEqual({ webhookUrl: eventsUrl, types: ['session.ended'] });
		});
	});

	it("takes `npm start`'s records in place of the Code node's: provider fields decide, OpenAI gets no local base URL", async () => {
		const customers = csvRows().slice(0, 2);
		const openAi = { llmProvider: 'openai', llmModel: 'gpt-4o-mini', sttProvider: 'openai', sttModel: 'whisper-1', ttsProvider: 'openai' };
		const compatible = { ...openAi, llmProvider: 'openai-compatible', llmBaseUrl: 'http://127.0.0.1:8000/v1', sttProvider: 'openai-compatible', sttBaseUrl: 'http://127.0.0.1:9000/v1', ttsProvider: 'espeak' };
		const run = await executeWorkflow(noAgentWait('provision-per-record.json'), {
			credentials,
			records: [{ ...customers[0], ...openAi }, { ...customers[1], ...compatible }],
		});

		expect(nodeError(run, 'Realtime Voice')).toBeUndefined();
		expect(run.data.resultData.runData.Customers[0].data!.main[0]!.map((item) => item.json.name)).toEqual(customers.map((c) => c.name));
		const [viaOpenAi, viaCompatible] = await dispatchedConfigs(outputJson(run, 'Realtime Voice'));
		expect(viaOpenAi.stt.default).toEqual({ provider: 'openai', model: 'whisper-1', language: 'en' });
		expect(viaOpenAi.tts.default).toMatchObject({ provider: 'openai', voiceId: 'alloy' });
		expect(viaOpenAi.llm.default).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
		expect([viaCompatible.stt.default.baseUrl, viaCompatible.llm.default.baseUrl]).toEqual(['http://127.0.0.1:9000/v1', 'http://127.0.0.1:8000/v1']);
	});
});

describe('examples/session-outcome-to-data-table.json served as an active workflow (engine webhook host)', () => {
	const SECRET = 'outcome-example-test-secret';
	secretsUsed.add(SECRET);
	const workflow = load('session-outcome-to-data-table.json');
	let host: WebhookHost;
	beforeAll(async () => {
		engineDataTables.delete('Voice session outcomes');
		host = await startWebhookHost([workflow], { credentials: { realtimeVoiceWebhookApi: { signingSecret: SECRET } } });
	});
	afterAll(() => host.close());

	const session = { roomName: 'crm-1a2b-1764510000', participantIdentity: 'user-1', participantName: 'Ada Lovelace', agentName: 'n8n-realtime-voice', jobId: 'AJ_1' };
	const ended = (id: string, reason: string, greeting: string) => ({
		id,
		type: 'session.ended',
		sequence: 4,
		time: new Date().toISOString(),
		session,
		metadata: { crmId: 'CUST-1001', campaign: 'renewal' },
		data: {
			reason,
			startedAt: '2026-11-30T14:00:00.000Z',
			endedAt: '2026-11-30T14:01:30.000Z',
			durationSeconds: 90,
			transcript: [
				{ role: 'assistant', text: greeting, interrupted: false },
				{ role: 'user', text: 'Thanks, bye.', interrupted: false },
			],
			usage: { sttAudioSeconds: 2.5, llmPromptTokens: 300, llmCompletionTokens: 20, ttsCharacters: 88 },
			latency: { turns: [], p50Ms: 640, p95Ms: 910 },
		},
	});
	const deliver = async (body: object) => {
		const text = JSON.stringify(body);
		const { id, type } = body as { id: string; type: string };
		const response = await fetch(host.urlOf(workflow), { method: 'POST', headers: signedHeaders(SECRET, text, { id, type }), body: text });
		await host.idle();
		return { status: response.status, body: await response.json() };
	};

	it('writes one row per CRM id from session.ended, updates it on the next session, and ignores other events', async () => {
		expect(await deliver(ended('evt_a', 'user_left', 'Hello Ada.'))).toMatchObject({ status: 200 });
		const started = { ...ended('evt_b', 'ttl', ''), type: 'session.started', data: { startedAt: '', deadline: '', agentIdentity: 'agent-1' } };
		expect(await deliver(started)).toEqual({ status: 200, body: { received: true, ignored: 'session.started' } });
		expect(await deliver(ended('evt_c', 'ttl', 'Welcome back, Ada.'))).toMatchObject({ status: 200 });

		expect(engineDataTables.get('Voice session outcomes')).toEqual([
			{
				id: 1,
				crmId: 'CUST-1001',
				campaign: 'renewal',
				participant: 'Ada Lovelace',
				roomName: session.roomName,
				reason: 'ttl',
				durationSeconds: 90,
				greeting: 'Welcome back, Ada.',
				userTurns: 1,
				transcript: 'assistant: Welcome back, Ada.\nuser: Thanks, bye.',
				sttAudioSeconds: 2.5,
				llmTokens: 320,
				ttsCharacters: 88,
				latencyP50Ms: 640,
				endedAt: '2026-11-30T14:01:30.000Z',
				createdAt: expect.any(String),
				updatedAt: expect.any(String),
			},
		]);
		expect(host.runs).toHaveLength(2);
		// R4: the signing secret is in no output, error or context of these runs.
		expect(host.runs.flatMap(({ run }) => leakedSecrets(run, [SECRET]))).toEqual([]);
	});

	it('refuses a request signed with another secret: 401, nothing written', async () => {
		const body = JSON.stringify(ended('evt_d', 'idle', 'x'));
		const response = await fetch(host.urlOf(workflow), { method: 'POST', headers: signedHeaders('wrong', body, { id: 'evt_d', type: 'session.ended' }), body });
		expect(response.status).toBe(401);
		expect(await response.text()).not.toContain(SECRET);
		await host.idle();
		expect(host.runs).toHaveLength(2);
	});
});

it('R4: no secret given to these runs is in any log line (n8n logging at debug)', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expect(secretsUsed.size).toBe(2);
	expect(logs.leaked([...secretsUsed])).toEqual([]);
});
