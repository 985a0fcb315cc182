/**
 * `n8n-realtime-voice-worker start`: registers the agent with a LiveKit server under an explicit agent
 * name, so it only takes the sessions the n8n nodes dispatch to it.
 *
 * Environment: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET (or --url/--api-key/--api-secret),
 * N8N_VOICE_AGENT_NAME (default "n8n-realtime-voice", the node credential's default too),
 * N8N_VOICE_HEALTH_HOST / N8N_VOICE_HEALTH_PORT (health server, default 127.0.0.1:8081),
 * N8N_VOICE_IDLE_PROCESSES (prewarmed job processes), N8N_VOICE_LOAD_THRESHOLD (0-1 CPU load above
 * which the worker stops taking new sessions). Provider keys: OPENAI_API_KEY, GROQ_API_KEY,
 * DEEPGRAM_API_KEY, UPLIFTAI_API_KEY, OPENAI_COMPATIBLE_API_KEY.
 */
import { cli, ServerOptions } from '@livekit/agents';

import { DEFAULT_AGENT_NAME } from '../../src/config';
import { readSettings } from './settings';

function numberFromEnv(name: string, fallback: number, { min, max }: { min: number; max: number }): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || value > max) {
		console.error(`${name} must be a number from ${min} to ${max}; got "${raw}"`);
		process.exit(2);
	}
	return value;
}

// Session settings are read again in each job process; a bad value should stop the worker now, once.
try {
	readSettings();
} catch (error) {
	console.error((error as Error).message);
	process.exit(2);
}

// The framework's event-loop watchdog ticks every warn/5 ms in every job process; at its 100 ms default
// that is 50 wake-ups a second per session. 250 ms still reports every stall a caller could hear,
// at 20 wake-ups a second. Job processes inherit the environment.
process.env.LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS ??= '250';

cli.runApp(
	new ServerOptions({
		// The job processes import this module by path; it holds defineAgent({prewarm, entry}).
		agent: require.resolve('./agent'),
		agentName: process.env.N8N_VOICE_AGENT_NAME || DEFAULT_AGENT_NAME,
		// Loopback by default: the health endpoint is for a local supervisor, not the network.
		host: process.env.N8N_VOICE_HEALTH_HOST || '127.0.0.1',
		port: numberFromEnv('N8N_VOICE_HEALTH_PORT', 8081, { min: 0, max: 65_535 }),
		numIdleProcesses: numberFromEnv('N8N_VOICE_IDLE_PROCESSES', 4, { min: 0, max: 64 }),
		loadThreshold: numberFromEnv('N8N_VOICE_LOAD_THRESHOLD', 0.75, { min: 0.05, max: 1 }),
	}),
);
