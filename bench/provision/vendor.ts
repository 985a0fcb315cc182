/**
 * The vendor for the provisioning benchmark, in a process of its own so its CPU is not the node's:
 * UpliftAI's ad-hoc session endpoint on 127.0.0.1 that answers after a fixed latency and refuses
 * (429 + `Retry-After`, at once) any request beyond `limit` in flight, as a concurrency-limited API
 * does. It counts sessions by participant name, so a record created twice shows as a duplicate, and
 * keeps a timeline of requests in flight and sessions created for the plot.
 *
 * Messages: `{type: 'round', limit, latencyMs, retryAfter}` starts a fresh round (answered with
 * `ready`); `{type: 'stats'}` answers with the round's {@link RoundStats}.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Round {
	/** Requests taken at once; null: never refuses. */
	limit: number | null;
	latencyMs: number;
	/** Seconds, as the header says. */
	retryAfter: string;
}

export interface RoundStats {
	created: number;
	distinct: number;
	throttled: number;
	peak: number;
	/** TCP connections opened (a client that keeps them alive opens about as many as it has in flight). */
	connections: number;
	/** [ms since the round's first request, requests in flight, sessions created] at every change. */
	timeline: Array<[number, number, number]>;
}

const TOKEN = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: 4102444800 })).toString('base64url')}.c2lnbmF0dXJl`;

let round: Round = { limit: null, latencyMs: 50, retryAfter: '1' };
let inFlight = 0;
const freshStats = (): RoundStats => ({ created: 0, distinct: 0, throttled: 0, peak: 0, connections: 0, timeline: [] });
let stats = freshStats();
let names = new Set<string>();
let startedAt = 0;

const mark = () => {
	if (!startedAt) startedAt = performance.now();
	stats.timeline.push([Math.round(performance.now() - startedAt), inFlight, stats.created]);
};

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		if (round.limit !== null && inFlight >= round.limit) {
			stats.throttled++;
			res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': round.retryAfter });
			res.end('{"error":{"code":"rate_limited","message":"too many concurrent requests"}}');
			return;
		}
		inFlight++;
		stats.peak = Math.max(stats.peak, inFlight);
		mark();
		const name = String((JSON.parse(Buffer.concat(chunks).toString() || '{}') as { participantName?: string }).participantName);
		setTimeout(() => {
			inFlight--;
			stats.created++;
			names.add(name);
			mark();
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ token: TOKEN, wsUrl: 'wss://upliftai.example', roomName: `room-${name}` }));
		}, round.latencyMs);
	});
});

process.on('message', (message: { type: string } & Partial<Round>) => {
	if (message.type === 'round') {
		round = { limit: message.limit ?? null, latencyMs: message.latencyMs ?? 50, retryAfter: message.retryAfter ?? '1' };
		stats = freshStats();
		names = new Set();
		startedAt = 0;
		process.send!({ type: 'ready' });
	} else if (message.type === 'stats') {
		process.send!({ type: 'stats', stats: { ...stats, distinct: names.size } });
	}
});
process.on('disconnect', () => process.exit(0));

server.on('connection', () => stats.connections++);
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => process.send!({ type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` }));
