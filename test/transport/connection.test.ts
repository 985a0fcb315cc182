/**
 * The run's own HTTP connection (nodes/shared/transport/connection.ts) against a real loopback server:
 * kept-alive sockets, the rate-limit hold, n8n's egress (SSRF) policy, and n8n's helpers when a proxy
 * is configured.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import nock from 'nock';
import type { IDataObject, IExecuteFunctions, NodeEgressFilter } from 'n8n-workflow';

import { KeepAliveConnection, queryString } from '../../nodes/shared/transport/connection';
import { executeWorkflow, nodeError, outputItems } from '../harness/engine';
import { completeConfig, fakeJwt, UPLIFT_KEY, workflowWith } from '../harness/fixtures';

// Only real sockets on loopback here: no interception by this file's nock (loaded with the fixtures).
beforeAll(() => nock.restore());

const sessionBody = { token: fakeJwt({ exp: 1_900_000_000 }), wsUrl: 'wss://lk.example', roomName: 'r' };

/** A vendor on loopback that keeps when each request came and what it carried. */
async function vendor(answer: (req: IncomingMessage, index: number) => { status: number; headers?: Record<string, string>; body: object } = () => ({ status: 200, body: sessionBody })) {
	const seen = { requests: [] as Array<{ at: number; authorization?: string }> };
	const server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const index = seen.requests.push({ at: Date.now(), authorization: req.headers.authorization }) - 1;
			const { status, headers = {}, body } = answer(req, index);
			setTimeout(() => {
				res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
				res.end(JSON.stringify(body));
			}, 5);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	return { seen, baseUrl, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) };
}

const adhoc = (options: IDataObject = {}) =>
	workflowWith({ type: 'upliftAiRealtime', parameters: { resource: 'session', operation: 'createAdhoc', participantName: '={{ $json.name }}', configSource: 'inputField', options } });
const records = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `User ${i}`, config: completeConfig() as IDataObject }));

describe("a run's connection", () => {
	it('sends 40 items over about as many connections as requests in flight, authenticated, and resends a request a dropped idle connection lost', () => {
		// In a process of its own, where no test file's nock sits on Node's http (keep-alive-run.ts).
		const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'keep-alive-run.ts'), UPLIFT_KEY], { encoding: 'utf8', timeout: 60_000 });
		expect(child.status).toBe(0);
		const seen = JSON.parse(child.stdout.trim().split('\n').pop()!) as { connections: number; requests: number; resets: number; authorization: string[]; rows: number };
		// The request on the dropped connection was sent again on a new one: 41 requests, 40 rows.
		expect(seen).toEqual({ rows: 40, requests: 41, resets: 1, connections: expect.any(Number), authorization: [`Bearer ${UPLIFT_KEY}`] });
		expect(seen.connections).toBeLessThanOrEqual(5);
	});

	it('holds new requests while the API says none remain, until its reset', async () => {
		// The first answer says: no requests left for 1 s.
		const server = await vendor((_req, index) => ({ status: 200, headers: index === 0 ? { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1' } : ({} as Record<string, string>), body: sessionBody }));
		try {
			const run = await executeWorkflow(adhoc({ maxConcurrency: 1 }), { credentials: { upliftAiApi: { apiKey: UPLIFT_KEY, baseUrl: server.baseUrl } }, records: records(2) });
			expect(outputItems(run, 'Node')).toHaveLength(2);
			const [first, second] = server.seen.requests;
			expect(second.at - first.at).toBeGreaterThanOrEqual(950);
		} finally {
			await server.close();
		}
	});

	it("is refused by n8n's egress policy before anything is sent", async () => {
		const server = await vendor();
		const blocked: NodeEgressFilter = {
			validateUrl: async (url) => ({ ok: false, error: new Error(`${new URL(String(url)).hostname} is blocked by the egress policy`) }),
			validateConnectionHost: () => ({ ok: true, result: undefined }),
			createSecureLookup: () => undefined as never,
			validateRedirectSync: () => undefined,
		};
		const forRun = jest.spyOn(KeepAliveConnection, 'forRun').mockImplementation(() => new KeepAliveConnection(blocked));
		try {
			const run = await executeWorkflow(adhoc(), { credentials: { upliftAiApi: { apiKey: UPLIFT_KEY, baseUrl: server.baseUrl } }, records: records(3) });
			expect(nodeError(run, 'Node')?.message).toContain('127.0.0.1 is blocked by the egress policy');
			expect(server.seen.requests).toHaveLength(0);
		} finally {
			forRun.mockRestore();
			await server.close();
		}
	});

	it("leaves requests to n8n's helpers when an HTTP proxy is configured", () => {
		const fn = { helpers: { getSecureEgressFilter: () => ({ createSecureLookup: () => undefined }) } } as unknown as IExecuteFunctions;
		expect(KeepAliveConnection.forRun(fn)).toBeInstanceOf(KeepAliveConnection);
		for (const name of ['HTTP_PROXY', 'https_proxy', 'ALL_PROXY']) {
			process.env[name] = 'http://proxy.example:3128';
			try {
				expect(KeepAliveConnection.forRun(fn)).toBeUndefined();
			} finally {
				delete process.env[name];
			}
		}
		// An n8n without an egress filter to apply keeps its own helpers too.
		expect(KeepAliveConnection.forRun({ helpers: {} } as unknown as IExecuteFunctions)).toBeUndefined();
	});

	it('writes query strings as n8n does, in each list format', () => {
		const qs = { status: ['a', 'b'], limit: 10, skip: undefined, name: 'x y' };
		expect(queryString(qs, 'repeat')).toBe('status=a&status=b&limit=10&name=x%20y');
		expect(queryString(qs, 'brackets')).toBe('status%5B%5D=a&status%5B%5D=b&limit=10&name=x%20y');
		expect(queryString(qs, 'indices')).toBe('status%5B0%5D=a&status%5B1%5D=b&limit=10&name=x%20y');
	});
});
