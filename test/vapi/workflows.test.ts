/** The Vapi workflow JSON files, executed through n8n-core's engine with nock answering Vapi. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError, outputItems, recordsOf, type WorkflowJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { leakedSecrets } from '../harness/secrets';
import { auth, sessionResponse, VAPI_BASE, VAPI_KEY, vapiCredentials } from './fixtures';

isolateNetwork();

const load = (path: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', path), 'utf8')) as WorkflowJson;
/** The records a workflow ships with (pinned on its trigger, or held by the example's Code node). */
const customersOf = async (workflow: WorkflowJson) => (await recordsOf(workflow)) as Array<Record<string, string>>;

/** The personalised session body each record must produce. */
const expectedBody = (c: Record<string, string>, assistantId: string) => ({
	assistantId,
	name: `${c.company} - ${c.firstName}`.slice(0, 40),
	expirationSeconds: 3600,
	assistantOverrides: { variableValues: { firstName: c.firstName, company: c.company, plan: c.plan } },
	customer: { number: c.phone, name: c.name, email: c.email, externalId: c.crmId },
});

const created = (c: Record<string, string>, i: number, body: IDataObject) =>
	sessionResponse({ id: `ses_${i}`, name: body.name, assistantId: body.assistantId, customer: body.customer, artifact: undefined });

describe('test/workflows/vapi-sessions-per-record.json', () => {
	it('records → Vapi sessions → table: 2 sessions and 1 paired error row for the record Vapi refuses', async () => {
		const workflow = load('test/workflows/vapi-sessions-per-record.json');
		const customers = await customersOf(workflow);
		for (const [i, c] of customers.entries()) {
			const body = expectedBody(c, 'asst-renewals-01');
			const scope = nock(VAPI_BASE, { reqheaders: auth }).post('/session', body);
			if (c.phone === '12345') scope.reply(400, { message: ['customer.number must be a valid phone number'], error: 'Bad Request', statusCode: 400 });
			else scope.reply(201, created(c, i, body));
		}

		const run = await executeWorkflow(workflow, { credentials: vapiCredentials });
		expect(leakedSecrets(run, [VAPI_KEY])).toEqual([]);

		expect(nodeError(run, 'Vapi Sessions')).toBeUndefined();
		const table = outputItems(run, 'Vapi Sessions');
		expect(table.map((row) => row.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(table.map((row) => [row.json.id ?? null, row.json.name ?? null, row.json.customerNumber ?? null, row.json.error ?? null])).toEqual([
			['ses_0', 'Analytical Engines - Ada', '+14155550101', null],
			[null, null, null, 'Vapi API error 400: customer.number must be a valid phone number'],
			['ses_2', 'Compiler Works - Grace', '+12025550199', null],
		]);
		expect(table[1].json).toEqual({
			error: 'Vapi API error 400: customer.number must be a valid phone number',
			description: 'Type: Bad Request',
			httpCode: 400,
			type: 'Bad Request',
		});
		expect(outputItems(run, 'Vapi Sessions', 1).map((item) => item.json)).toEqual(customers);
	});
});

describe('examples/vapi-sessions-per-record.json', () => {
	it('creates one personalised session per customer record, in record order', async () => {
		const workflow = load('examples/vapi-sessions-per-record.json');
		const customers = await customersOf(workflow);
		for (const [i, c] of customers.entries()) {
			const body = expectedBody(c, 'your-vapi-assistant-id');
			nock(VAPI_BASE, { reqheaders: auth }).post('/session', body).reply(201, created(c, i, body));
		}

		const run = await executeWorkflow(workflow, { credentials: vapiCredentials });
		expect(leakedSecrets(run, [VAPI_KEY])).toEqual([]);

		expect(nodeError(run, 'Vapi Sessions')).toBeUndefined();
		const table = outputItems(run, 'Vapi Sessions');
		expect(table.map((row) => [row.json.id, row.json.name, row.json.customerNumber, row.json['customer.externalId'], row.pairedItem])).toEqual(
			customers.map((c, i) => [`ses_${i}`, `${c.company} - ${c.firstName}`, c.phone, c.crmId, { item: i }]),
		);
	});
});
