/**
 * examples/vapi-sessions-per-record.json in a real n8n 2.41.1, Vapi answered by the stand-in
 * (../stand-ins/vapi.ts): one personalised session per customer record (see helpers.ts for the checks
 * every example gets).
 */
import { TEST_KEYS } from '../fixtures';
import { describeExample, expectAuthenticated, json, output, records, requestFor, type Rec } from './helpers';

describeExample('vapi-sessions-per-record.json', (example) => {
	it('names each session "<company> - <firstName>" of its record and personalises it (never "undefined")', () => {
		const customers = records(example());
		const rows = json(output(example(), 'Vapi Sessions', 0));
		const posts = example().requests;
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
		const customers = records(example());
		expect(example().requests.map((r) => `${r.method} ${r.path}`)).toEqual(customers.map(() => 'POST /session'));
		expectAuthenticated(example().requests, 'vapi', TEST_KEYS.vapi);
		for (const c of customers) {
			expect(requestFor(example().requests, (body) => body.customer?.externalId === c.crmId).body).toEqual({
				assistantId: 'your-vapi-assistant-id',
				name: `${c.company} - ${c.firstName}`.slice(0, 40),
				expirationSeconds: 3600,
				assistantOverrides: { variableValues: { firstName: c.firstName, company: c.company, plan: c.plan } },
				customer: { number: c.phone, name: c.name, email: c.email, externalId: c.crmId },
			});
		}
	});
});
