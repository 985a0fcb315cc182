/**
 * Run by connection.test.ts in a process of its own: jest's workers share Node's `http` module, and
 * nock's interception, left there by any earlier test file, opens a connection per request whatever
 * the agent. Provisions 40 records through the engine (Max Concurrency 4) against a loopback vendor
 * and prints what the vendor saw as JSON: connections, requests, the Authorization headers. Once, the
 * vendor drops a kept-alive connection as its next request arrives, as a server whose idle timeout
 * has just run out does: that request must be sent again, not fail its item.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { executeWorkflow, outputItems, PACKAGE } from '../../scripts/local-stack/n8n-engine';
import { completeConfig, fakeJwt } from '../harness/data';
import '../harness/setup-env';

const KEY = process.argv[2];
const TOKEN = fakeJwt({ exp: 1_900_000_000 });

(async () => {
	const seen = { connections: 0, requests: 0, resets: 0, authorization: new Set<string>(), rows: 0 };
	const perSocket = new WeakMap<object, number>();
	const server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			seen.requests++;
			const onThisSocket = (perSocket.get(req.socket) ?? 0) + 1;
			perSocket.set(req.socket, onThisSocket);
			if (onThisSocket === 2 && seen.resets === 0) {
				seen.resets++;
				req.socket.destroy();
				return;
			}
			seen.authorization.add(String(req.headers.authorization));
			setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: TOKEN, wsUrl: 'wss://lk.example', roomName: 'r' })), 5);
		});
	});
	server.on('connection', () => seen.connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const run = await executeWorkflow(
		{
			nodes: [
				{ id: 'r', name: 'Records', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'n', name: 'Node', type: `${PACKAGE}.upliftAiRealtime`, typeVersion: 1, position: [200, 0],
					parameters: { resource: 'session', operation: 'createAdhoc', participantName: '={{ $json.name }}', configSource: 'inputField', options: { maxConcurrency: 4 } },
					credentials: { upliftAiApi: { id: 'u', name: 'UpliftAI' } },
				},
			],
			connections: { Records: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
		},
		{
			credentials: { upliftAiApi: { apiKey: `  ${KEY} `, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` } },
			records: Array.from({ length: 40 }, (_, i) => ({ name: `User ${i}`, config: completeConfig() })),
			recordsNode: 'Records',
		},
	);
	seen.rows = outputItems(run, 'Node').filter((item) => item.json.roomName === 'r').length;
	server.close();
	process.stdout.write(`${JSON.stringify({ ...seen, authorization: [...seen.authorization] })}\n`);
	process.exit(0);
})();
