/**
 * The workflow JSON files under test/workflows/ and examples/, executed through n8n-core's engine.
 * UpliftAI is answered by nock (exact personalised requests asserted); the Realtime Voice workflows
 * run against the real livekit-server of the test run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import nock from 'nock';
import { dispose } from '@livekit/rtc-node';

import { parseDispatchMetadata } from '../src/config';
import { executeWorkflow, nodeError, outputItems, recordsOf, type WorkflowJson } from './harness/engine';
import { fakeJwt, isolateNetwork, UPLIFT_BASE, UPLIFT_KEY, upliftCredentials } from './harness/fixtures';
import { liveKitServer } from './harness/livekit';
import { leakedSecrets } from './harness/secrets';

isolateNetwork();
afterAll(() => dispose());

const load = (path: string) => JSON.parse(readFileSync(join(__dirname, '..', path), 'utf8')) as WorkflowJson;
/** The records a workflow ships with (pinned on its trigger, or held by the example's Code node). */
const customersOf = async (workflow: WorkflowJson) => (await recordsOf(workflow)) as Array<Record<string, string>>;
const token = fakeJwt({ exp: 1_900_000_000 });

describe('test/workflows/upliftai-sessions-per-record.json', () => {
	it('turns 5 customer records into 5 personalised ad-hoc sessions in one table', async () => {
		const workflow = load('test/workflows/upliftai-sessions-per-record.json');
		const customers = await customersOf(workflow);
		for (const c of customers) {
			nock(UPLIFT_BASE, { reqheaders: { authorization: `Bearer ${UPLIFT_KEY}` } })
				.post('/v1/realtime-assistants/adhoc/createSession', {
					participantName: c.name,
					config: {
						session: { ttl: 900 },
						agent: {
							instructions: `You are the account manager of ${c.company} on the ${c.plan} plan. Speak ${c.language} and keep answers short.`,
							initialGreeting: true,
							greetingInstructions: `Greet ${c.name} by name and ask how their week at ${c.company} is going.`,
							tools: [],
						},
						stt: { default: { provider: 'groq', model: 'whisper-large-v3', language: c.languageCode } },
						tts: { default: { provider: 'upliftai', voiceId: c.languageCode === 'ur' ? 'v_meklc281' : 'v_8eelc901', outputFormat: 'MP3_22050_32' } },
						llm: { default: { provider: 'groq', model: 'openai/gpt-oss-120b' } },
					},
				})
				.reply(200, { token, wsUrl: 'wss://upliftai.example', roomName: `adhoc-${c.languageCode}-${String(c.name).split(' ')[0].toLowerCase()}` });
		}

		const run = await executeWorkflow(workflow, { credentials: upliftCredentials });

		const table = outputItems(run, 'UpliftAI Realtime');
		expect(table.map((item) => item.json.participantName)).toEqual(customers.map((c) => c.name));
		expect(table.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(table[1].json).toEqual({
			roomName: 'adhoc-ur-ayesha',
			wsUrl: 'wss://upliftai.example',
			token,
			tokenExpiresAt: '2030-03-17T17:46:40.000Z',
			participantName: 'Ayesha Khan',
			assistantId: null,
			mode: 'adhoc',
		});
		expect(outputItems(run, 'UpliftAI Realtime', 1).map((item) => item.json)).toEqual(customers);
	});
});

describe('test/workflows/upliftai-continue-on-fail.json', () => {
	it('gives the broken record an error row and sessions to the other four', async () => {
		const workflow = load('test/workflows/upliftai-continue-on-fail.json');
		nock(UPLIFT_BASE).post('/v1/realtime-assistants/adhoc/createSession').times(4).reply(200, (_uri, body: any) => ({ token, wsUrl: 'wss://u', roomName: `room-${body.participantName}` }));

		const run = await executeWorkflow(workflow, { credentials: upliftCredentials });

		const rows = outputItems(run, 'UpliftAI Realtime');
		expect(rows.map((r) => r.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(rows.map((r) => r.json.roomName ?? r.json.error)).toEqual([
			'room-Ada Lovelace',
			'room-Ayesha Khan',
			'Invalid assistant configuration: config.tts.default.provider must be one of "upliftai", "openai", "openai-compatible", "espeak", got "polly"',
			'room-Bilal Ahmed',
			'room-Katherine Johnson',
		]);
	});
});

describe('examples/upliftai-assistant-then-sessions.json', () => {
	it('creates an assistant per customer, then a session for each, paired back to the customer', async () => {
		const workflow = load('examples/upliftai-assistant-then-sessions.json');
		const customers = await customersOf(workflow);
		for (const [i, c] of customers.entries()) {
			nock(UPLIFT_BASE)
				.post('/v1/realtime-assistants', (body) => body.name === `${c.company} concierge` && body.config.stt.default.language === c.languageCode && body.public === false)
				.reply(201, { realtimeAssistantId: `ra_${i}`, name: `${c.company} concierge` })
				.post(`/v1/realtime-assistants/ra_${i}/createSession`, { participantName: c.name })
				.reply(200, { token, wsUrl: 'wss://u', roomName: `room-${i}` });
		}

		const run = await executeWorkflow(workflow, { credentials: upliftCredentials });
		expect(leakedSecrets(run, [UPLIFT_KEY])).toEqual([]);

		expect(outputItems(run, 'Create Session').map((item) => [item.json.assistantId, item.json.participantName, item.json.roomName])).toEqual([
			['ra_0', 'Ada Lovelace', 'room-0'],
			['ra_1', 'Ayesha Khan', 'room-1'],
		]);
	});
});

describe('Realtime Voice workflows on the real livekit-server', () => {
	const server = liveKitServer();
	const credentials = { liveKitApi: { ...server.credentials.liveKitApi } };

	it('test/workflows/realtime-voice-sessions-per-record.json: 5 records, 5 rooms with personalised dispatches, one table', async () => {
		const workflow = load('test/workflows/realtime-voice-sessions-per-record.json');
		const customers = await customersOf(workflow);
		const run = await executeWorkflow(workflow, { credentials });

		expect(nodeError(run, 'Realtime Voice')).toBeUndefined();
		const table = outputItems(run, 'Realtime Voice').map((item) => item.json);
		expect(table.map((row) => row.participantName)).toEqual(customers.map((c) => c.name));
		for (const [i, row] of table.entries()) {
			const c = customers[i];
			expect(row).toMatchObject({ wsUrl: server.url, mode: 'adhoc', agentName: 'n8n-realtime-voice', roomName: expect.stringMatching(/^crm-[0-9a-f]{8}-\d+$/) });
			const [room] = await server.rooms.listRooms([row.roomName as string]);
			expect(room.emptyTimeout).toBe(900);
			const dispatch = (await server.dispatches.listDispatch(row.roomName as string)).find((d) => d.id === row.dispatchId)!;
			const parsed = parseDispatchMetadata(dispatch.metadata);
			expect(parsed.ok && parsed.value.config.agent.instructions).toBe(
				`You are the account manager of ${c.company} on the ${c.plan} plan. Speak ${c.language} and keep answers short.`,
			);
			expect(parsed.ok && parsed.value.config.tts.default).toEqual({ provider: 'espeak', voiceId: c.languageCode === 'ur' ? 'ur' : 'en-us' });
		}
	});

	it('test/workflows/realtime-voice-continue-on-fail.json: the broken record is an error row and leaves no room behind', async () => {
		const workflow = load('test/workflows/realtime-voice-continue-on-fail.json');
		// Count only rooms for the broken record's person: other suites share this server.
		const roomsOfBrokenRecord = async () =>
			(await server.rooms.listRooms()).filter((room) => room.metadata.includes('"participantName":"Grace Hopper"')).length;
		const before = await roomsOfBrokenRecord();
		const run = await executeWorkflow(workflow, { credentials });

		const rows = outputItems(run, 'Realtime Voice');
		expect(rows.map((r) => r.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(rows[2].json.error).toBe(
			'Invalid assistant configuration: config.tts.default.provider must be one of "upliftai", "openai", "openai-compatible", "espeak", got "polly"',
		);
		const created = rows.filter((r) => r.json.roomName).map((r) => r.json.roomName as string);
		expect(created).toHaveLength(4);
		expect(await server.rooms.listRooms(created)).toHaveLength(4);
		expect(await roomsOfBrokenRecord()).toBe(before);
	});
});
