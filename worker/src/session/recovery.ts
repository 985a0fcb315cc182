/**
 * How a session survives a provider fault: the LLM answers 5xx, its stream is cut mid-reply, the TTS
 * does not answer in time.
 *
 * The framework (agents 1.9) already retries an LLM or TTS request that failed before anything of it
 * was said (`connOptions.*.maxRetry`, each failed attempt an `error` event with `recoverable: true`);
 * when the last attempt fails, or a failure cannot be retried (a stream cut after text was spoken, a
 * TTS timeout), it emits `recoverable: false` and that reply is lost. The session itself closes only
 * when more than `maxUnrecoverableErrors` LLM (or TTS) errors follow each other with no agent speech
 * in between (the count restarts whenever the agent speaks); any other unrecoverable error (STT)
 * closes it at once.
 *
 * On top of that, per error that cost the user their reply and that the session survives:
 * - the worker says `agent.errorMessage` with `session.say` (no LLM needed; "" says nothing), unless
 *   its apology is itself still being said (a TTS that stays down must not loop), and the apology's
 *   own speech makes the agent speak, which restarts the framework's count;
 * - `session.error {code, message, recoverable: true}` is sent; an error that closes the session is
 *   sent with `recoverable: false`. Failed attempts the framework retries are only logged; an error
 *   a provider reports `recoverable` without a retry (the webhook LLM's stalled answer) is sent as
 *   such, apologised for, and not counted.
 */
import { APIError, voice, type APIConnectOptions } from '@livekit/agents';

import type { SessionReporter } from '../events/reporter';
import { describeError, type Logger } from '../sessionHelpers';

export const DEFAULT_ERROR_MESSAGE = "Sorry, I didn't catch that. Could you say it again?";

/** The framework's own limit, set explicitly: consecutive LLM (or TTS) errors the session survives. */
export const MAX_UNRECOVERABLE_ERRORS = 3;

/**
 * TTS: 5 s for the first byte of a sentence (a timeout is not retried: the user has waited already),
 * 5xx and connection errors retried twice, quickly. Stays below the session's 10 s
 * `ttsReadIdleTimeout`, which would otherwise end the reply silently, with no error to act on.
 */
export const TTS_CONN_OPTIONS: APIConnectOptions = { maxRetry: 2, retryIntervalMs: 1_000, timeoutMs: 5_000 };

export const SESSION_CONN_OPTIONS = { ttsConnOptions: TTS_CONN_OPTIONS, maxUnrecoverableErrors: MAX_UNRECOVERABLE_ERRORS };

type PipelineError = { type?: string; recoverable?: boolean; error?: unknown };

/** A failed attempt the framework retries (its retry loop reports it `recoverable` before retrying). */
const isRetriedAttempt = (fault: PipelineError) => Boolean(fault.recoverable) && fault.error instanceof APIError && fault.error.retryable;

export function recoverFromFaults(session: voice.AgentSession, options: { errorMessage?: string; reporter: SessionReporter; logger: Logger }): void {
	const { reporter, logger } = options;
	const errorMessage = options.errorMessage ?? DEFAULT_ERROR_MESSAGE;
	const counts = { llm_error: 0, tts_error: 0 };
	let apology: voice.SpeechHandle | undefined;

	// Whether the session goes on after this unrecoverable error (what AgentSession._onError decides).
	const survives = (error: PipelineError) => {
		if (error.type !== 'llm_error' && error.type !== 'tts_error') return false;
		return ++counts[error.type] <= MAX_UNRECOVERABLE_ERRORS;
	};

	session.on(voice.AgentSessionEventTypes.AgentStateChanged, (event) => {
		if (event.newState === 'speaking') counts.llm_error = counts.tts_error = 0;
	});

	session.on(voice.AgentSessionEventTypes.Error, ({ error }) => {
		const fault = error as PipelineError;
		const message = describeError(error);
		if (isRetriedAttempt(fault)) return void logger.warn({ error: message }, 'pipeline error, retried');
		// `recoverable` and final: a provider's own verdict (the webhook LLM's stalled answer), not counted.
		const goesOn = Boolean(fault.recoverable) || survives(fault);
		logger.warn({ error: message, sessionGoesOn: goesOn }, 'pipeline error');
		reporter.error({ code: fault.type ?? 'error', message, recoverable: goesOn });
		const lostReply = fault.type === 'llm_error' || fault.type === 'tts_error';
		if (!goesOn || !lostReply || !errorMessage || (apology && !apology.done())) return;
		try {
			apology = session.say(errorMessage, { allowInterruptions: true });
			reporter.turns.markSaid(apology.id, 'apology');
		} catch (sayError) {
			logger.warn({ error: (sayError as Error).message }, 'could not say the apology');
		}
	});
}
