/**
 * The voice agent the n8n nodes launch. Each dispatch carries the assistant configuration written by
 * the Realtime Voice node; it is parsed with the same zod schema the node validated it with, then the
 * pipeline (VAD → STT → LLM → TTS), the tools and the session's events are built from it
 * (`session/setup.ts`). The session's end (TTL, user left, silence, room deleted, error) is sent as
 * `session.ended` and the events are drained before the job process lets go.
 */
import { defineAgent, inference, log, voice, type JobContext, type JobProcess } from '@livekit/agents';

import { parseDispatchMetadata } from '../../src/config';
import { enforceLifetime } from './lifecycle';
import { registerClientRpc } from './rpc';
import { observeSession } from './session/observe';
import { prepareSession, type SessionParts } from './session/setup';
import { readSettings } from './settings';
import { endWithError, greet, participantHint, whenParticipantJoins } from './sessionHelpers';

export default defineAgent({
	// Runs once per job process before any job: the VAD is loaded ahead of the call, not during it.
	prewarm: async (proc: JobProcess) => {
		const vad = new inference.VAD({ model: 'silero' });
		// Opening a stream loads the native inference module and model now, not at the first session.
		await vad.stream().close();
		proc.userData.vad = vad;
		log().info({ pid: proc.pid }, 'job process prewarmed');
	},

	entry: async (ctx: JobContext) => {
		const logger = log().child({ room: ctx.job.room?.name, job: ctx.job.id });
		const dispatch = parseDispatchMetadata(ctx.job.metadata);
		if (!dispatch.ok) return endWithError(ctx, logger, 'invalid_config', dispatch.errors, participantHint(ctx.job.metadata));
		const { config, participant: user } = dispatch.value;

		const settings = readSettings();
		let parts: SessionParts;
		try {
			parts = prepareSession(ctx, dispatch.value, process.env, logger);
		} catch (error) {
			return endWithError(ctx, logger, 'provider_setup', [(error as Error).message], user.identity);
		}
		const { stt, llm, tts, tools, reporter } = parts;
		const agent = new voice.Agent({ instructions: config.agent.instructions, tools: tools.entries() });
		// A tool the device no longer serves is dropped, so the LLM stops offering it.
		tools.onChange = () => void agent.updateTools(tools.entries());

		await ctx.connect();
		// First thing after joining: UpliftAI's client sends update_tools as soon as it sees the agent.
		registerClientRpc(ctx.room.localParticipant!, { tools, agent, logger, userIdentity: user.identity });
		const session = new voice.AgentSession({
			vad: ctx.proc.userData.vad as inference.VAD,
			stt,
			llm,
			tts,
			turnHandling: {
				// VAD endpointing: deterministic and fully offline, whatever STT is configured.
				turnDetection: 'vad',
				endpointing: { minDelay: settings.endpointingMs },
				interruption: { enabled: config.agent.allowInterruptions ?? true },
				preemptiveGeneration: { enabled: settings.preemptiveGeneration },
			},
		});

		const lifetime = enforceLifetime(ctx, {
			ttlSeconds: config.session?.ttl,
			idleTimeoutSeconds: settings.idleTimeoutSeconds,
			silenceTimeoutSeconds: settings.silenceTimeoutSeconds,
			userIdentity: user.identity,
			onEnd: (reason) => logger.info({ reason, totals: reporter.turns.totals }, 'session ending'),
		});
		observeSession(ctx, session, { lifetime, reporter, logger });
		// Runs after the session closed and before the job process exits: session.ended, then the drain.
		ctx.addShutdownCallback(async () => void (await reporter.finish(lifetime.settle())));

		// The user's disconnect is handled by the idle timeout, so a page reload does not end the call.
		await session.start({ agent, room: ctx.room, inputOptions: { participantIdentity: user.identity, closeOnDisconnect: false } });
		reporter.started(lifetime.deadline, ctx.room.localParticipant!.identity);
		logger.info({ user: user.identity, tools: tools.names, deadline: new Date(lifetime.deadline).toISOString() }, 'session started');
		// "Speaks first when the user joins": a greeting said to an empty room would be lost. Not awaited,
		// so a session whose user never comes ends cleanly at its TTL.
		const cancelGreeting = whenParticipantJoins(ctx.room, user.identity, () => greet(session, config.agent));
		session.on(voice.AgentSessionEventTypes.Close, cancelGreeting);
	},
});
