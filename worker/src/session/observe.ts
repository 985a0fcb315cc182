/**
 * What the running agent session tells the rest of the worker: speeches, metrics and messages to the
 * reporter (turn metrics are attributed by speech), speech activity to the silence timeout, and its
 * close to the job (an error close is the end reason `error`). Pipeline errors: session/recovery.ts.
 */
import { voice, type JobContext } from '@livekit/agents';

import type { SessionReporter } from '../events/reporter';
import type { Lifetime } from '../lifecycle';
import type { Logger } from '../sessionHelpers';

export function observeSession(ctx: JobContext, session: voice.AgentSession, { lifetime, reporter, logger }: { lifetime: Lifetime; reporter: SessionReporter; logger: Logger }) {
	session.on(voice.AgentSessionEventTypes.SpeechCreated, ({ speechHandle, source }) => reporter.turns.onSpeechCreated(speechHandle, source));
	session.on(voice.AgentSessionEventTypes.MetricsCollected, (event) => reporter.turns.onMetrics(event.metrics));
	session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
		if (item.type === 'message') reporter.message(item);
	});
	session.on(voice.AgentSessionEventTypes.UserStateChanged, (event) => lifetime.activity('user', event.newState === 'speaking'));
	session.on(voice.AgentSessionEventTypes.AgentStateChanged, (event) => lifetime.activity('agent', event.newState === 'thinking' || event.newState === 'speaking'));
	session.on(voice.AgentSessionEventTypes.Close, (event) => {
		if (event.error || event.reason === voice.CloseReason.ERROR) lifetime.ended('error');
		lifetime.stop();
		logger.info({ totals: reporter.turns.totals }, 'session closed');
		ctx.shutdown('session closed');
	});
}
