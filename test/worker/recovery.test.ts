/**
 * Provider faults: the apology said after an error that cost a reply, session.error with whether the
 * session goes on (mirroring the framework's maxUnrecoverableErrors), retried attempts only logged,
 * and no apology loop while the apology itself is being said.
 */
import { EventEmitter } from 'node:events';

import { APIStatusError, voice } from '@livekit/agents';

import type { SessionEventData } from '../../src/events/types';
import { SessionReporter } from '../../worker/src/events/reporter';
import { DEFAULT_ERROR_MESSAGE, MAX_UNRECOVERABLE_ERRORS, recoverFromFaults, SESSION_CONN_OPTIONS } from '../../worker/src/session/recovery';
import { recordingLogger } from './recording-logger';

function fakeSession() {
	const emitter = new EventEmitter();
	const said: Array<{ text: string; handle: { id: string; done: () => boolean; finish: () => void } }> = [];
	const session = Object.assign(emitter, {
		say(text: string) {
			let done = false;
			const handle = { id: `speech_${said.length + 1}`, chatItems: [], done: () => done, finish: () => void (done = true) };
			said.push({ text, handle });
			emitter.emit(voice.AgentSessionEventTypes.SpeechCreated, { speechHandle: handle, source: 'say' });
			return handle;
		},
	});
	const fail = (type: string, recoverable: boolean, message = 'boom', error: Error = new Error(message)) =>
		emitter.emit(voice.AgentSessionEventTypes.Error, { type: 'error', error: { type, recoverable, label: 'openai.LLM', error } });
	const speak = () => emitter.emit(voice.AgentSessionEventTypes.AgentStateChanged, { oldState: 'thinking', newState: 'speaking' });
	return { session: session as unknown as voice.AgentSession, said, fail, speak };
}

function setup(errorMessage?: string) {
	const errors: Array<SessionEventData['session.error']> = [];
	const logger = recordingLogger();
	const reporter = new SessionReporter({ events: { enqueue: () => undefined, drain: async () => ({ delivered: 0, failed: 0, undelivered: 0 }) }, logger });
	reporter.error = (error) => void errors.push(error);
	const fake = fakeSession();
	fake.session.on(voice.AgentSessionEventTypes.SpeechCreated, ({ speechHandle, source }) => reporter.turns.onSpeechCreated(speechHandle, source));
	recoverFromFaults(fake.session, { errorMessage, reporter, logger });
	return { ...fake, errors, logger };
}

describe('recovery from provider faults', () => {
	it('sets the framework limits explicitly: TTS timeout below the read-idle timeout, one fault never closes', () => {
		expect(SESSION_CONN_OPTIONS.maxUnrecoverableErrors).toBe(3);
		expect(SESSION_CONN_OPTIONS.ttsConnOptions.timeoutMs).toBeLessThan(10_000);
	});

	it('apologises for a reply lost to the LLM or the TTS, reports it recoverable, and only logs retried attempts', () => {
		const { said, fail, speak, errors, logger } = setup();
		fail('llm_error', true, 'HTTP 500 (attempt 1)', new APIStatusError({ message: 'HTTP 500 (attempt 1)', options: { statusCode: 500, retryable: true } }));
		expect(errors).toEqual([]);
		expect(logger.lines.map((l) => l.msg)).toEqual(['pipeline error, retried']);
		fail('llm_error', false, 'failed after 4 attempts');
		expect(said.map((s) => s.text)).toEqual([DEFAULT_ERROR_MESSAGE]);
		expect(errors).toEqual([{ code: 'llm_error', message: 'openai.LLM: failed after 4 attempts (not recoverable)', recoverable: true }]);
		said[0].handle.finish();
		speak();
		fail('tts_error', false, 'did not answer within 5 s');
		expect(said).toHaveLength(2);
		expect(errors[1]).toMatchObject({ code: 'tts_error', recoverable: true });
	});

	it("a provider's own recoverable verdict (the webhook LLM's stalled answer): reported, apologised for, not counted", () => {
		const { said, fail, errors } = setup();
		for (let i = 0; i < MAX_UNRECOVERABLE_ERRORS + 2; i++) fail('llm_error', true, "the LLM webhook's answer stalled");
		expect(errors.map((e) => e.recoverable)).toEqual(Array(MAX_UNRECOVERABLE_ERRORS + 2).fill(true));
		expect(said).toHaveLength(1);
	});

	it('says nothing more while its apology is still being said, and counts like the framework', () => {
		const { said, fail, errors } = setup('Pardon?');
		for (let i = 0; i < MAX_UNRECOVERABLE_ERRORS; i++) fail('tts_error', false);
		// The TTS stays down: the apology is not done, so no second one; nobody spoke in between.
		expect(said.map((s) => s.text)).toEqual(['Pardon?']);
		expect(errors.map((e) => e.recoverable)).toEqual([true, true, true]);
		fail('tts_error', false);
		expect(errors.at(-1)).toMatchObject({ recoverable: false });
	});

	it('an STT error closes the session (the framework does so at once); "" says nothing', () => {
		const { said, fail, errors } = setup('');
		fail('stt_error', false);
		fail('llm_error', false);
		expect(errors.map((e) => [e.code, e.recoverable])).toEqual([
			['stt_error', false],
			['llm_error', true],
		]);
		expect(said).toEqual([]);
	});
});
