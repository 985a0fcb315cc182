/**
 * Worker-wide settings that are operator decisions rather than per-assistant configuration, read from
 * the environment once per job process. Invalid values fail loudly with the variable name.
 */
export interface WorkerSettings {
	/** Seconds the agent stays after the user left, waiting for a reconnect, before closing the room. */
	idleTimeoutSeconds: number;
	/**
	 * Seconds without speech (neither the user nor the agent speaking or thinking) while the user is in
	 * the room, after which the session ends with reason `idle`; 0 disables it.
	 */
	silenceTimeoutSeconds: number;
	/** Silence after the user's speech before the turn is considered finished. */
	endpointingMs: number;
	/** Start the LLM on the final transcript, before the end-of-turn delay has passed. */
	preemptiveGeneration: boolean;
	/**
	 * The framework's "AEC warm-up" (agents 1.9, 3 s by default for anyone but an outbound SIP call):
	 * while the agent's first speech plays, interruptions are off AND the user's audio is replaced by
	 * silence before it reaches the STT, in case the agent hears itself through a device without echo
	 * cancellation. A user who talked over the start of the greeting lost those seconds of their words
	 * (a 3.6 s question said 0.5 s into the greeting reached the STT as 1.5–1.9 s). Browsers and the
	 * LiveKit SDKs cancel echo themselves, so it is 0 (off) by default; milliseconds.
	 */
	aecWarmupMs: number;
}

export function numberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}; got "${raw}"`);
	return value;
}

function booleanSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
	const raw = env[name]?.toLowerCase();
	if (raw === undefined || raw === '') return fallback;
	if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
	if (['0', 'false', 'no', 'off'].includes(raw)) return false;
	throw new Error(`${name} must be true or false; got "${env[name]}"`);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
	return {
		idleTimeoutSeconds: numberSetting(env, 'N8N_VOICE_IDLE_TIMEOUT_SECONDS', 30, 1, 3600),
		silenceTimeoutSeconds: numberSetting(env, 'N8N_VOICE_SILENCE_TIMEOUT_SECONDS', 300, 0, 86_400),
		endpointingMs: numberSetting(env, 'N8N_VOICE_ENDPOINTING_MS', 500, 0, 5000),
		preemptiveGeneration: booleanSetting(env, 'N8N_VOICE_PREEMPTIVE_GENERATION', true),
		aecWarmupMs: numberSetting(env, 'N8N_VOICE_AEC_WARMUP_MS', 0, 0, 10_000),
	};
}
