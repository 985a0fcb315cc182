/**
 * R2: the nodes against a loopback server that answers badly (test/doubles/webhook-receiver.ts as a
 * fault server, the credential's Base URL pointing at it). UpliftAI Create Ad-hoc, OpenAI Create
 * Session (beta), Vapi Session Create and Protoface Session Create, three items each, with continue-on-fail off and on, for: 500, an HTML 502, JSON cut short,
 * a non-JSON 200, a connection reset mid-answer, no answer until the Timeout option, 429 without and
 * with a huge Retry-After, and 503 forever.
 *
 * Each run must end with a clear error naming the status (or the timeout), one error row per item
 * when continuing, attempts bounded by items × (1 + Max Retries), and, for Protoface (which has
 * idempotency), every attempt of one item carrying the same Idempotency-Key, so a retry can never
 * create a second session. The counts are printed at the end.
 */
import type { ServerResponse } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { completeConfig, isolateNetwork, UPLIFT_KEY, workflowWith } from '../harness/fixtures';
import { captureLogLines } from '../harness/logLines';
import { answerJson, startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../doubles/webhook-receiver';
import { OPENAI_KEY } from '../openai-realtime/fixtures';
import { PASTED_TOKEN, PROTOFACE_KEY } from '../protoface/fixtures';
import { VAPI_KEY } from '../vapi/fixtures';

isolateNetwork();
jest.setTimeout(60_000);
const logs = captureLogLines();

const MAX_RETRIES = 2;
const TIMEOUT_MS = 400;
const ITEMS = 3;

interface Fault {
	name: string;
	answer: (res: ServerResponse) => void;
	/** What the error must say. */
	says: RegExp;
	/** Retried (429/503): up to 1 + Max Retries attempts per item; otherwise exactly one. */
	retried?: boolean;
}

const faults: Fault[] = [
	{ name: '500', answer: (res) => answerJson(res, { error: { code: 'internal', message: 'boom' } }, 500), says: /error 500/ },
	{ name: 'HTML 502', answer: (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><h1>502 Bad Gateway</h1></html>'), says: /error 502/ },
	{ name: 'JSON cut short', answer: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"ses_1","sta'), says: /200 \[invalid_response\].*not JSON/ },
	{ name: 'non-JSON 200', answer: (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'), says: /200 \[invalid_response\].*not JSON \(text\/plain\)/ },
	{
		name: 'connection reset mid-answer',
		answer: (res) => {
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
			res.write('{"id":"ses_');
			setTimeout(() => res.socket?.destroy(), 20);
		},
		says: /could not be reached|socket hang up|aborted|ECONNRESET|terminated/i,
	},
	{ name: 'no answer until the timeout', answer: () => undefined, says: new RegExp(`did not answer within ${TIMEOUT_MS} ms`) },
	{ name: '429 without Retry-After', answer: (res) => answerJson(res, { message: 'slow down' }, 429), says: /error 429.*gave up after 2 retries/s, retried: true },
	{
		name: '429 with a huge Retry-After',
		answer: (res) => res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '86400' }).end('{"message":"come back tomorrow"}'),
		says: /error 429.*server asked to wait 86400 s/s,
	},
	{ name: '503 forever', answer: (res) => answerJson(res, { message: 'unavailable' }, 503), says: /error 503.*gave up after 2 retries/s, retried: true },
];

let server: WebhookReceiver;
const base = () => new URL(server.url).origin;
const counts: Array<{ api: string; fault: string; continueOnFail: boolean; attempts: number; rows: number; ms: number }> = [];

beforeAll(async () => (server = await startWebhookReceiver()));
afterAll(async () => {
	await server.close();
	logs.print(`\n[R2] ${counts.length} runs, ${logs.lines().length} log lines checked for secrets, ${counts.reduce((n, c) => n + c.attempts, 0)} requests answered with faults: ${counts.map((c) => `${c.api}/${c.fault}${c.continueOnFail ? '/continue' : ''} ${c.attempts} attempts ${c.ms} ms`).join('; ')}\n`);
});

const options = { maxRetries: MAX_RETRIES, timeout: TIMEOUT_MS, maxConcurrency: 3 };
const apis = [
	{
		api: 'UpliftAI',
		path: '/v1/realtime-assistants/adhoc/createSession',
		runOf: (request: ReceivedRequest) => String((request.json as { participantName?: string })?.participantName).split('-room-')[0],
		run: (continueOnFail: boolean, runId: string) =>
			executeWorkflow(
				workflowWith(
					{ type: 'upliftAiRealtime', parameters: { resource: 'session', operation: 'createAdhoc', participantName: '={{ $json.room }}', configSource: 'json', configJson: JSON.stringify(completeConfig()), options }, continueOnFail },
					rows(runId),
				),
				{ credentials: { upliftAiApi: { apiKey: UPLIFT_KEY, baseUrl: `${base()}/v1` } } },
			),
	},
	{
		api: 'OpenAI',
		path: '/v1/realtime/sessions',
		runOf: (request: ReceivedRequest) => String((request.json as { instructions?: string })?.instructions),
		run: (continueOnFail: boolean, runId: string) =>
			executeWorkflow(
				workflowWith({ type: 'openAiRealtime', parameters: { resource: 'session', operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify({ model: 'gpt-4o-realtime-preview', instructions: runId }), options }, continueOnFail }, rows(runId)),
				{ credentials: { openAiRealtimeApi: { apiKey: OPENAI_KEY, organizationId: '', projectId: '', baseUrl: `${base()}/v1` } } },
			),
	},
	{
		api: 'Vapi',
		path: '/session',
		/** Which run a request belongs to (requests of a stopped run may still arrive during the next one). */
		runOf: (request: ReceivedRequest) => String((request.json as { assistantId?: string })?.assistantId),
		run: (continueOnFail: boolean, runId: string) =>
			executeWorkflow(workflowWith({ type: 'vapi', parameters: { resource: 'session', operation: 'create', bodySource: 'json', sessionJson: JSON.stringify({ assistantId: runId }), options }, continueOnFail }, rows(runId)), {
				credentials: { vapiApi: { apiKey: VAPI_KEY, baseUrl: base() } },
			}),
	},
	{
		api: 'Protoface',
		path: '/v1/sessions',
		runOf: (request: ReceivedRequest) => String((request.json as { transport?: { room_name?: string } })?.transport?.room_name).split('-room-')[0],
		run: (continueOnFail: boolean, runId: string) =>
			executeWorkflow(
				workflowWith(
					{
						type: 'protoface',
						parameters: { resource: 'session', operation: 'create', avatarId: 'av_demo', roomName: '={{ $json.room }}', transportUrl: 'wss://my-app.livekit.cloud', workerTokenSource: 'paste', workerToken: PASTED_TOKEN, options },
						continueOnFail,
					},
					rows(runId),
				),
				{ credentials: { protofaceApi: { apiKey: PROTOFACE_KEY, baseUrl: base() } } },
			),
	},
];
const rows = (runId: string): IDataObject[] => Array.from({ length: ITEMS }, (_, index) => ({ room: `${runId}-room-${index}` }));
let runs = 0;

describe.each(apis)('$api against a fault server', ({ api, path, run, runOf }) => {
	describe.each(faults)('$name', (fault) => {
		it.each([false, true])('continue on fail: %s', async (continueOnFail) => {
			const runId = `run${++runs}`;
			server.handle((_request, res) => fault.answer(res));
			const started = Date.now();
			const result = await run(continueOnFail, runId);
			const ms = Date.now() - started;
			// Requests still in flight when a run stopped arrive a little later: count once nothing new came for 300 ms.
			const mine = () => server.requests.filter((request) => request.path.startsWith(path) && runOf(request) === runId);
			for (let seen = -1; seen !== mine().length; ) {
				seen = mine().length;
				await new Promise((resolve) => setTimeout(resolve, 300));
			}
			const attempts = mine().length;
			counts.push({ api, fault: fault.name, continueOnFail, attempts, rows: 0, ms });

			const perItem = fault.retried ? 1 + MAX_RETRIES : 1;
			expect(attempts).toBeGreaterThanOrEqual(1);
			expect(attempts).toBeLessThanOrEqual(ITEMS * perItem);
			if (continueOnFail) {
				const out = outputJson(result, 'Node');
				expect(out).toHaveLength(ITEMS);
				for (const row of out) expect(`${row.error} ${row.description ?? ''}`).toMatch(fault.says);
				expect(result.data.resultData.runData.Node[0].data!.main[0]!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			} else {
				const error = nodeError(result, 'Node')!;
				expect(`${error.message} ${(error as { description?: string }).description ?? ''}`).toMatch(fault.says);
			}
			if (api === 'Protoface') {
				// One key per item, the same on each of its attempts: a retry cannot create a second session.
				const byRoom = new Map<string, Set<string>>();
				for (const request of mine()) {
					const room = (request.json as { transport?: { room_name?: string } })?.transport?.room_name ?? '';
					byRoom.set(room, (byRoom.get(room) ?? new Set()).add(String(request.headers['idempotency-key'])));
				}
				for (const keys of byRoom.values()) expect(keys.size).toBe(1);
			}
			const secrets = JSON.stringify(result.data.resultData);
			for (const key of [VAPI_KEY, PROTOFACE_KEY, UPLIFT_KEY, OPENAI_KEY]) expect(secrets).not.toContain(key);
		});
	});
});

it('R4: no credential secret in any log line of these runs (n8n logging at debug)', () => {
	expect(logs.lines().length).toBeGreaterThan(counts.length);
	expect(logs.leaked([VAPI_KEY, PROTOFACE_KEY, UPLIFT_KEY, OPENAI_KEY, PASTED_TOKEN])).toEqual([]);
});
