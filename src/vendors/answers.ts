/**
 * What each create operation needs from a vendor's 2xx answer before it becomes a row (the nodes'
 * `ApiRequest.expect`): an answer without it fails the item with `invalid_response`, quoting a short,
 * scrubbed piece of what came back, instead of a success row of nulls. Sources: ../shared/spec/apis.md.
 */
import { z } from 'zod';

const present = z.string().min(1, 'must be a non-empty string');

/** `{token, wsUrl, roomName}` of UpliftAI's createSession, createPublicSession and adhoc/createSession [U1–U3]. */
export const UPLIFTAI_SESSION_ANSWER = {
	what: 'a session {token, wsUrl, roomName}',
	schema: z.object({ token: present, wsUrl: present, roomName: present }).passthrough(),
};

/** UpliftAI's Create Assistant answer has its id as `realtimeAssistantId`, `assistantId` or `id` [T1][T2]. */
export const UPLIFTAI_ASSISTANT_ANSWER = {
	what: 'an assistant id (realtimeAssistantId, assistantId or id)',
	schema: z
		.object({ realtimeAssistantId: present.optional(), assistantId: present.optional(), id: present.optional() })
		.passthrough()
		.refine((body) => Boolean(body.realtimeAssistantId || body.assistantId || body.id), 'has no id'),
};

/** An entity the operation goes on working with by its `id` (a Vapi session or assistant, a Protoface session). */
export const answerWithId = (what: string) => ({ what: `${what} with its id`, schema: z.object({ id: present }).passthrough() });
