/**
 * The session's event queue against real HTTP receivers on 127.0.0.1: exact signed envelopes, order
 * and ids kept through retries (503, a cut connection, a refused connection, a timeout, 408 and 429
 * after their Retry-After), other 4xx final, bounded attempts, the types filter, nothing after
 * session.ended, and a drain that never waits longer than it was given.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { verifySignedRequest } from '../../src/events/signing';
import type { SessionEvent } from '../../src/events/types';
import { EventQueue, type EventQueueOptions } from '../../worker/src/events/queue';
import { parseRetryAfter } from '../../worker/src/webhooks/post';
import type { SessionScope } from '../../worker/src/webhooks/session';
import { answerJson, startWebhookReceiver, type WebhookReceiver } from '../doubles/webhook-receiver';
import { recordingLogger } from './recording-logger';

const SECRET = 'test-signing-secret-0123456789';
const scope: SessionScope = {
	session: { roomName: 'rv-room-1', roomSid: 'RM_abc', participantIdentity: 'user-1', participantName: 'Ada', agentName: 'n8n-realtime-voice', jobId: 'AJ_1' },
	metadata: { crmId: 'CUST-1', vip: true },
};
const transcript = (text: string) => ({ role: 'user' as const, text, startedAt: '2026-01-01T00:00:00.000Z', interrupted: false });

const receivers: WebhookReceiver[] = [];
async function receiver(...args: Parameters<typeof startWebhookReceiver>) {
	const started = await startWebhookReceiver(...args);
	receivers.push(started);
	return started;
}
afterEach(async () => {
	for (const r of receivers.splice(0)) await r.close();
});

function queue(url: string, options: Partial<EventQueueOptions> = {}) {
	const logger = recordingLogger();
	const events = new EventQueue({ url, secret: SECRET, scope, logger, minBackoffMs: 20, maxBackoffMs: 40, attemptTimeoutMs: 1_000, ...options });
	return { events, logger };
}

/** Bodies of the requests that were answered 2xx, in arrival order. */
const delivered = (r: WebhookReceiver, ok: Set<number>) => r.requests.filter((_req, index) => ok.has(index)).map((req) => req.json as SessionEvent);

describe('EventQueue', () => {
	it('POSTs each event as a signed envelope: id, sequence 1, 2, 3 …, time, session, metadata, data', async () => {
		const r = await receiver();
		const { events, logger } = queue(r.url);
		events.enqueue('session.started', { startedAt: '2026-01-01T00:00:00.000Z', deadline: '2026-01-01T00:30:00.000Z', agentIdentity: 'agent-AJ_1' });
		events.enqueue('transcript', transcript('hello'));
		events.enqueue('session.error', { code: 'llm_error', message: 'boom', recoverable: true });
		await expect(events.drain(5_000)).resolves.toEqual({ delivered: 3, failed: 0, undelivered: 0 });

		expect(r.requests.map((req) => req.json)).toEqual([
			{ id: expect.stringMatching(/^evt_[0-9a-f-]{36}$/), type: 'session.started', sequence: 1, time: expect.any(String), session: scope.session, metadata: scope.metadata, data: { startedAt: '2026-01-01T00:00:00.000Z', deadline: '2026-01-01T00:30:00.000Z', agentIdentity: 'agent-AJ_1' } },
			{ id: expect.stringMatching(/^evt_/), type: 'transcript', sequence: 2, time: expect.any(String), session: scope.session, metadata: scope.metadata, data: transcript('hello') },
			{ id: expect.stringMatching(/^evt_/), type: 'session.error', sequence: 3, time: expect.any(String), session: scope.session, metadata: scope.metadata, data: { code: 'llm_error', message: 'boom', recoverable: true } },
		]);
		for (const req of r.requests) {
			const body = req.json as SessionEvent;
			expect(req.method).toBe('POST');
			expect(req.headers['content-type']).toBe('application/json');
			expect(req.headers['x-realtime-voice-id']).toBe(body.id);
			expect(req.headers['x-realtime-voice-type']).toBe(body.type);
			expect(verifySignedRequest(SECRET, req.headers, req.raw)).toEqual({ ok: true, id: body.id, timestamp: expect.any(Number) });
			expect(verifySignedRequest('another-secret', req.headers, req.raw)).toEqual({ ok: false, reason: 'signature does not match' });
			expect(Date.parse(body.time)).not.toBeNaN();
		}
		expect(new Set(r.requests.map((req) => (req.json as SessionEvent).id)).size).toBe(3);
		expect(logger.lines).toContainEqual({ level: 'info', msg: 'session events drained', fields: { delivered: 3, failed: 0, undelivered: 0, endpoint: expect.stringMatching(/^127\.0\.0\.1:\d+\/hook$/), waitedMs: expect.any(Number) } });
		expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
	});

	it('keeps order and ids through a receiver that answers 503, then cuts the connection, then 500', async () => {
		const ok = new Set<number>();
		const r = await receiver((req, res, index) => {
			if (index === 0) return void res.writeHead(503).end('down for maintenance');
			if (index === 1) return void res.socket!.destroy();
			if (index === 2) return void res.writeHead(500).end();
			ok.add(index);
			answerJson(res, { received: true });
		});
		const { events } = queue(r.url);
		for (const text of ['one', 'two', 'three', 'four']) events.enqueue('transcript', transcript(text));
		await expect(events.drain(5_000)).resolves.toEqual({ delivered: 4, failed: 0, undelivered: 0 });

		const first = r.requests.slice(0, 4).map((req) => (req.json as SessionEvent).id);
		// The first event was tried four times, always with the same id and body.
		expect(new Set(first).size).toBe(1);
		expect(new Set(r.requests.slice(0, 4).map((req) => JSON.stringify({ ...(req.json as object), time: 0 }))).size).toBe(1);
		const got = delivered(r, ok);
		expect(got.map((e) => (e.data as { text: string }).text)).toEqual(['one', 'two', 'three', 'four']);
		expect(got.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
		expect(new Set(got.map((e) => e.id)).size).toBe(4);
	});

	it('retries a refused connection until the receiver is up', async () => {
		const port = await new Promise<number>((resolve) => {
			const probe: Server = createServer().listen(0, '127.0.0.1', () => {
				const free = (probe.address() as AddressInfo).port;
				probe.close(() => resolve(free));
			});
		});
		const { events, logger } = queue(`http://127.0.0.1:${port}/late`, { minBackoffMs: 300, maxBackoffMs: 300 });
		events.enqueue('transcript', transcript('are you there'));
		while (!logger.lines.some((line) => line.msg === 'session event attempt failed')) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(logger.lines.find((line) => line.msg === 'session event attempt failed')!.fields.error).toMatch(/ECONNREFUSED/);

		const bodies: string[] = [];
		const late = createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => (bodies.push(raw), res.writeHead(204).end()));
		});
		await new Promise<void>((resolve) => late.listen(port, '127.0.0.1', resolve));
		try {
			await expect(events.drain(5_000)).resolves.toEqual({ delivered: 1, failed: 0, undelivered: 0 });
			expect(bodies.map((raw) => JSON.parse(raw).data.text)).toEqual(['are you there']);
		} finally {
			late.closeAllConnections();
			await new Promise((resolve) => late.close(resolve));
		}
	});

	it('retries an attempt that times out', async () => {
		const r = await receiver((_req, res, index) => {
			if (index > 0) answerJson(res, {});
			// The first attempt is never answered.
		});
		const { events } = queue(r.url, { attemptTimeoutMs: 200 });
		events.enqueue('transcript', transcript('slow'));
		await expect(events.drain(5_000)).resolves.toEqual({ delivered: 1, failed: 0, undelivered: 0 });
		expect(r.requests).toHaveLength(2);
		expect((r.requests[0].json as SessionEvent).id).toBe((r.requests[1].json as SessionEvent).id);
	});

	it('does not retry a 4xx answer, logs the event given up, and goes on with the next', async () => {
		const r = await receiver((_req, res, index) => void (index === 0 ? res.writeHead(401).end('bad signature') : answerJson(res, {})));
		const { events, logger } = queue(r.url);
		events.enqueue('transcript', transcript('refused'));
		events.enqueue('transcript', transcript('accepted'));
		await expect(events.drain(5_000)).resolves.toEqual({ delivered: 1, failed: 1, undelivered: 0 });
		expect(r.requests.map((req) => (req.json as SessionEvent).sequence)).toEqual([1, 2]);
		expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'session event not delivered', fields: expect.objectContaining({ event: 'transcript', sequence: 1, error: expect.stringMatching(/answered 401$/) }) }));
		expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'session events drained', fields: expect.objectContaining({ delivered: 1, failed: 1, undelivered: 0 }) }));
	});

	it('retries 408 and 429, waiting out Retry-After given in seconds or as an HTTP date', async () => {
		const arrivals: number[] = [];
		const r = await receiver((_req, res, index) => {
			arrivals.push(Date.now());
			if (index === 0) return void res.writeHead(429, { 'retry-after': '1' }).end('slow down');
			// An HTTP date has whole seconds: this one is 0.5 to 1.5 s away.
			if (index === 1) return void res.writeHead(408, { 'retry-after': new Date(Date.now() + 1_500).toUTCString() }).end();
			answerJson(res, {});
		});
		const { events } = queue(r.url);
		events.enqueue('transcript', transcript('throttled'));
		await expect(events.drain(10_000)).resolves.toEqual({ delivered: 1, failed: 0, undelivered: 0 });
		expect(r.requests).toHaveLength(3);
		expect(new Set(r.requests.map((req) => (req.json as SessionEvent).id)).size).toBe(1);
		// The backoff alone would be 20-40 ms here.
		expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(990);
		expect(arrivals[2] - arrivals[1]).toBeGreaterThanOrEqual(490);
	});

	it('caps a long Retry-After at maxRetryAfterMs, within the same attempts, and a drain cuts the wait short', async () => {
		const r = await receiver((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
		const { events } = queue(r.url, { attempts: 3, maxRetryAfterMs: 100 });
		events.enqueue('transcript', transcript('capped'));
		const started = Date.now();
		await expect(events.drain(5_000)).resolves.toEqual({ delivered: 0, failed: 1, undelivered: 0 });
		expect(r.requests).toHaveLength(3);
		expect(Date.now() - started).toBeLessThan(2_000);

		const { events: waiting } = queue(r.url);
		waiting.enqueue('transcript', transcript('told to wait an hour'));
		const drainStarted = Date.now();
		await expect(waiting.drain(300)).resolves.toEqual({ delivered: 0, failed: 0, undelivered: 1 });
		expect(Date.now() - drainStarted).toBeLessThan(1_000);
	});

	it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
		const now = Date.UTC(2026, 0, 1, 12, 0, 0);
		expect(parseRetryAfter('120', now)).toBe(120_000);
		expect(parseRetryAfter(' 0 ', now)).toBe(0);
		expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:05 GMT', now)).toBe(5_000);
		expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
		for (const value of [null, undefined, '', 'soon', '1.5', '-1']) expect(parseRetryAfter(value, now)).toBeUndefined();
	});

	it('sends nothing after session.ended: a late tool.called is dropped with a debug line', async () => {
		const r = await receiver();
		// session.ended filtered out by `types` still closes the queue.
		for (const types of [undefined, ['tool.called' as const]]) {
			const { events, logger } = queue(r.url, { types });
			events.enqueue('session.ended', { reason: 'user_left', startedAt: 'a', endedAt: 'b', durationSeconds: 1, transcript: [], usage: { sttAudioSeconds: 0, llmPromptTokens: 0, llmCompletionTokens: 0, ttsCharacters: 0 }, latency: { turns: [], p50Ms: null, p95Ms: null } });
			events.enqueue('tool.called', { name: 'late', arguments: {}, via: 'webhook', ok: true, durationMs: 4_000 });
			await events.drain(5_000);
			expect(logger.lines).toContainEqual({ level: 'debug', msg: 'session event dropped', fields: { event: 'tool.called', after: 'session.ended' } });
		}
		expect(r.requests.map((req) => (req.json as SessionEvent).type)).toEqual(['session.ended']);
	});

	it('gives an event up after the bounded number of attempts', async () => {
		const r = await receiver((_req, res) => res.writeHead(502).end());
		const { events } = queue(r.url, { attempts: 3 });
		events.enqueue('transcript', transcript('never'));
		await expect(events.drain(5_000)).resolves.toEqual({ delivered: 0, failed: 1, undelivered: 0 });
		expect(r.requests).toHaveLength(3);
	});

	it('sends only the configured types, numbered without gaps', async () => {
		const r = await receiver();
		const { events } = queue(r.url, { types: ['transcript', 'session.ended'] });
		events.enqueue('session.started', { startedAt: 'a', deadline: 'b', agentIdentity: 'c' });
		events.enqueue('transcript', transcript('kept'));
		events.enqueue('tool.called', { name: 'x', arguments: {}, via: 'client', ok: true, durationMs: 1 });
		events.enqueue('transcript', transcript('kept too'));
		await events.drain(5_000);
		expect(r.requests.map((req) => [(req.json as SessionEvent).type, (req.json as SessionEvent).sequence])).toEqual([
			['transcript', 1],
			['transcript', 2],
		]);
	});

	it('drains within maxMs when the receiver never answers, counting what is left', async () => {
		const r = await receiver(() => undefined);
		const { events, logger } = queue(r.url, { attemptTimeoutMs: 5_000 });
		events.enqueue('transcript', transcript('stuck'));
		events.enqueue('transcript', transcript('behind it'));
		const started = Date.now();
		await expect(events.drain(300)).resolves.toEqual({ delivered: 0, failed: 0, undelivered: 2 });
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(logger.lines.filter((line) => line.msg === 'session events drained')).toEqual([
			{ level: 'warn', msg: 'session events drained', fields: expect.objectContaining({ delivered: 0, failed: 0, undelivered: 2 }) },
		]);
		// Stopped, not given up: nothing more is sent, nothing is logged as failed.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(r.requests).toHaveLength(1);
		expect(logger.lines.filter((line) => line.msg === 'session event not delivered')).toEqual([]);
	});

	it('never throws into the caller: an event that cannot be serialized is counted as failed', async () => {
		const r = await receiver();
		const { events } = queue(r.url);
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		expect(() => events.enqueue('tool.called', { name: 'loop', arguments: circular, via: 'webhook', ok: true, durationMs: 3 })).not.toThrow();
		events.enqueue('transcript', transcript('after'));
		await expect(events.drain(5_000)).resolves.toEqual({ delivered: 1, failed: 1, undelivered: 0 });
		// After the drain the queue is closed: later events are dropped quietly.
		expect(() => events.enqueue('transcript', transcript('too late'))).not.toThrow();
		expect(r.requests).toHaveLength(1);
	});
});
