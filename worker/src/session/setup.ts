/**
 * Everything a session needs before it joins the room, built from the validated dispatch: the event
 * queue, the reporter, the STT/LLM/TTS plugins and the tool registry. Throws (a `ProviderSetupError`
 * naming the config field or environment variable, or a tool whose schema is broken) when the
 * session cannot run; the entry then refuses it with `endWithError(…, 'provider_setup', …)`.
 */
import type { JobContext, llm, stt, tts } from '@livekit/agents';

import type { DispatchMetadata } from '../../../src/config';
import { EventQueue, NO_EVENTS } from '../events/queue';
import { SessionReporter } from '../events/reporter';
import { buildLlm, buildStt, buildTts } from '../providers/registry';
import type { Env } from '../providers/types';
import type { Logger } from '../sessionHelpers';
import { ToolRegistry } from '../tools/registry';
import { sessionScope, webhookSecretFor, type SessionScope } from '../webhooks/session';

export interface SessionParts {
	scope: SessionScope;
	reporter: SessionReporter;
	stt: stt.STT;
	llm: llm.LLM;
	tts: tts.TTS;
	tools: ToolRegistry;
}

export function prepareSession(ctx: JobContext, dispatch: DispatchMetadata, env: Env, logger: Logger): SessionParts {
	const { config, participant } = dispatch;
	const scope = sessionScope(ctx, participant, config, env);
	const secret = webhookSecretFor(config, env);
	const events = config.events?.webhookUrl ? new EventQueue({ url: config.events.webhookUrl, types: config.events.types, secret: secret!, scope, logger }) : NO_EVENTS;
	const reporter = new SessionReporter({ events, logger });
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
