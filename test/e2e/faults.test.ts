/**
 * What a session survives, end to end on a real livekit-server with the bundled worker: a user who
 * talks over the greeting is heard in full; an LLM stream cut mid-reply, an LLM that answers 500 and
 * a TTS that does not answer in time each cost one reply, which the agent replaces with its apology
 * (`agent.errorMessage`), and the conversation goes on, with a `session.error {recoverable: true}`
 * event each; a user who drops out and rejoins within the idle timeout finds the same agent and the
 * same conversation.
 *
 * LLM, STT and TTS are `openai-compatible`, pointing at the scripted double (test/doubles/
 * scripted-openai.ts), which injects the faults and records how much audio each transcription
 * request carried. Sessions are dispatched directly (room with `departureTimeout`, then dispatch with
 * the node's metadata), as the Realtime Voice node does.
 */
import { randomBytes } from 'node:crypto';

import { dispose } from '@livekit/rtc-node';
import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

import { startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import { MIC_SAMPLE_RATE, synthesizeSpeech, TestCaller } from '../../scripts/local-stack/caller';
import { pollUntil } from '../../scripts/local-stack/poll';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import type { SessionEvent } from '../../src/events';
import { messageText, startScriptedOpenAi, type ChatRequest, type ScriptedOpenAi } from '../doubles/scripted-openai';
import { startWebhookReceiver, type WebhookReceiver } from '../doubles/webhook-receiver';
import { waitForAgent } from '../harness/agent-join';

jest.setTimeout(300_000);

const AGENT_NAME = 'n8n-realtime-voice-faults-e2e';
const SECRET = randomBytes(32).toString('base64url');
const IDLE_TIMEOUT_SECONDS = 20;
// One sentence: the TTS is asked per sentence.
const APOLOGY = 'Sorry, the line dropped, please say that again.';
const GREETING = 'Hello and welcome to the fault tolerant help desk. I can answer questions about anything you like, so go ahead and ask.';

/** The double's model: it answers each question by repeating it. */
function script(request: ChatRequest) {
	const userText = messageText([...request.messages].reverse().find((m) => m.role === 'user'));
	return { content: userText ? `You asked: ${userText.replace(/[?.!]+$/, '')}.` : 'Hello.' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('faults a voice session survives, on a real LiveKit server', () => {
	let server: LiveKitServer;
	let providers: ScriptedOpenAi;
	let receiver: WebhookReceiver;
	let worker: WorkerProcess;
	const callers: TestCaller[] = [];

	beforeAll(async () => {
		server = await startLiveKitServer();
		providers = await startScriptedOpenAi({ chat: script });
		receiver = await startWebhookReceiver();
		worker = await startWorker({
			url: server.url,
			apiKey: server.apiKey,
			apiSecret: server.apiSecret,
			agentName: AGENT_NAME,
			// No preemptive generation: a fault injected for "the next chat request" must hit the reply the
			// user hears, not a preemptive request the framework throws away when the transcript changes.
			env: { N8N_VOICE_IDLE_PROCESSES: '1', N8N_VOICE_IDLE_TIMEOUT_SECONDS: String(IDLE_TIMEOUT_SECONDS), N8N_VOICE_WEBHOOK_SECRET: SECRET, N8N_VOICE_PREEMPTIVE_GENERATION: 'false' },
		});
	});

	afterAll(async () => {
		for (const caller of callers) await caller.leave();
		await worker?.stop();
		await receiver?.close();
		await providers?.close();
		await server?.stop();
		await dispose();
	});

	const http = () => server.url.replace(/^ws/, 'http');
	const provider = () => ({ provider: 'openai-compatible', model: 'scripted', baseUrl: providers.baseUrl });
	const tokenFor = async (room: string, identity: string) => {
		const token = new AccessToken(server.apiKey, server.apiSecret, { identity, name: identity });
		token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
		return token.toJwt();
	};
	const chats = () => providers.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as ChatRequest);
	const spoken = () => providers.requests.filter((r) => r.path.endsWith('/audio/speech') && 'input' in r.body).map((r) => String((r.body as { input: string }).input));
	const events = (room: string) => receiver.requests.map((r) => r.json as SessionEvent).filter((e) => e?.session?.roomName === room);

	/** Creates the room (departureTimeout ≥ the idle timeout), dispatches the agent, joins as the user. */
	async function startSession(room: string, identity: string) {
		await new RoomServiceClient(http(), server.apiKey, server.apiSecret).createRoom({ name: room, emptyTimeout: 60, departureTimeout: IDLE_TIMEOUT_SECONDS + 10 });
		const config = {
			agent: { instructions: 'You are a help desk.', greetingMessage: GREETING, errorMessage: APOLOGY },
			stt: { default: { ...provider(), model: 'whisper-1', language: 'en' } },
			llm: { default: provider() },
			tts: { default: { ...provider(), model: 'tts-1', voiceId: 'alloy' } },
			session: { ttl: 240 },
			events: { webhookUrl: receiver.url },
		};
		const metadata = JSON.stringify({ version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity, name: identity }, config });
		await new AgentDispatchClient(http(), server.apiKey, server.apiSecret).createDispatch(room, AGENT_NAME, { metadata });
		const caller = await TestCaller.join(server.url, await tokenFor(room, identity));
		callers.push(caller);
		await waitForAgent(caller, server, room, AGENT_NAME);
		return caller;
	}

	/**
	 * The agent's next utterance; on a timeout the error says what the caller heard, what the double was
	 * asked to speak, and the worker's warnings, errors and the session's last log lines.
	 */
	const nextUtterance = async (caller: TestCaller, after: number, timeoutMs = 45_000) => {
		try {
			return await caller.nextUtterance(after, timeoutMs);
		} catch (error) {
			const problems = worker.logs.filter((line) => Number(line.level) >= 40).map((line) => JSON.stringify(line).slice(0, 400));
			const room = caller.room.name;
			const sessionLines = worker.logs.filter((line) => line.room === room).slice(-15).map((line) => `${line.msg} ${JSON.stringify(line).slice(0, 200)}`);
			throw new Error(
				`${(error as Error).message}; heard ${JSON.stringify(caller.utterances)} (agent ${JSON.stringify(caller.agent)}); asked to speak ${JSON.stringify(spoken().slice(-3))}; ` +
					`the worker's warnings and errors:\n${problems.join('\n') || '(none)'}\nthe session's last log lines:\n${sessionLines.join('\n')}`,
			);
		}
	};

	/** Asks a question and waits until the double was asked (once more) to speak `expected`. */
	async function ask(caller: TestCaller, question: string, expected: string) {
		const count = () => spoken().filter((text) => text === expected).length;
		const before = count();
		providers.queueTranscripts(question);
		const saidAt = await caller.say(synthesizeSpeech(question));
		await pollUntil(() => count() > before, 60_000, `the agent to say "${expected}"`).catch((error: Error) => {
			const problems = worker.logs.filter((line) => Number(line.level) >= 40).map((line) => JSON.stringify(line).slice(0, 600));
			throw new Error(`${error.message}; it said: ${JSON.stringify(spoken().slice(-3))}; the worker's warnings and errors:\n${problems.join('\n') || '(none)'}`);
		});
		// Let it finish speaking (1 s of quiet) before the next question, so no question interrupts an answer.
		await nextUtterance(caller, saidAt);
		await pollUntil(() => {
			const last = caller.utterances.at(-1)!;
			return last.endedAt !== undefined && Date.now() - last.endedAt > 1_000;
		}, 60_000, 'the answer to end');
	}

	it('hears in full a user who talks over the greeting', async () => {
		const caller = await startSession('faults-barge-in', 'barge-in-user');
		const question = 'Could you tell me when my parcel with the winter boots will arrive?';
		const pcm = synthesizeSpeech(question);
		const questionSeconds = pcm.length / MIC_SAMPLE_RATE;
		expect(questionSeconds).toBeGreaterThan(3);
		expect(questionSeconds).toBeLessThan(4.5);

		// The greeting (6 s of the double's tone) starts; the user starts talking 0.5 s into it.
		await caller.waitFor(() => caller.firstAgentAudioAt !== undefined, 45_000, 'the greeting');
		await sleep(Math.max(0, caller.firstAgentAudioAt! + 500 - Date.now()));
		const before = providers.transcriptions().length;
		providers.queueTranscripts(question);
		await caller.say(pcm);
		await pollUntil(() => spoken().some((text) => text.startsWith('You asked: Could you tell me')), 60_000, 'the answer to the question');

		const heard = providers.transcriptions().slice(before);
		process.stdout.write(`\n[test] question ${questionSeconds.toFixed(2)} s; transcription requests: ${heard.map((t) => `${t.seconds.toFixed(2)} s "${t.text}"`).join(', ')}\n`);
		// Everything the user said reached the STT (segments of one question may be split by the VAD).
		const seconds = heard.reduce((sum, t) => sum + t.seconds, 0);
		expect(seconds).toBeGreaterThanOrEqual(0.9 * questionSeconds);
		// The greeting was cut short, and the transcript says so.
		await pollUntil(() => events('faults-barge-in').some((e) => e.type === 'transcript' && (e.data as { role: string }).role === 'assistant'), 30_000, 'the greeting transcript event');
		const greeting = events('faults-barge-in').find((e) => e.type === 'transcript' && (e.data as { role: string }).role === 'assistant')!;
		expect(greeting.data).toMatchObject({ interrupted: true });
		// Turn metrics by speech: the reply is a reply, never a negative latency.
		const turns = () => worker.logs.filter((l) => l.msg === 'turn metrics' && l.room === 'faults-barge-in').map((l) => l.turnMetrics as Record<string, unknown>);
		await pollUntil(() => turns().some((t) => t.kind === 'reply'), 30_000, 'the reply turn metrics');
		expect(turns().find((t) => t.kind === 'greeting')).toMatchObject({ interrupted: true, llmCalls: 0 });
		for (const turn of turns()) if (turn.turnToFirstAudioMs !== undefined) expect(turn.turnToFirstAudioMs).toBeGreaterThanOrEqual(0);
		await caller.leave();
	});

	it('an LLM cut mid-reply, an LLM 500 and a TTS that does not answer: an apology each, and the conversation goes on', async () => {
		const room = 'faults-providers';
		const caller = await startSession(room, 'faults-user');
		await nextUtterance(caller, 0);
		// No interruption of the greeting here: the questions come after it.
		await pollUntil(() => caller.utterances[0]?.endedAt !== undefined, 45_000, 'the end of the greeting');

		providers.fail('chat', 'cut');
		await ask(caller, 'What is the capital of France?', APOLOGY);
		await ask(caller, 'What is the capital of Spain?', 'You asked: What is the capital of Spain.');

		// Every attempt fails: the first and the framework's three retries.
		providers.fail('chat', 'status-500', 4);
		await ask(caller, 'What is the capital of Italy?', APOLOGY);
		await ask(caller, 'What is the capital of Greece?', 'You asked: What is the capital of Greece.');

		providers.fail('speech', 'hang');
		await ask(caller, 'What is the capital of Norway?', APOLOGY);
		await ask(caller, 'What is the capital of Sweden?', 'You asked: What is the capital of Sweden.');
		expect(providers.faults.map((f) => f.fault)).toEqual(['cut', 'status-500', 'status-500', 'status-500', 'status-500', 'hang']);

		// The session is alive and n8n heard of each fault as recoverable.
		await pollUntil(() => events(room).filter((e) => e.type === 'session.error').length >= 3, 30_000, 'three session.error events');
		const errors = events(room).filter((e): e is SessionEvent<'session.error'> => e.type === 'session.error').map((e) => e.data);
		expect(errors.map((e) => [e.code, e.recoverable])).toEqual([
			['llm_error', true],
			['llm_error', true],
			['tts_error', true],
		]);
		expect(errors[2].message).toContain('did not answer within 5 s');
		expect(events(room).some((e) => e.type === 'session.ended')).toBe(false);
		// The apologies are in the conversation, so the model knows what the user heard.
		const lastChat = chats().at(-1)!;
		expect(lastChat.messages.filter((m) => m.role === 'assistant').map(messageText)).toContain(APOLOGY);
		const apologies = worker.logs.filter((l) => l.msg === 'turn metrics' && l.room === room && (l.turnMetrics as { said?: string }).said === 'apology');
		expect(apologies).toHaveLength(3);
		await caller.leave();
	});

	it('a user who drops out and rejoins within the idle timeout finds the same agent and conversation', async () => {
		const room = 'faults-rejoin';
		const identity = 'rejoin-user';
		const first = await startSession(room, identity);
		await nextUtterance(first, 0);
		await pollUntil(() => first.utterances[0]?.endedAt !== undefined, 45_000, 'the end of the greeting');
		await ask(first, 'My name is Ada and my order is B-42.', 'You asked: My name is Ada and my order is B-42.');
		const agentIdentity = first.agent!.identity;
		await first.leave();

		// Gone longer than LiveKit's default departure timeout (20 s) would allow… but within ours.
		await sleep(5_000);
		const second = await TestCaller.join(server.url, await tokenFor(room, identity));
		callers.push(second);
		await second.waitFor(() => second.agent !== undefined, 30_000, 'the agent, still in the room');
		expect(second.agent!.identity).toBe(agentIdentity);

		const before = chats().length;
		await ask(second, 'What was my order number?', 'You asked: What was my order number.');
		const request = chats().slice(before).find((c) => messageText(c.messages.at(-1)) === 'What was my order number?')!;
		const history = request.messages.map((m) => `${m.role}: ${messageText(m)}`);
		expect(history).toEqual(expect.arrayContaining([`user: My name is Ada and my order is B-42.`, `assistant: You asked: My name is Ada and my order is B-42.`, `assistant: ${GREETING}`]));
		expect(events(room).filter((e) => e.type === 'session.started')).toHaveLength(1);
		expect(events(room).some((e) => e.type === 'session.ended')).toBe(false);
		await second.leave();
	});
});
