/**
 * examples/provision-per-record-with-events.json in a real n8n 2.41.1: Realtime Voice on the real
 * livekit-server and worker, one session per customer carrying session.metadata (crmId, campaign) and
 * the Events URL of session-outcome-to-data-table.json's trigger, in this n8n. Then the loop as users
 * run it: a caller joins one customer's room with the token the node returned, hears the greeting and
 * leaves; the worker's own signed session.ended reaches the outcome example (prepared as `npm run n8n`
 * prepares it), which writes that customer's row into the data table "Voice session outcomes".
 */
import { join } from 'node:path';

import { dispose } from '@livekit/rtc-node';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

import { prepareTriggeredExamples } from '../../../scripts/n8n/examples';
import { TestCaller } from '../../../scripts/local-stack/caller';
import { DEFAULT_AGENT_NAME, parseDispatchMetadata } from '../../../src/config';
import { waitForAgent } from '../../harness/agent-join';
import { EXAMPLES } from '../../harness/examples';
import { api, waitForExecutions } from '../webhooks';
import { describeExample, iso, json, jwtClaims, load, output, records, state, type Rec } from './helpers';

const OUTCOME = 'session-outcome-to-data-table.json';
const outcome = load(OUTCOME);
const outcomeTrigger = outcome.nodes.find((node) => node.type.endsWith('.realtimeVoiceTrigger')) as { webhookId?: string };
/** The outcome trigger's production URL in this n8n (the file names http://127.0.0.1:5678). */
const EVENTS_URL = `${state.url}/webhook/${outcomeTrigger.webhookId}/realtime-voice`;

describeExample(
	{ file: 'provision-per-record-with-events.json', title: "examples/provision-per-record-with-events.json (session.metadata and events; the worker's session.ended writes the outcome row)" },
	(example) => {
		const httpUrl = state.livekit.url.replace(/^ws/, 'http');
		const rooms = new RoomServiceClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);
		const dispatches = new AgentDispatchClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);
		const callers: TestCaller[] = [];

		const agentJoins = (caller: TestCaller, room: string) => waitForAgent(caller, state.livekit, room, DEFAULT_AGENT_NAME);
		afterAll(async () => {
			for (const caller of callers) await caller.leave();
			await dispose();
			// End the sessions so the worker is free for the next test file.
			const rows = example() ? json(output(example(), 'Realtime Voice', 0)) : [];
			await Promise.all(rows.map((row) => rooms.deleteRoom(String(row.roomName)).catch(() => undefined)));
		});

		it("returns one session per customer, with its session.metadata as columns and the Events URL of this n8n's outcome trigger", () => {
			expect(EVENTS_URL).toBe(`${state.url}/webhook/5e55a0c7-0b1e-4c0e-8d1a-00000000e0d1/realtime-voice`);
			const customers = records(example());
			const rows = json(output(example(), 'Realtime Voice', 0));
			customers.forEach((c, i) => {
				expect(rows[i]).toEqual({
					roomName: expect.stringMatching(/^crm-[0-9a-f]{8}-\d{10}$/),
					wsUrl: state.livekit.url,
					token: expect.any(String),
					tokenExpiresAt: iso(jwtClaims(String(rows[i].token)).exp),
					participantName: c.name,
					assistantId: null,
					mode: 'adhoc',
					dispatchId: expect.stringMatching(/^AD_/),
					agentName: DEFAULT_AGENT_NAME,
					agentJoinedAfterMs: expect.any(Number),
					participantIdentity: expect.stringMatching(/^user-[0-9a-f]{12}$/),
					roomSid: expect.stringMatching(/^RM_/),
					'metadata.crmId': c.crmId,
					'metadata.campaign': 'onboarding',
					eventsUrl: EVENTS_URL,
				});
			});
		});

		it('each dispatch carries session.metadata and events (this URL, session.ended only) in the configuration the worker runs', async () => {
			const customers = records(example());
			const rows = json(output(example(), 'Realtime Voice', 0));
			for (const [i, c] of customers.entries()) {
				const dispatch = (await dispatches.listDispatch(String(rows[i].roomName))).find((candidate) => candidate.id === rows[i].dispatchId);
				const metadata = parseDispatchMetadata(dispatch!.metadata);
				if (!metadata.ok) throw new Error(metadata.errors.join('; '));
				expect(metadata.value.config.session).toMatchObject({ ttl: 900, roomPrefix: 'crm', metadata: { crmId: c.crmId, campaign: 'onboarding' } });
				expect(metadata.value.config.events).toMatchObject({ webhookUrl: EVENTS_URL, types: ['session.ended'] });
				expect(metadata.value.config.agent).toMatchObject({ initialGreeting: true, greetingMessage: c.greeting });
			}
		});

		it("the loop: a caller hears the greeting and leaves; the worker's signed session.ended writes the customer's row to the data table", async () => {
			const [prepared] = await prepareTriggeredExamples(api(state), [join(EXAMPLES, OUTCOME)]);
			expect(prepared.active).toBe(true);
			const tableId = prepared.tables[0].id;
			const projectId = await api(state).personalProjectId();
			const runsBefore = (await api(state).executions(outcome.id)).length;

			const customer = records(example())[0] as Rec;
			const session = json(output(example(), 'Realtime Voice', 0))[0];
			const caller = await TestCaller.join(String(session.wsUrl), String(session.token), { microphone: false });
			callers.push(caller);
			await agentJoins(caller, String(session.roomName));
			await caller.nextUtterance(0, 30_000);
			await caller.leave();
			const leftAt = Date.now();

			// The worker ends the session once the caller has been gone for its idle timeout (2 s here).
			let row: Rec | undefined;
			const deadline = Date.now() + 45_000;
			while (!row && Date.now() < deadline) {
				row = (await api(state).dataTableRows<Rec>(projectId, tableId)).find((candidate) => candidate.crmId === customer.crmId);
				if (!row) await new Promise((resolve) => setTimeout(resolve, 250));
			}
			process.stdout.write(`\n[real n8n] caller left → outcome row in the data table: ${((Date.now() - leftAt) / 1000).toFixed(1)} s\n`);
			expect(row).toMatchObject({
				crmId: customer.crmId,
				campaign: 'onboarding',
				participant: customer.name,
				roomName: session.roomName,
				reason: 'user_left',
				greeting: customer.greeting,
				userTurns: 0,
				transcript: `assistant: ${customer.greeting}`,
				endedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			});
			expect(row!.durationSeconds).toBeGreaterThan(0);
			expect(row!.ttsCharacters).toBeGreaterThan(0);
			// One run of the outcome workflow for it (the other rooms, never joined, have not ended yet).
			const [latest] = await waitForExecutions(state, outcome.id, (executions) => executions.length >= runsBefore + 1);
			expect(latest).toMatchObject({ status: 'success', mode: 'webhook' });
		});
	},
);
