/**
 * examples/session-outcome-to-data-table.json in a real n8n 2.41.1: prepared as `npm run n8n` prepares
 * it (data table "Voice session outcomes" created, workflow active), it receives `session.ended`
 * requests signed as the worker signs them and upserts one row per CRM id into the data table (read
 * back over n8n's REST API). The worker's own session.ended reaching it is in
 * provision-per-record-with-events.test.ts (whose other sessions may reach it while this file runs,
 * so runs are counted per request id).
 */
import { api, envelope, executionsOf, postSigned, sessionEnded, TEST_SESSION } from '../webhooks';
import { describeTriggeredExample, state } from './helpers';

const TABLE = 'Voice session outcomes';
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describeTriggeredExample('session-outcome-to-data-table.json', (example) => {
	const rowsFor = async (crmId: string) => (await api(state).dataTableRows<Record<string, unknown>>(example().projectId, example().tables[TABLE])).filter((row) => row.crmId === crmId);
	const runsOf = (requestId: string, count: number, timeoutMs?: number) => executionsOf(state, example().workflow.id, example().trigger.name, requestId, count, timeoutMs);
	const crmId = `TEST-${Date.now()}`;

	it("a signed session.ended runs it once and writes the outcome row for the session's crmId", async () => {
		const ended = sessionEnded({ metadata: { crmId, campaign: 'renewal' } });
		const answer = await postSigned(example().url, state.webhookSecret, ended);
		expect({ status: answer.status, body: answer.json }).toEqual({ status: 200, body: { received: true, id: ended.id } });
		const runs = await runsOf(ended.id, 1);
		expect(runs.map(({ status, mode }) => ({ status, mode }))).toEqual([{ status: 'success', mode: 'webhook' }]);

		expect(await rowsFor(crmId)).toEqual([
			expect.objectContaining({
				crmId,
				campaign: 'renewal',
				participant: TEST_SESSION.participantName,
				roomName: TEST_SESSION.roomName,
				reason: 'user_left',
				durationSeconds: 39,
				greeting: 'Hello Ada, thanks for calling.',
				userTurns: 1,
				transcript: 'assistant: Hello Ada, thanks for calling.\nuser: Where is my order?\nassistant: It shipped yesterday.',
				sttAudioSeconds: 2.5,
				llmTokens: 132,
				ttsCharacters: 51,
				latencyP50Ms: 820,
				endedAt: ended.data.endedAt,
			}),
		]);
	});

	it('a retry of a request (same id) is answered as a duplicate and runs nothing; a later session of the crmId updates its row', async () => {
		const first = sessionEnded({ metadata: { crmId, campaign: 'renewal' } });
		expect((await postSigned(example().url, state.webhookSecret, first)).status).toBe(200);
		const retry = await postSigned(example().url, state.webhookSecret, first);
		expect({ status: retry.status, body: retry.json }).toEqual({ status: 200, body: { received: true, duplicate: true, id: first.id } });
		expect(await runsOf(first.id, 1)).toHaveLength(1);

		const later = sessionEnded({ metadata: { crmId, campaign: 'renewal' } });
		later.data.reason = 'ttl';
		expect((await postSigned(example().url, state.webhookSecret, later)).status).toBe(200);
		expect(await runsOf(later.id, 1)).toHaveLength(1);
		await settle();
		expect(await runsOf(first.id, 2, 0)).toHaveLength(1);
		expect((await rowsFor(crmId)).map((row) => row.reason)).toEqual(['ttl']);
	});

	it('other event types are answered 200 and ignored (its trigger takes session.ended only)', async () => {
		const transcript = envelope('transcript', { role: 'user', text: 'Hello?', interrupted: false }, { metadata: { crmId } });
		const answer = await postSigned(example().url, state.webhookSecret, transcript);
		expect({ status: answer.status, body: answer.json }).toEqual({ status: 200, body: { received: true, ignored: 'transcript' } });
		await settle();
		expect(await runsOf(transcript.id, 1, 0)).toEqual([]);
	});
});
