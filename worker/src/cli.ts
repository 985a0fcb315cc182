/**
 * `n8n-realtime-voice-worker start`: registers the agent with a LiveKit server under an explicit agent
 * name, so it only takes the sessions the n8n nodes dispatch to it.
 *
 * Environment: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET (or --url/--api-key/--api-secret),
 * N8N_VOICE_AGENT_NAME (default "n8n-realtime-voice", the node credential's default too),
 * N8N_VOICE_HEALTH_HOST / N8N_VOICE_HEALTH_PORT (health server, default 127.0.0.1:8081),
 * N8N_VOICE_IDLE_PROCESSES (prewarmed job processes). Capacity (capacity.ts): N8N_VOICE_MAX_SESSIONS,
 * N8N_VOICE_CPU_GUARD (formerly N8N_VOICE_LOAD_THRESHOLD), N8N_VOICE_SERVER_TARGET_LOAD,
 * N8N_VOICE_DRAIN_TIMEOUT_SECONDS (how long SIGTERM waits for running sessions). Per session: N8N_VOICE_IDLE_TIMEOUT_SECONDS,
 * N8N_VOICE_SILENCE_TIMEOUT_SECONDS, N8N_VOICE_ENDPOINTING_MS, N8N_VOICE_PREEMPTIVE_GENERATION
 * (settings.ts). Provider keys: OPENAI_API_KEY, GROQ_API_KEY, DEEPGRAM_API_KEY, UPLIFTAI_API_KEY,
 * OPENAI_COMPATIBLE_API_KEY. N8N_VOICE_WEBHOOK_SECRET signs what the worker sends to n8n (events,
 * webhook tools, the webhook LLM).
 */
import { cli, ServerOptions } from '@livekit/agents';

import { DEFAULT_AGENT_NAME } from '../../src/config';
import { createCapacity, readCapacitySettings, type CapacitySettings } from './capacity';
import { createLostJobWatch, roomServiceOf } from './lostJobs';
import { numberSetting, readSettings } from './settings';

/**
 * A job process asked to shut down (the drain ran out) ends its session and delivers its last events
 * (at most 10 s, agent.ts) before it must have exited.
 */
const JOB_SHUTDOWN_GRACE_MS = 20_000;

// Every setting is checked here, at start-up: a bad value stops the worker now, once, with its name
// (job processes read the session settings again from the same environment).
let server: { port: number; numIdleProcesses: number };
let capacity: CapacitySettings;
try {
	readSettings();
	capacity = readCapacitySettings();
	server = {
		port: numberSetting(process.env, 'N8N_VOICE_HEALTH_PORT', 8081, 0, 65_535),
		// At least 1: agents 1.9.0 never forgets a job it ran in a process started on demand (without a
		// prewarmed one), so with 0 the worker would count every session it ever ran as running.
		numIdleProcesses: numberSetting(process.env, 'N8N_VOICE_IDLE_PROCESSES', 4, 1, 64),
	};
} catch (error) {
	console.error((error as Error).message);
	process.exit(2);
}

// The framework's event-loop watchdog ticks every warn/5 ms in every job process; at its 100 ms default
// that is 50 wake-ups a second per session. 250 ms still reports every stall a caller could hear,
// at 20 wake-ups a second. Job processes inherit the environment.
process.env.LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS ??= '250';

const { loadFunc, requestFunc, loadThreshold } = createCapacity(capacity);

// A job process that dies under a session leaves its caller alone in the room: close that room (lostJobs.ts).
const lostJobs = createLostJobWatch(() => roomServiceOf(options));

// The framework fills in the URL and keys (flags, then LIVEKIT_* variables) on this object.
const options: ServerOptions = new ServerOptions({
	// The job processes import this module by path; it holds defineAgent({prewarm, entry}).
	agent: require.resolve('./agent'),
	agentName: process.env.N8N_VOICE_AGENT_NAME || DEFAULT_AGENT_NAME,
	// Loopback by default: the health endpoint is for a local supervisor, not the network.
	host: process.env.N8N_VOICE_HEALTH_HOST || '127.0.0.1',
	...server,
	// Load = sessions ÷ N8N_VOICE_MAX_SESSIONS (a full worker reports the server's target load), CPU
	// only as a guard; a job over the maximum is rejected (capacity.ts).
	loadFunc: async (worker) => {
		lostJobs.observe(worker.activeJobs);
		return loadFunc(worker);
	},
	requestFunc,
	loadThreshold,
	// SIGTERM: no new jobs at once, running sessions get this long to end, then they are asked to
	// shut down (0 would mean "wait forever" to the framework, so 0 s is 1 ms).
	drainTimeout: Math.max(1, capacity.drainTimeoutSeconds * 1000),
	shutdownProcessTimeout: JOB_SHUTDOWN_GRACE_MS,
});

cli.runApp(options);
