/**
 * What every request to n8n says about its session (`SessionRef` + `session.metadata`), the envelope
 * they share, and the signing secret a configuration needs.
 */
import type { JobContext } from '@livekit/agents';

import { DEFAULT_AGENT_NAME, type AssistantConfig, type SessionMetadata } from '../../../src/config';
import { WEBHOOK_SECRET_ENV, newRequestId } from '../../../src/events/signing';
import type { Envelope, SessionRef } from '../../../src/events/types';
import { ProviderSetupError, type Env } from '../providers/types';

/** The session a request belongs to, and the metadata the workflow attached to it. */
export interface SessionScope {
	session: SessionRef;
	/** `config.session.metadata`, `{}` when none was set. */
	metadata: SessionMetadata;
}

/** The job's session as n8n sees it; `agentName` falls back to the worker's own name. */
export function sessionScope(ctx: JobContext, participant: { identity: string; name: string }, config: AssistantConfig, env: Env): SessionScope {
	return {
		session: {
			roomName: ctx.job.room?.name ?? '',
			roomSid: ctx.job.room?.sid || undefined,
			participantIdentity: participant.identity,
			participantName: participant.name,
			agentName: ctx.job.agentName || env.N8N_VOICE_AGENT_NAME || DEFAULT_AGENT_NAME,
			jobId: ctx.job.id,
		},
		metadata: config.session?.metadata ?? {},
	};
}

/**
 * One request body. `sequence` numbers a session's events (1, 2, 3 …); calls (tool, LLM) carry 0.
 * `id` defaults to a new `evt_…` id; `time` is now, ISO 8601.
 */
export function envelope<Type extends string, Data>(scope: SessionScope, type: Type, data: Data, options: { sequence?: number; id?: string } = {}): Envelope<Type, Data> {
	return {
		id: options.id ?? newRequestId(),
		type,
		sequence: options.sequence ?? 0,
		time: new Date().toISOString(),
		session: scope.session,
		metadata: scope.metadata,
		data,
	};
}

/**
 * The signing secret, when the configuration sends anything to a webhook (events, a webhook tool,
 * the webhook LLM); `undefined` when it does not. A configuration that needs one on a worker without
 * it is refused at setup, like a missing provider key, naming the first field that needs it.
 */
export function webhookSecretFor(config: AssistantConfig, env: Env): string | undefined {
	const secret = env[WEBHOOK_SECRET_ENV];
	const toolIndex = (config.agent.tools ?? []).findIndex((tool) => tool.type === 'webhook');
	const field =
		config.llm.default.provider === 'webhook'
			? 'llm.default.provider "webhook"'
			: config.events?.webhookUrl
				? 'events.webhookUrl'
				: toolIndex >= 0
					? `agent.tools[${toolIndex}] (webhook tool "${(config.agent.tools![toolIndex] as { name: string }).name}")`
					: undefined;
	if (!field) return undefined;
	if (!secret) throw new ProviderSetupError(`${field} needs ${WEBHOOK_SECRET_ENV} in the worker's environment to sign its requests`);
	return secret;
}
