/**
 * What the running agent session tells the rest of the worker: metrics and messages to the reporter,
 * speech activity to the silence timeout, pipeline errors to the log and as `session.error` events,
 * and its close to the job (an error close is the end reason `error`).
 */
import { voice, type JobContext } from '@livekit/agents';

import type { SessionReporter } from '../events/reporter';
import type { Lifetime } from '../lifecycle';
import { describeError, type Logger } from '../sessionHelpers';

export function observeSession(ctx: JobContext, session: voice.AgentSession, { lifetime, reporter, logger }: { lifetime: Lifetime; reporter: SessionReporter; logger: Logger }) {
	session.on(voice.AgentSessionEventTypes.MetricsCollected, (event) => reporter.turns.onMetrics(event.metrics));
	session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
		if (item.type === 'message') reporter.message(item);
	});
	session.on(voice.AgentSessionEventTypes.UserStateChanged, (event) => lifetime.activity('user', event.newState === 'speaking'));
	session.on(voice.AgentSessionEventTypes.AgentStateChanged, (event) => lifetime.activity('agent', event.newState === 'thinking' || event.newState === 'speaking'));
	session.on(voice.AgentSessionEventTypes.Error, ({ error }) => {
		const message = describeError(error);
		logger.warn({ error: message }, 'pipeline error');
		reporter.error({ code: error.type, message, recoverable: error.recoverable });
	});
	session.on(voice.AgentSessionEventTypes.Close, (event) => {
		if (event.error || event.reason === voice.CloseReason.ERROR) lifetime.ended('error');
		lifetime.stop();
		logger.info({ totals: reporter.turns.totals }, 'session closed');
		ctx.shutdown('session closed');
	});
}
