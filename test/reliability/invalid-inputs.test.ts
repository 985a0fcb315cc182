/**
 * R1: 200 invalid inputs per node family, generated with fast-check from a valid input and the zod
 * schema that judges it (test/reliability/mutations.ts): wrong types, numbers as text, out-of-range
 * numbers, oversize strings, unknown values and look-alike Unicode, removed required fields, unknown
 * fields, `__proto__`/`constructor`/`prototype` keys, null and lists where objects go.
 *
 * Four families run through their node in n8n's engine with the input as the JSON body: each item
 * must fail naming the field, and no request may leave (nock records every request, and none is
 * allowed). Protoface's session is built from typed fields, so its schema is checked directly.
 * A fixed seed: the same inputs every run. The counts are printed at the end.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import type { z } from 'zod';

import { assistantConfigSchema, validateWith } from '../../src/config';
import { betaSessionSchema } from '../../src/vendors/openaiRealtime';
import { sessionCreateSchema } from '../../src/vendors/protoface';
import { createSessionSchema } from '../../src/vendors/vapi';
import { executeWorkflow, nodeError } from '../harness/engine';
import { completeConfig, isolateNetwork, UPLIFT_KEY, upliftCredentials, workflowWith } from '../harness/fixtures';
import { VAPI_KEY, vapiCredentials } from '../vapi/fixtures';
import { captureLogLines } from '../harness/logLines';
import { invalidInputs, type Mutation } from './mutations';

isolateNetwork();
const logs = captureLogLines();
jest.setTimeout(120_000);

const PER_FAMILY = 200;
const requests: string[] = [];
const counts: Array<{ family: string; inputs: number; kinds: number; failures: number }> = [];

beforeAll(() => nock.emitter.on('no match', (request: { path?: string }) => requests.push(String(request.path))));
afterAll(() => {
	nock.emitter.removeAllListeners('no match');
	logs.print(`\n[R1] invalid inputs (${logs.lines().length} log lines checked for secrets): ${counts.map((c) => `${c.family} ${c.inputs} distinct (${c.kinds} kinds) → ${c.failures} not refused by field`).join('; ')}; requests sent: ${requests.length}\n`);
});

interface Family {
	name: string;
	schema: z.ZodTypeAny;
	valid: IDataObject;
	root: string;
	/** The node run with the input as its JSON body; undefined: the schema is checked directly. */
	run?: (input: unknown) => ReturnType<typeof executeWorkflow>;
	/** Where the node's requests go (the valid input is answered there, to show requests are seen). */
	origin?: string;
}

const liveKitCredentials = { liveKitApi: { serverUrl: 'ws://127.0.0.1:9', apiKey: 'APIr1test', apiSecret: 'r1-test-secret-not-used-0123456789', agentName: 'n8n-realtime-voice', clientUrl: '' } };
const node = (type: 'upliftAiRealtime' | 'realtimeVoice' | 'vapi' | 'openAiRealtime', parameters: IDataObject, credentials: Record<string, IDataObject>) =>
	(input: unknown) => executeWorkflow(workflowWith({ type, parameters: { ...parameters, [parameters.jsonParameter as string]: JSON.stringify(input) } }), { credentials: credentials as never });

const families: Family[] = [
	{
		name: 'UpliftAI config',
		schema: assistantConfigSchema,
		valid: completeConfig(),
		root: 'config',
		origin: 'https://api.upliftai.org',
		run: node('upliftAiRealtime', { resource: 'session', operation: 'createAdhoc', participantName: 'Ada', configSource: 'json', jsonParameter: 'configJson' }, upliftCredentials),
	},
	{
		name: 'Realtime Voice config',
		schema: assistantConfigSchema,
		valid: { ...completeConfig(), session: { ttl: 600, metadata: { crmId: 'C-1', vip: true } } },
		root: 'config',
		origin: 'http://127.0.0.1:9',
		run: node('realtimeVoice', { resource: 'session', operation: 'create', participantName: 'Ada', configSource: 'json', waitForAgent: false, jsonParameter: 'configJson' }, liveKitCredentials),
	},
	{
		name: 'Vapi session',
		schema: createSessionSchema,
		valid: { name: 'Renewal', status: 'active', expirationSeconds: 3600, assistantId: 'asst_1', messages: [{ role: 'system', content: 'Be brief.' }] },
		root: 'body',
		origin: 'https://api.vapi.ai',
		run: node('vapi', { resource: 'session', operation: 'create', bodySource: 'json', jsonParameter: 'sessionJson' }, vapiCredentials),
	},
	{
		name: 'OpenAI session options',
		schema: betaSessionSchema,
		valid: { model: 'gpt-4o-realtime-preview', voice: 'alloy', temperature: 0.8, speed: 1, modalities: ['audio', 'text'], input_audio_format: 'pcm16' },
		root: 'body',
		origin: 'https://api.openai.com',
		run: node('openAiRealtime', { resource: 'session', operation: 'createSession', bodySource: 'json', jsonParameter: 'sessionJson' }, { openAiRealtimeApi: { apiKey: 'sk-r1-test-key-0123456789' } }),
	},
	{
		name: 'Protoface session',
		schema: sessionCreateSchema,
		valid: {
			avatar_id: 'av_demo',
			idle_timeout_seconds: 30,
			max_duration_seconds: 600,
			quality: 'standard',
			metadata: { customer: 'C-1' },
			transport: { type: 'livekit', url: 'wss://my-app.livekit.cloud', room_name: 'demo-room', worker_token: 'worker-token-r1', worker_identity: 'protoface-worker' },
		},
		root: 'session',
	},
];

const where = (root: string, mutation: Mutation) => (mutation.path ? `${root}.${mutation.path}` : root);

describe.each(families)('$name', (family) => {
	it(`refuses ${PER_FAMILY} generated invalid inputs, each naming its field, with no request sent`, async () => {
		expect(validateWith(family.schema, family.valid, family.root)).toMatchObject({ ok: true });
		const inputs = invalidInputs(family.schema, family.valid, PER_FAMILY, 20261130);
		expect(inputs).toHaveLength(PER_FAMILY);
		const misses: string[] = [];
		for (const mutation of inputs) {
			let text: string;
			if (family.run) {
				const error = nodeError(await family.run(mutation.input), 'Node');
				text = error ? `${error.message}\n${(error as { description?: string }).description ?? ''}` : '(accepted)';
			} else {
				const result = validateWith(family.schema, mutation.input, family.root);
				text = result.ok ? '(accepted)' : result.errors.join('\n');
			}
			if (!text.includes(where(family.root, mutation))) misses.push(`${mutation.kind} at ${where(family.root, mutation)}: ${text.slice(0, 300)}`);
		}
		expect(requests).toEqual([]);
		// The valid input is sent (answered here: a request nock cannot match would be reported as an
		// unhandled error), so a request of the invalid ones would have been seen.
		if (family.run) {
			const endpoint = nock(family.origin!).post(/.*/).reply(500, { error: { message: 'not a real server' } });
			await family.run(family.valid);
			expect(endpoint.isDone()).toBe(true);
		}
		counts.push({
			family: family.name,
			inputs: inputs.length,
			kinds: new Set(inputs.map((m) => m.kind)).size,
			failures: misses.length,
		});
		expect(misses).toEqual([]);
	});
});

it('R4: no credential secret in any log line of these runs (n8n logging at debug)', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expect(logs.leaked([UPLIFT_KEY, VAPI_KEY])).toEqual([]);
});
