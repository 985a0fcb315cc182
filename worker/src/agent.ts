/**
 * The voice agent the n8n nodes launch. Each dispatch carries the assistant configuration written by
 * the Realtime Voice node; it is parsed with the same zod schema the node validated it with, then the
 * pipeline (VAD → STT → LLM → TTS), the tools and the session's events are built from it
 * (`session/setup.ts`). The session's end (TTL, user left, silence, room deleted, error) is sent as
 * `session.ended` and the events are drained before the job process lets go.
 *
 * The events are set up before anything that can fail after the config was found valid: a session
 * refused at provider setup sends `session.error {code: "provider_setup", recoverable: false}` and
 * `session.ended {reason: "error"}`; one that cannot join the room sends `session.error {code:
 * "connect_failed"}` and `session.ended {reason: "error"}` (the shutdown callback is registered before
 * `connect`). An invalid config has no events to send to: it is refused in the log and the room only.
 */
import { defineAgent, inference, log, voice, type JobContext, type JobProcess } from '@livekit/agents';

import { parseDispatchMetadata } from '../../src/config';
import { enforceLifetime, type Lifetime } from './lifecycle';
import { buildTts } from './providers/registry';
import { registerClientRpc } from './rpc';
import { observeSession } from './session/observe';
import { recoverFromFaults, TTS_CONN_OPTIONS } from './session/recovery';
import { createAgentSession, prepareSession, sessionReporting, type SessionParts } from './session/setup';
import { readSettings } from './settings';
import { EarlyGreeting } from './session/earlyGreeting';
import { endWithError, greet, greets, participantHint, whenParticipantJoins } from './sessionHelpers';

export default defineAgent({
	// Runs once per job process before any job: the VAD is loaded ahead of the call, not during it.
	prewarm: async (proc: JobProcess) => {
		const vad = new inference.VAD({ model: 'silero' });
		// Opening a stream loads the native inference module and model now, not at the first session.
		await vad.stream().close();
		// Node loads its fetch (undici, web streams) on the first call: ~150 ms of CPU that would otherwise
		// land on the first TTS request of every session, between the agent joining and its greeting.
		await (await fetch('data:,')).arrayBuffer();
		proc.userData.vad = vad;
		log().info({ pid: proc.pid }, 'job process prewarmed');
	},

	entry: async (ctx: JobContext) => {
		const logger = log().child({ room: ctx.job.room?.name, job: ctx.job.id });
		const dispatch = parseDispatchMetadata(ctx.job.metadata);
		if (!dispatch.ok) return endWithError(ctx, logger, 'invalid_config', dispatch.errors, participantHint(ctx.job.metadata));
		const { config, participant: user } = dispatch.value;

		// The events first: from here on, whatever ends the session, n8n hears of it.
		const reporting = sessionReporting(ctx, dispatch.value, process.env, logger);
		const { reporter } = reporting;
		let lifetime: Lifetime | undefined;
		// Runs after the job was told to shut down and before its process exits (also after a crash or a
		// failed connect): session.ended, then the bounded drain. Later calls of finish() are no-ops.
		ctx.addShutdownCallback(async () => void (await reporter.finish(lifetime?.settle() ?? 'error')));

		const settings = readSettings();
		let parts: SessionParts;
		try {
			parts = prepareSession(ctx, dispatch.value, process.env, logger, reporting);
		} catch (error) {
			const message = (error as Error).message;
			reporter.error({ code: 'provider_setup', message, recoverable: false });
			// session.error then session.ended, drained while the room is told why; the job ends after both.
			return endWithError(ctx, logger, 'provider_setup', [message], user.identity, reporter.finish('error'));
		}
		const { stt, llm, tts, tools } = parts;
		const agent = new voice.Agent({ instructions: config.agent.instructions, tools: tools.entries() });
		// A tool the device no longer serves is dropped, so the LLM stops offering it.
		tools.onChange = () => void agent.updateTools(tools.entries());

		try {
			await ctx.connect();
		} catch (error) {
			// The error's text stays in the worker's log, out of the event: n8n needs no LiveKit URL details.
			logger.error({ error: (error as Error).message }, 'could not join the room');
			reporter.error({ code: 'connect_failed', message: `the agent could not join room ${ctx.job.room?.name ?? ''}`.trim(), recoverable: false });
			throw error;
		}
		// The greeting's audio is made while the session starts (session/earlyGreeting.ts); not before
		// joining, where a local TTS's CPU would slow the join itself.
		const earlyGreeting = config.agent.greetingMessage && greets(config.agent) ? new EarlyGreeting(buildTts(config.tts.default, process.env), config.agent.greetingMessage, TTS_CONN_OPTIONS, reporter.turns, logger) : undefined;
		// First thing after joining: UpliftAI's client sends update_tools as soon as it sees the agent.
		registerClientRpc(ctx.room.localParticipant!, { tools, agent, logger, userIdentity: user.identity });
		const session = createAgentSession(ctx, dispatch.value, settings, { stt, llm, tts });

		lifetime = enforceLifetime(ctx, {
			ttlSeconds: config.session?.ttl,
			idleTimeoutSeconds: settings.idleTimeoutSeconds,
			silenceTimeoutSeconds: settings.silenceTimeoutSeconds,
			userIdentity: user.identity,
			onEnd: (reason) => logger.info({ reason, totals: reporter.turns.totals }, 'session ending'),
		});
		observeSession(ctx, session, { lifetime, reporter, logger });
		recoverFromFaults(session, { errorMessage: config.agent.errorMessage, reporter, logger });

		// The user's disconnect is handled by the idle timeout, so a page reload does not end the call.
		await session.start({ agent, room: ctx.room, inputOptions: { participantIdentity: user.identity, closeOnDisconnect: false } });
		reporter.started(lifetime.deadline, ctx.room.localParticipant!.identity);
		logger.info({ user: user.identity, tools: tools.names, deadline: new Date(lifetime.deadline).toISOString() }, 'session started');
		// "Speaks first when the user joins": a greeting said to an empty room would be lost. Not awaited,
		// so a session whose user never comes ends cleanly at its TTL.
		const cancelGreeting = whenParticipantJoins(ctx.room, user.identity, () => greet(session, config.agent, earlyGreeting));
		session.on(voice.AgentSessionEventTypes.Close, () => (cancelGreeting(), earlyGreeting?.close()));
	},
});
