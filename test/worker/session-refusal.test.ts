/**
 * The agent's entry when a session with a valid config cannot run: a provider it cannot set up
 * (missing STT key, a tool schema that is not JSON Schema) or a room it cannot join. The session's
 * events still reach n8n (session.error, then session.ended with reason error, signed, before the job
 * shuts down), unless the worker has no signing secret: then nothing is sent, the refusal is only
 * logged and told to the room. A stand-in JobContext plays the LiveKit side; the events go to a real
 * HTTP receiver on 127.0.0.1.
 */
import { EventEmitter } from 'node:events';

import { initializeLogger, type JobContext } from '@livekit/agents';

import { verifySignedRequest } from '../../src/events/signing';
import type { SessionEvent } from '../../src/events/types';
import agent from '../../worker/src/agent';
import { startWebhookReceiver, type WebhookReceiver } from '../doubles/webhook-receiver';

initializeLogger({ pretty: false, level: 'silent' });

const SECRET = 'refusal-signing-secret';
const USER = 'user-9';
const ENV_KEYS = ['N8N_VOICE_WEBHOOK_SECRET', 'DEEPGRAM_API_KEY'] as const;

let receiver: WebhookReceiver;
const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
beforeEach(async () => {
	receiver = await startWebhookReceiver();
	for (const key of ENV_KEYS) {
		savedEnv[key] = process.env[key];
		delete process.env[key];
	}
	process.env.N8N_VOICE_WEBHOOK_SECRET = SECRET;
});
afterEach(async () => {
	for (const key of ENV_KEYS) {
		if (savedEnv[key] === undefined) delete process.env[key];
		else process.env[key] = savedEnv[key];
	}
	await receiver.close();
});

const weather = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

function dispatch(overrides: { stt?: unknown; tools?: unknown[] } = {}) {
	return {
		version: 1,
		createdBy: 'n8n-nodes-realtime-voice',
		participant: { identity: USER, name: 'Ada' },
		config: {
			agent: { instructions: 'Help.', tools: overrides.tools },
			stt: { default: overrides.stt ?? { provider: 'openai-compatible', model: 'whisper-1', baseUrl: 'http://127.0.0.1:9/v1' } },
			tts: { default: { provider: 'espeak', voiceId: 'en-us' } },
			llm: { default: { provider: 'openai-compatible', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' } },
			events: { webhookUrl: receiver.url },
		},
	};
}

/** A JobContext whose user is already in the room; `steps` records what the job did, in order. */
function fakeJob(metadata: unknown, connect: () => Promise<void> = async () => undefined) {
	const steps: string[] = [];
	const shutdownCallbacks: Array<() => Promise<void>> = [];
	const room = Object.assign(new EventEmitter(), {
		remoteParticipants: new Map([[USER, {}]]),
		localParticipant: {
			identity: 'agent-AJ_9',
			publishData: async (data: Uint8Array, options: { topic: string }) => void steps.push(`publishData ${options.topic} ${new TextDecoder().decode(data)}`),
		},
	});
	const ctx = {
		job: { id: 'AJ_9', agentName: '', metadata: JSON.stringify(metadata), room: { name: 'rv-room-9', sid: 'RM_9' } },
		room,
		proc: { userData: {} },
		connect: async () => (steps.push('connect'), connect()),
		addShutdownCallback: (callback: () => Promise<void>) => void shutdownCallbacks.push(callback),
		// What had reached n8n when the job let go.
		shutdown: (reason?: string) => void steps.push(`shutdown ${reason} with ${receiver.requests.length} events delivered`),
	} as unknown as JobContext;
	const runShutdownCallbacks = async () => {
		for (const callback of shutdownCallbacks) await callback();
	};
	return { ctx, steps, runShutdownCallbacks };
}

const events = () => receiver.requests.map((request) => request.json as SessionEvent);

describe('a session refused after its config was found valid', () => {
	it.each<[string, Parameters<typeof dispatch>[0], RegExp]>([
		['an STT key the worker lacks', { stt: { provider: 'deepgram', model: 'nova-3' } }, /^stt\.default\.provider "deepgram" needs DEEPGRAM_API_KEY/],
		['a tool schema that is not JSON Schema', { tools: [{ ...weather, parameters: { type: 'object', properties: { city: { type: 'nonsense' } } } }] }, /^tools\["get_weather"\]\.parameters is not a valid JSON Schema/],
	])('sends session.error provider_setup and session.ended error before the job ends (%s)', async (_label, overrides, reason) => {
		const job = fakeJob(dispatch(overrides));
		await agent.entry(job.ctx);

		expect(events().map((event) => [event.type, event.sequence])).toEqual([
			['session.error', 1],
			['session.ended', 2],
		]);
		expect(events()[0].data).toEqual({ code: 'provider_setup', message: expect.stringMatching(reason), recoverable: false });
		expect(events()[1].data).toMatchObject({ reason: 'error', transcript: [], usage: { sttAudioSeconds: 0, llmPromptTokens: 0, llmCompletionTokens: 0, ttsCharacters: 0 } });
		for (const request of receiver.requests) expect(verifySignedRequest(SECRET, request.headers, request.raw)).toMatchObject({ ok: true });
		expect(job.steps).toEqual(['connect', expect.stringMatching(/^publishData n8n-realtime-voice \{"type":"session_error","reason":"provider_setup"/), 'shutdown provider_setup with 2 events delivered']);

		// The job's shutdown callbacks run after: nothing is sent twice.
		await job.runShutdownCallbacks();
		expect(receiver.requests).toHaveLength(2);
	});

	it('sends nothing without N8N_VOICE_WEBHOOK_SECRET: the refusal is logged and told to the room only', async () => {
		delete process.env.N8N_VOICE_WEBHOOK_SECRET;
		const job = fakeJob(dispatch());
		await agent.entry(job.ctx);
		await job.runShutdownCallbacks();
		expect(receiver.requests).toEqual([]);
		expect(job.steps).toEqual(['connect', expect.stringContaining('events.webhookUrl needs N8N_VOICE_WEBHOOK_SECRET'), 'shutdown provider_setup with 0 events delivered']);
	});

	it('sends session.error connect_failed and session.ended error when the room cannot be joined', async () => {
		const job = fakeJob(dispatch(), async () => {
			throw new Error('engine: signal failure: wss://livekit.example/rtc?access_token=secret-jwt');
		});
		await expect(agent.entry(job.ctx)).rejects.toThrow('signal failure');
		// The framework runs the shutdown callbacks after an entry that threw.
		await job.runShutdownCallbacks();

		expect(events().map((event) => [event.type, event.sequence, event.data])).toEqual([
			['session.error', 1, { code: 'connect_failed', message: 'the agent could not join room rv-room-9', recoverable: false }],
			['session.ended', 2, expect.objectContaining({ reason: 'error' })],
		]);
		expect(receiver.requests.map((request) => request.raw).join()).not.toContain('secret-jwt');
	});
});
