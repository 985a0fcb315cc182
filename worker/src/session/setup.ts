/**
 * Everything a session needs before it joins the room, built from the validated dispatch in two
 * steps, so that a session refused at setup can still say so in its events:
 *
 * 1. `sessionReporting`: the session reference, the event queue and the reporter. Never throws. The
 *    queue exists when `events.webhookUrl` is set and the worker has `N8N_VOICE_WEBHOOK_SECRET`;
 *    without the secret nothing is ever sent (that config is refused in step 2, in the log only).
 * 2. `prepareSession`: the STT/LLM/TTS plugins and the tool registry. Throws (a `ProviderSetupError`
 *    naming the config field or environment variable, or a tool whose schema is broken) when the
 *    session cannot run; the entry then reports `session.error {code: "provider_setup"}` and
 *    `session.ended {reason: "error"}` and refuses it with `endWithError(…, 'provider_setup', …)`.
 */
import { voice, type inference, type JobContext, type llm, type stt, type tts } from '@livekit/agents';

import type { DispatchMetadata } from '../../../src/config';
import { WEBHOOK_SECRET_ENV } from '../../../src/events/signing';
import { EventQueue, NO_EVENTS } from '../events/queue';
import { SessionReporter } from '../events/reporter';
import { buildLlm, buildStt, buildTts } from '../providers/registry';
import type { Env } from '../providers/types';
import type { Logger } from '../sessionHelpers';
import type { WorkerSettings } from '../settings';
import { ToolRegistry } from '../tools/registry';
import { sessionScope, webhookSecretFor, type SessionScope } from '../webhooks/session';
import { SESSION_CONN_OPTIONS } from './recovery';

export interface SessionReporting {
	scope: SessionScope;
	reporter: SessionReporter;
}

export interface SessionParts extends SessionReporting {
	stt: stt.STT;
	llm: llm.LLM;
	tts: tts.TTS;
	tools: ToolRegistry;
}

/** Step 1: where the session's events go. Built first, before anything that can refuse the session. */
export function sessionReporting(ctx: JobContext, dispatch: DispatchMetadata, env: Env, logger: Logger): SessionReporting {
	const { config, participant } = dispatch;
	const scope = sessionScope(ctx, participant, config, env);
	const secret = env[WEBHOOK_SECRET_ENV];
	const url = config.events?.webhookUrl;
	// Unsigned events are never sent: without the secret the session is refused, and only logged.
	const events = url && secret ? new EventQueue({ url, types: config.events?.types, secret, scope, logger }) : NO_EVENTS;
	return { scope, reporter: new SessionReporter({ events, logger }) };
}

/** Step 2: the pipeline and the tools; throws when the session cannot run (see the module comment). */
export function prepareSession(ctx: JobContext, dispatch: DispatchMetadata, env: Env, logger: Logger, reporting = sessionReporting(ctx, dispatch, env, logger)): SessionParts {
	const { config, participant } = dispatch;
	const { scope, reporter } = reporting;
	const secret = webhookSecretFor(config, env);
	const tools = new ToolRegistry({
		participant: () => ctx.room.localParticipant!,
		userIdentity: participant.identity,
		tools: config.agent.tools ?? [],
		webhook: secret ? { secret, scope } : undefined,
		report: (call) => reporter.toolCalled(call),
		logger,
		onMcpUnavailable: (message) => reporter.error({ code: 'mcp_unavailable', message, recoverable: true }),
	});
	if (config.llm.default.provider === 'webhook' && config.agent.tools?.length) {
		logger.warn('agent.tools are not offered to a webhook LLM: the workflow behind llm.default.url answers with its own tools');
	}
	return {
		scope,
		reporter,
		stt: buildStt(config.stt.default, env),
		llm: buildLlm(config.llm.default, env, { scope }),
		tts: buildTts(config.tts.default, env),
		tools,
	};
}


/**
 * Step 3, once in the room: the agent session. VAD endpointing (deterministic and fully offline,
 * whatever STT is configured); the provider retry limits of session/recovery.ts; the AEC warm-up of
 * the settings (off by default, settings.ts).
 */
export function createAgentSession(ctx: JobContext, dispatch: DispatchMetadata, settings: WorkerSettings, parts: Pick<SessionParts, 'stt' | 'llm' | 'tts'>): voice.AgentSession {
	const { agent } = dispatch.config;
	return new voice.AgentSession({
		// Set explicitly (even 0), so the framework does not put its 3 s back when the user is linked.
		aecWarmupDuration: settings.aecWarmupMs,
		vad: ctx.proc.userData.vad as inference.VAD,
		stt: parts.stt,
		llm: parts.llm,
		tts: parts.tts,
		connOptions: SESSION_CONN_OPTIONS,
		turnHandling: {
			turnDetection: 'vad',
			endpointing: { minDelay: settings.endpointingMs },
			interruption: { enabled: agent.allowInterruptions ?? true },
			preemptiveGeneration: { enabled: settings.preemptiveGeneration },
		},
	});
}
