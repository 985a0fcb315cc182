/**
 * The OpenAI workflow JSON files, executed through n8n-core's engine: "config items → OpenAI client
 * secrets → table", with OpenAI answered by nock (every personalised request asserted exactly).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { executeWorkflow, nodeError, outputItems, recordsOf, type WorkflowJson } from '../harness/engine';
import { openAiExampleBody } from '../harness/examples';
import { isolateNetwork } from '../harness/fixtures';
import { leakedSecrets } from '../harness/secrets';
import { AUTH, COLUMNS, EXPIRES_AT, OPENAI_KEY, openAi, openAiCredentials } from './fixtures';

isolateNetwork();

const load = (path: string) => JSON.parse(readFileSync(join(__dirname, '../..', path), 'utf8')) as WorkflowJson;
// nock's body matcher wants JSON-shaped values; the records are exactly that.
type Json = Record<string, any>;
/** The records a workflow ships with (pinned on its trigger, or held by the example's Code node). */
const recordsIn = async (workflow: WorkflowJson) => (await recordsOf(workflow)) as Json[];
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** What OpenAI answers for a GA body: the session echoed with an id, a secret and its expiry. */
const answerFor = (body: Json, index: number) => {
	const session = body.session as Json;
	return { value: `ek_test_${index}`, expires_at: EXPIRES_AT + index, session: { ...session, id: `sess_${index}`, object: 'realtime.session' } };
};

describe('test/workflows/openai-client-secrets-continue-on-fail.json', () => {
	it('gives each config item its client secret row; the invalid body and the API refusal become paired error rows', async () => {
		const workflow = load('test/workflows/openai-client-secrets-continue-on-fail.json');
		const records = await recordsIn(workflow);
		for (const index of [0, 1, 4]) {
			openAi().post('/v1/realtime/client_secrets', records[index].openai).reply(200, answerFor(records[index].openai, index));
		}
		const refusal = { error: { message: "Invalid value: 'gpt-unknown-model'.", type: 'invalid_request_error', param: 'session.model', code: 'invalid_value' } };
		openAi().post('/v1/realtime/client_secrets', records[3].openai).reply(400, refusal, { 'x-request-id': 'req_wf_400' });

		const run = await executeWorkflow(workflow, { credentials: openAiCredentials() });

		expect(nodeError(run, 'OpenAI Realtime')).toBeUndefined();
		const rows = outputItems(run, 'OpenAI Realtime');
		expect(rows.map((row) => row.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(rows.map((row) => row.json.clientSecret ?? row.json.error)).toEqual([
			'ek_test_0',
			'ek_test_1',
			'Invalid request body: body.session.temperature is not accepted by POST /realtime/client_secrets: GA realtime sessions have no temperature. ' +
				'Remove it, or use the Create Session (beta) operation, which takes 0.6–1.2, got 0.9',
			"OpenAI API error 400 [invalid_value]: Invalid value: 'gpt-unknown-model'.",
			'ek_test_4',
		]);
		expect(rows[1].json).toEqual({
			clientSecret: 'ek_test_1',
			expiresAt: iso(EXPIRES_AT + 1),
			modalities: null,
			instructions: 'Help Ayesha in Urdu.',
			voice: 'cedar',
			inputAudioFormat: null,
			outputAudioFormat: null,
			inputAudioTranscription: null,
			turnDetection: null,
			tools: null,
			toolChoice: null,
			temperature: null,
			maxResponseOutputTokens: null,
			speed: null,
			tracing: null,
			sessionId: 'sess_1',
			type: 'realtime',
			model: 'gpt-realtime',
		});
		expect(Object.keys(rows[1].json)).toEqual(COLUMNS);
		expect(rows[3].json).toMatchObject({ httpCode: 400, code: 'invalid_value', param: 'session.model', requestId: 'req_wf_400' });
		expect(outputItems(run, 'OpenAI Realtime', 1).map((item) => item.json)).toEqual(records);
		expect(JSON.stringify(run.data)).not.toContain(OPENAI_KEY);
	});
});

describe('examples/openai-client-secrets-per-config.json', () => {
	it('creates one personalised client secret per configuration item', async () => {
		const workflow = load('examples/openai-client-secrets-per-config.json');
		const records = await recordsIn(workflow);
		records.forEach((c, index) => {
			const body = openAiExampleBody(c);
			openAi({ ...AUTH, 'content-type': 'application/json' }, ['openai-organization', 'openai-project', 'openai-beta'])
				.post('/v1/realtime/client_secrets', body)
				.reply(200, answerFor(body, index));
		});

		const run = await executeWorkflow(workflow, { credentials: openAiCredentials() });

		const rows = outputItems(run, 'OpenAI Client Secrets');
		expect(rows.map((row) => [row.json.clientSecret, row.json.expiresAt, row.json.voice, row.json.maxResponseOutputTokens, row.pairedItem])).toEqual([
			['ek_test_0', iso(EXPIRES_AT), 'marin', 1024, { item: 0 }],
			['ek_test_1', iso(EXPIRES_AT + 1), 'cedar', 1024, { item: 1 }],
			['ek_test_2', iso(EXPIRES_AT + 2), 'coral', 1024, { item: 2 }],
		]);
		expect(rows[1].json.instructions).toBe('You are the support agent of Lahore Textiles. Greet Ayesha Khan by name and answer in Urdu.');
		expect(outputItems(run, 'OpenAI Client Secrets', 1).map((item) => item.json)).toEqual(records);
		expect(leakedSecrets(run, [OPENAI_KEY])).toEqual([]);
	});
});
