/**
 * Every examples/*.json in a real n8n 2.41.1: global setup imported each with the plain
 * `n8n import:workflow --input=<file>`; here each is read back over n8n's REST API and run headless
 * with `n8n execute --id … --rawOutput`, the vendors answered by the tests' own stand-ins
 * (vendor-stand-ins.ts) and the self-hosted example by the real livekit-server and worker.
 *
 * For each example: the stored workflow is the file's; the run succeeds; the records node emits its
 * records; each package node's Result output has one paired row per input item, with the structured
 * columns holding the values built from that record; its Config output re-emits the input items;
 * the stand-ins received exactly the documented requests (method, path, auth with the test key,
 * the body fields per record); and no API key or LiveKit secret is anywhere in the run's data.
 * At the end, n8n's log holds none of them either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AgentDispatchClient, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';

import { ROOT } from '../../scripts/n8n/runtime';
import { DEFAULT_AGENT_NAME, parseDispatchMetadata, parseRoomMetadata } from '../../src/config';
import { TEST_KEYS } from './fixtures';
import { executeWorkflow, rest, testState, type CliRun, type RunItem } from './state';
import { clearStandInRequests, standInRequests, UPLIFTAI_WS_URL, type RecordedVendorRequest } from './vendor-stand-ins';

const PACKAGE = 'n8n-nodes-realtime-voice';
const EXAMPLES = join(ROOT, 'examples');
const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json')).sort();

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface WorkflowFile {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }> | null> }>;
	settings?: Record<string, unknown>;
}
type Rec = Record<string, any>;

const load = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as WorkflowFile;

/** How many records each example's Code node holds. */
const RECORD_COUNTS: Record<string, number> = {
	'openai-client-secrets-per-config.json': 3,
	'protoface-avatar-session.json': 2,
	'provision-per-record.json': 5,
	'upliftai-assistant-then-sessions.json': 2,
	'vapi-sessions-per-record.json': 3,
};

const state = testState();
const SECRETS = [...Object.values(TEST_KEYS), state.livekit.apiSecret];
const timings: Record<string, number> = {};
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const jwtClaims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Rec;
const authOf = (key: string) => `Bearer ${key}`;

interface Example {
	file: string;
	workflow: WorkflowFile;
	run: CliRun;
	requests: RecordedVendorRequest[];
	/** Wall-clock bounds of the execute, in ms since the epoch. */
	started: number;
	ended: number;
	/** The Code node's name and the package nodes' names, in flow order. */
	recordsNode: string;
	packageNodes: string[];
}

const targetsOf = (workflow: WorkflowFile, name: string) => (workflow.connections[name]?.main ?? []).flatMap((output) => (output ?? []).map((c) => c.node));

/** Trigger → records node → package node(s), followed through the connections. */
function flowOf(workflow: WorkflowFile) {
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
	const [recordsNode] = targetsOf(workflow, trigger.name);
	const packageNodes: string[] = [];
	for (let next = targetsOf(workflow, recordsNode); next.length; next = targetsOf(workflow, next[0])) {
		expect(next).toHaveLength(1);
		packageNodes.push(next[0]);
	}
	return { recordsNode, packageNodes };
}

async function runExample(file: string): Promise<Example> {
	const workflow = load(file);
	await clearStandInRequests(state.standIns);
	const started = Date.now();
	const run = await executeWorkflow(state, workflow.id);
	const ended = Date.now();
	timings[file] = ended - started;
	const requests = await standInRequests(state.standIns);
	return { file, workflow, run, requests, started, ended, ...flowOf(workflow) };
}

const output = (example: Example, node: string, index: number): RunItem[] => example.run.outputs[node]?.[index] ?? [];
const json = (items: RunItem[]) => items.map((item) => item.json);
const records = (example: Example) => json(output(example, example.recordsNode, 0)) as Rec[];

/** The checks every example gets, whatever it does. */
function commonChecks(file: string, get: () => Example) {
	it('is stored by n8n exactly as the file has it (read back over the REST API)', async () => {
		const workflow = load(file);
		const { status, body } = await rest<{ data: WorkflowFile & Rec }>(state, `/rest/workflows/${workflow.id}`);
		expect(status).toBe(200);
		const stored = body.data;
		expect({ id: stored.id, name: stored.name, active: stored.active }).toEqual({ id: workflow.id, name: workflow.name, active: false });
		expect(stored.nodes).toEqual(workflow.nodes);
		expect(stored.connections).toEqual(workflow.connections);
		expect(stored.settings).toMatchObject(workflow.settings ?? {});
	});

	it('runs headless to success; the records node emits its records', () => {
		const example = get();
		expect(example.run.error).toBeUndefined();
		expect(example.run.status).toBe('success');
		expect(Object.keys(example.run.outputs).sort()).toEqual(example.workflow.nodes.map((node) => node.name).sort());
		expect(example.packageNodes.length).toBeGreaterThan(0);
		for (const name of example.packageNodes) expect(example.workflow.nodes.find((node) => node.name === name)!.type.startsWith(`${PACKAGE}.`)).toBe(true);
		const emitted = records(example);
		expect(emitted).toHaveLength(RECORD_COUNTS[file]);
		for (const record of emitted) expect(Object.keys(record).length).toBeGreaterThan(0);
	});

	it('each package node: one paired Result row per input item; Config re-emits the input items, paired', () => {
		const example = get();
		let input = output(example, example.recordsNode, 0);
		for (const name of example.packageNodes) {
			expect(example.run.outputs[name]).toHaveLength(2);
			const result = output(example, name, 0);
			const config = output(example, name, 1);
			expect(result).toHaveLength(input.length);
			expect(result.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			for (const row of json(result)) expect(row.error).toBeUndefined();
			expect(json(config)).toEqual(json(input));
			expect(config.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			input = result;
		}
	});

	it('no API key and no LiveKit secret anywhere in the run data (nor in what `n8n execute` printed, where state.ts keeps it)', () => {
		const everything = JSON.stringify(get().run.raw);
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
		// CliRun has no field for the command's own output yet; checked once state.ts keeps it as `log`.
		const printed = get().run.log;
		if (printed !== undefined) for (const secret of SECRETS) expect(printed).not.toContain(secret);
	});
}

/** Every recorded request carries the vendor's test key and a JSON body type (when it has a body). */
function expectAuthenticated(requests: RecordedVendorRequest[], vendor: RecordedVendorRequest['vendor'], key: string) {
	for (const request of requests) {
		expect(request.vendor).toBe(vendor);
		expect(request.headers.authorization).toBe(authOf(key));
		if (request.method !== 'GET') expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.status).toBeLessThan(300);
	}
}

/** The one request whose body satisfies `match`. */
function requestFor(requests: RecordedVendorRequest[], match: (body: Rec) => boolean): RecordedVendorRequest {
	const found = requests.filter((request) => match((request.body ?? {}) as Rec));
	expect(found).toHaveLength(1);
	return found[0];
}

describe('examples/*.json in a real n8n 2.41.1', () => {
	afterAll(() => {
		const lines = Object.entries(timings).map(([file, ms]) => `  n8n execute ${file}: ${(ms / 1000).toFixed(1)} s`);
		process.stdout.write(`\n[real n8n] global setup steps (ms): ${JSON.stringify(state.timings)}\n${lines.join('\n')}\n`);
	});

	it('covers every example', () => {
		expect(files).toEqual(Object.keys(RECORD_COUNTS));
	});

	describe('examples/vapi-sessions-per-record.json', () => {
		const file = 'vapi-sessions-per-record.json';
		let example: Example;
		beforeAll(async () => {
			example = await runExample(file);
		});
		commonChecks(file, () => example);

		it('names each session "<company> - <firstName>" of its record and personalises it (never "undefined")', () => {
			const customers = records(example);
			const rows = json(output(example, 'Vapi Sessions', 0));
			const posts = example.requests;
			customers.forEach((c, i) => {
				for (const field of ['name', 'firstName', 'company', 'plan', 'phone', 'email', 'crmId']) expect(typeof c[field] === 'string' && c[field] !== '').toBe(true);
				const name = `${c.company} - ${c.firstName}`.slice(0, 40);
				const answer = requestFor(posts, (body) => body.customer?.externalId === c.crmId).response as Rec;
				expect(rows[i]).toEqual({
					id: answer.id,
					name,
					status: 'active',
					assistantId: 'your-vapi-assistant-id',
					squadId: null,
					customerNumber: c.phone,
					expirationSeconds: 3600,
					cost: null,
					createdAt: answer.createdAt,
					updatedAt: answer.updatedAt,
					transcript: null,
					recordingUrl: null,
					orgId: answer.orgId,
					'assistantOverrides.variableValues.firstName': c.firstName,
					'assistantOverrides.variableValues.company': c.company,
					'assistantOverrides.variableValues.plan': c.plan,
					'customer.name': c.name,
					'customer.email': c.email,
					'customer.externalId': c.crmId,
				});
				expect(rows[i].id).toMatch(/^[0-9a-f-]{36}$/);
				expect(String(rows[i].name)).not.toMatch(/undefined|null/);
			});
			expect(new Set(rows.map((row) => row.id)).size).toBe(customers.length);
		});

		it('sent one POST /session per record with the documented CreateSessionDTO, authenticated with the Vapi key', () => {
			const customers = records(example);
			expect(example.requests.map((r) => `${r.method} ${r.path}`)).toEqual(customers.map(() => 'POST /session'));
			expectAuthenticated(example.requests, 'vapi', TEST_KEYS.vapi);
			for (const c of customers) {
				expect(requestFor(example.requests, (body) => body.customer?.externalId === c.crmId).body).toEqual({
					assistantId: 'your-vapi-assistant-id',
					name: `${c.company} - ${c.firstName}`.slice(0, 40),
					expirationSeconds: 3600,
					assistantOverrides: { variableValues: { firstName: c.firstName, company: c.company, plan: c.plan } },
					customer: { number: c.phone, name: c.name, email: c.email, externalId: c.crmId },
				});
			}
		});
	});

	describe('examples/openai-client-secrets-per-config.json', () => {
		const file = 'openai-client-secrets-per-config.json';
		let example: Example;
		beforeAll(async () => {
			example = await runExample(file);
		});
		commonChecks(file, () => example);

		const instructionsOf = (c: Rec) => `You are the support agent of ${c.company}. Greet ${c.customer} by name and answer in ${c.language}.`;

		it('gives each configuration its own client secret row, with its voice, instructions and expiry', () => {
			const configs = records(example);
			const rows = json(output(example, 'OpenAI Client Secrets', 0));
			configs.forEach((c, i) => {
				const answer = requestFor(example.requests, (body) => body.session?.instructions === instructionsOf(c)).response as Rec;
				expect(rows[i]).toEqual({
					clientSecret: answer.value,
					expiresAt: iso(answer.expires_at),
					modalities: '["audio"]',
					instructions: instructionsOf(c),
					voice: c.voice,
					inputAudioFormat: 'pcm16',
					outputAudioFormat: 'pcm16',
					inputAudioTranscription: '{"model":"gpt-4o-mini-transcribe"}',
					turnDetection: expect.any(String),
					tools: '[]',
					toolChoice: 'auto',
					temperature: null,
					maxResponseOutputTokens: 1024,
					speed: 1,
					tracing: 'auto',
					sessionId: answer.session.id,
					type: 'realtime',
					model: 'gpt-realtime',
				});
				expect(rows[i].clientSecret).toMatch(/^ek_[0-9a-f]{32}$/);
				expect(JSON.parse(String(rows[i].turnDetection))).toEqual({ type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true });
				// The secret lives secretTtlSeconds from when it was asked for.
				const expiresMs = Date.parse(String(rows[i].expiresAt));
				expect(expiresMs).toBeGreaterThanOrEqual(example.started - 1000 + c.secretTtlSeconds * 1000);
				expect(expiresMs).toBeLessThanOrEqual(example.ended + 1000 + c.secretTtlSeconds * 1000);
			});
			expect(new Set(rows.map((row) => row.clientSecret)).size).toBe(configs.length);
		});

		it('sent one GA POST /v1/realtime/client_secrets per configuration, without OpenAI-Beta or empty org/project headers', () => {
			const configs = records(example);
			expect(example.requests.map((r) => `${r.method} ${r.path}`)).toEqual(configs.map(() => 'POST /v1/realtime/client_secrets'));
			expectAuthenticated(example.requests, 'openai', TEST_KEYS.openaiRealtime);
			for (const request of example.requests) {
				for (const header of ['openai-beta', 'openai-organization', 'openai-project']) expect(request.headers).not.toHaveProperty(header);
			}
			for (const c of configs) {
				expect(requestFor(example.requests, (body) => body.session?.instructions === instructionsOf(c)).body).toEqual({
					expires_after: { anchor: 'created_at', seconds: c.secretTtlSeconds },
					session: {
						type: 'realtime',
						model: 'gpt-realtime',
						instructions: instructionsOf(c),
						audio: {
							output: { voice: c.voice },
							input: {
								transcription: { model: 'gpt-4o-mini-transcribe' },
								noise_reduction: { type: 'near_field' },
								turn_detection: { type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true },
							},
						},
						max_output_tokens: 1024,
						tracing: 'auto',
					},
				});
			}
		});
	});

	describe('examples/upliftai-assistant-then-sessions.json', () => {
		const file = 'upliftai-assistant-then-sessions.json';
		let example: Example;
		beforeAll(async () => {
			example = await runExample(file);
		});
		commonChecks(file, () => example);

		const assistantBody = (c: Rec) => ({
			name: `${c.company} concierge`,
			description: `Voice concierge for ${c.company}`,
			public: false,
			config: {
				session: { ttl: 1800 },
				agent: {
					instructions: `You are the concierge of ${c.company}. Speak ${c.language}.`,
					initialGreeting: true,
					greetingInstructions: `Welcome the caller to ${c.company}.`,
					tools: [],
				},
				stt: { default: { provider: 'groq', model: 'whisper-large-v3', language: c.languageCode } },
				tts: { default: { provider: 'upliftai', voiceId: 'v_meklc281', outputFormat: 'MP3_22050_32' } },
				llm: { default: { provider: 'groq', model: 'openai/gpt-oss-120b' } },
			},
		});
		const creates = () => example.requests.filter((r) => r.path === '/v1/realtime-assistants');
		const assistantIdFor = (c: Rec) => (requestFor(creates(), (body) => body.name === `${c.company} concierge`).response as Rec).realtimeAssistantId as string;

		it('Create Assistant: one assistant per customer, its configuration in the row', () => {
			const customers = records(example);
			const rows = json(output(example, 'Create Assistant', 0));
			customers.forEach((c, i) => {
				expect(rows[i]).toEqual({
					assistantId: assistantIdFor(c),
					name: `${c.company} concierge`,
					description: `Voice concierge for ${c.company}`,
					public: false,
					sttProvider: 'groq',
					sttModel: 'whisper-large-v3',
					ttsProvider: 'upliftai',
					ttsVoiceId: 'v_meklc281',
					ttsOutputFormat: 'MP3_22050_32',
					llmProvider: 'groq',
					llmModel: 'openai/gpt-oss-120b',
				});
			});
			expect(new Set(rows.map((row) => row.assistantId)).size).toBe(customers.length);
		});

		it("Create Session: a session for the customer's own assistant, named after the customer ($('Customers').item pairs through)", () => {
			const customers = records(example);
			const rows = json(output(example, 'Create Session', 0));
			const sessions = example.requests.filter((r) => r.path.endsWith('/createSession'));
			customers.forEach((c, i) => {
				const assistantId = assistantIdFor(c);
				const request = sessions.find((r) => r.path === `/v1/realtime-assistants/${assistantId}/createSession`)!;
				expect(request.body).toEqual({ participantName: c.name });
				const answer = request.response as Rec;
				const claims = jwtClaims(answer.token);
				expect(claims).toMatchObject({ name: c.name, room: answer.roomName, video: { room: answer.roomName, roomJoin: true } });
				expect(rows[i]).toEqual({
					roomName: answer.roomName,
					wsUrl: UPLIFTAI_WS_URL,
					token: answer.token,
					tokenExpiresAt: iso(claims.exp),
					participantName: c.name,
					assistantId,
					mode: 'assistant',
				});
				expect(rows[i].roomName).toMatch(/^support-[0-9a-f]{6}-\d{10}$/);
			});
		});

		it('sent the assistants first (POST /v1/realtime-assistants), then one createSession per assistant, authenticated with the UpliftAI key', () => {
			const customers = records(example);
			expect(example.requests).toHaveLength(2 * customers.length);
			expectAuthenticated(example.requests, 'upliftai', TEST_KEYS.upliftai);
			expect(example.requests.slice(0, customers.length).map((r) => `${r.method} ${r.path}`)).toEqual(customers.map(() => 'POST /v1/realtime-assistants'));
			expect(example.requests.slice(customers.length).map((r) => `${r.method} ${r.path}`).sort()).toEqual(
				customers.map((c) => `POST /v1/realtime-assistants/${assistantIdFor(c)}/createSession`).sort(),
			);
			for (const c of customers) expect(requestFor(creates(), (body) => body.name === `${c.company} concierge`).body).toEqual(assistantBody(c));
		});
	});

	describe('examples/protoface-avatar-session.json', () => {
		const file = 'protoface-avatar-session.json';
		let example: Example;
		beforeAll(async () => {
			example = await runExample(file);
		});
		commonChecks(file, () => example);

		const posts = () => example.requests.filter((r) => r.method === 'POST' && r.path === '/v1/sessions');
		const postFor = (v: Rec) => requestFor(posts(), (body) => body.transport?.room_name === `support-${v.visitorId}`);

		it('creates one session per visitor in room support-<visitorId> and returns it once running', () => {
			const visitors = records(example);
			const rows = json(output(example, 'Start Avatar Session', 0));
			visitors.forEach((v, i) => {
				const post = postFor(v);
				const created = post.response as Rec;
				const polls = example.requests.filter((r) => r.method === 'GET' && r.path === `/v1/sessions/${created.id}`);
				const last = polls[polls.length - 1].response as Rec;
				expect(last.status).toBe('running');
				expect(rows[i]).toEqual({
					id: created.id,
					status: 'running',
					avatarId: 'av_demo',
					quality: 'standard',
					roomName: `support-${v.visitorId}`,
					livekitUrl: state.livekit.url,
					workerIdentity: 'protoface-worker',
					createdAt: created.created_at,
					startedAt: last.started_at,
					firstFrameAt: last.first_frame_at,
					endedAt: null,
					failedAt: null,
					failureCode: null,
					failureMessage: null,
					billableSeconds: 0,
					frames: 0,
					idempotencyKey: post.headers['idempotency-key'],
					waitedMs: expect.any(Number),
				});
				expect(rows[i].id).toMatch(/^sess_[0-9A-Z]{26}$/);
				expect(rows[i].startedAt).toEqual(expect.any(String));
				expect(rows[i].firstFrameAt).toEqual(expect.any(String));
				// Two polls 0.5 s apart (queued → starting → running).
				expect(rows[i].waitedMs as number).toBeGreaterThanOrEqual(900);
			});
		});

		it('sent POST /v1/sessions with a per-item Idempotency-Key and a worker token minted for the room, then polled until running', async () => {
			const visitors = records(example);
			expectAuthenticated(example.requests, 'protoface', TEST_KEYS.protoface);
			expect(posts()).toHaveLength(visitors.length);
			const verifier = new TokenVerifier(state.livekit.apiKey, state.livekit.apiSecret);
			const keys = new Set<string>();
			for (const v of visitors) {
				const post = postFor(v);
				const room = `support-${v.visitorId}`;
				const body = post.body as Rec;
				expect(body).toEqual({
					avatar_id: 'av_demo',
					idle_timeout_seconds: 60,
					max_duration_seconds: 600,
					metadata: { visitor_id: v.visitorId, page: v.page },
					quality: 'standard',
					transport: { type: 'livekit', url: state.livekit.url, room_name: room, worker_identity: 'protoface-worker', audio_source: 'data_stream', worker_token: expect.any(String) },
				});
				const claims = await verifier.verify(body.transport.worker_token);
				expect(claims).toMatchObject({ sub: 'protoface-worker', video: { room, roomJoin: true } });
				expect(Number(claims.exp) - Number(claims.nbf)).toBe(600);
				expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
				keys.add(post.headers['idempotency-key']);
				// The worker token went to Protoface only: it is in no output of the run.
				expect(JSON.stringify(example.run.raw)).not.toContain(body.transport.worker_token);
				const id = (post.response as Rec).id;
				const polls = example.requests.filter((r) => r.path === `/v1/sessions/${id}`);
				expect(polls.map((r) => [r.method, (r.response as Rec).status])).toEqual([
					['GET', 'starting'],
					['GET', 'running'],
				]);
			}
			expect(keys.size).toBe(visitors.length);
			// Nothing else: no End, no list, no avatar calls.
			expect(example.requests).toHaveLength(visitors.length * 3);
		});
	});

	describe('examples/provision-per-record.json (Realtime Voice on the real livekit-server)', () => {
		const file = 'provision-per-record.json';
		let example: Example;
		const httpUrl = state.livekit.url.replace(/^ws/, 'http');
		const rooms = new RoomServiceClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);
		const dispatches = new AgentDispatchClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);
		beforeAll(async () => {
			example = await runExample(file);
		});
		afterAll(async () => {
			// The worker joined each room: end the sessions so it is free for the next test file.
			const rows = example ? json(output(example, 'Realtime Voice', 0)) : [];
			await Promise.all(rows.map((row) => rooms.deleteRoom(String(row.roomName)).catch(() => undefined)));
		});
		commonChecks(file, () => example);

		it('returns one session per customer: room, token, dispatch, named after the customer', () => {
			const customers = records(example);
			const rows = json(output(example, 'Realtime Voice', 0));
			customers.forEach((c, i) => {
				expect(rows[i]).toEqual({
					roomName: expect.stringMatching(/^crm-[0-9a-f]{8}-\d{10}$/),
					wsUrl: state.livekit.url,
					token: expect.any(String),
					tokenExpiresAt: expect.any(String),
					participantName: c.name,
					assistantId: null,
					mode: 'adhoc',
					dispatchId: expect.stringMatching(/^AD_/),
					agentName: DEFAULT_AGENT_NAME,
					participantIdentity: expect.stringMatching(/^user-[0-9a-f]{12}$/),
					roomSid: expect.stringMatching(/^RM_/),
				});
				expect(rows[i].tokenExpiresAt).toBe(iso(jwtClaims(String(rows[i].token)).exp));
			});
			expect(new Set(rows.map((row) => row.roomName)).size).toBe(customers.length);
		});

		it('each room exists on livekit-server, made for its customer, with an agent dispatch carrying the personalised configuration', async () => {
			const customers = records(example);
			const rows = json(output(example, 'Realtime Voice', 0));
			const live = await rooms.listRooms(rows.map((row) => String(row.roomName)));
			expect(live.map((room) => room.name).sort()).toEqual(rows.map((row) => row.roomName).sort());
			for (const [i, c] of customers.entries()) {
				const row = rows[i];
				const room = live.find((candidate) => candidate.name === row.roomName)!;
				expect(room.sid).toBe(row.roomSid);
				expect(room.emptyTimeout).toBe(900);
				expect(parseRoomMetadata(room.metadata)).toMatchObject({ createdBy: PACKAGE, agentName: DEFAULT_AGENT_NAME, participantName: c.name, participantIdentity: row.participantIdentity });

				const listed = await dispatches.listDispatch(String(row.roomName));
				const dispatch = listed.find((candidate) => candidate.id === row.dispatchId);
				expect(dispatch).toBeDefined();
				expect(dispatch!.agentName).toBe(DEFAULT_AGENT_NAME);
				expect(dispatch!.room).toBe(row.roomName);
				const metadata = parseDispatchMetadata(dispatch!.metadata);
				if (!metadata.ok) throw new Error(metadata.errors.join('; '));
				expect(metadata.value.participant).toEqual({ identity: row.participantIdentity, name: c.name });
				const config = metadata.value.config;
				expect(config.agent).toMatchObject({ initialGreeting: true, greetingMessage: c.greeting });
				expect(config.agent.instructions).toBe(
					`You are the account assistant of ${c.company}. The caller is ${c.name}, a customer on the ${c.plan} plan. Speak ${c.language}, keep answers to one or two sentences, and never invent account data.`,
				);
				expect(config.session).toEqual({ ttl: 900, roomPrefix: 'crm' });
				expect(config.tts.default).toMatchObject({ provider: 'espeak', voiceId: c.voice });
			}
		});

		it("each token is a JWT signed with the credential's key for the customer's own room", async () => {
			const customers = records(example);
			const rows = json(output(example, 'Realtime Voice', 0));
			const verifier = new TokenVerifier(state.livekit.apiKey, state.livekit.apiSecret);
			for (const [i, c] of customers.entries()) {
				const token = String(rows[i].token);
				expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
				const claims = await verifier.verify(token);
				expect(claims).toMatchObject({ iss: state.livekit.apiKey, sub: rows[i].participantIdentity, name: c.name, video: { room: rows[i].roomName, roomJoin: true } });
				expect(Number(claims.exp) - Number(claims.nbf)).toBe(900);
			}
		});

		it('sent nothing to the vendor stand-ins', () => {
			expect(example.requests).toEqual([]);
		});
	});

	it("n8n's log holds no API key and no LiveKit secret", () => {
		const log = readFileSync(state.logFile, 'utf8');
		expect(log.length).toBeGreaterThan(0);
		for (const secret of SECRETS) expect(log).not.toContain(secret);
	});
});
