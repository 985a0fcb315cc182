/** Parameters more than one session operation uses. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_EXPIRATION_SECONDS,
	MAX_EXPIRATION_SECONDS,
	MIN_EXPIRATION_SECONDS,
} from '../../../../src/vendors/vapi';
import { jsonParameter } from '../../../shared/bodyInput';

export const sessionIdProperty: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	default: '',
	required: true,
	description: 'ID of the Vapi session',
};

export const expirationProperty: INodeProperties = {
	displayName: 'Expiration (Seconds)',
	name: 'expirationSeconds',
	type: 'number',
	typeOptions: { minValue: MIN_EXPIRATION_SECONDS, maxValue: MAX_EXPIRATION_SECONDS },
	default: DEFAULT_EXPIRATION_SECONDS,
	description: 'How long the session lives, from 60 to 2,592,000 seconds (30 days). Vapi uses 86,400 (24 hours) when not set.',
};

export const messagesProperty: INodeProperties = {
	displayName: 'Messages (JSON)',
	name: 'messages',
	type: 'json',
	default: '',
	description:
		'Chat history as a list of messages, e.g. [{"role": "system", "content": "…"}]; role is system, user, assistant, tool or developer. An empty list ([]) counts as not set.',
};

export const statusProperty: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: [
		{ name: 'Active', value: 'active' },
		{ name: 'Completed', value: 'completed' },
	],
	default: 'active',
	description: 'Session state: Active sessions take new messages, Completed ones are closed',
};

/**
 * Messages (JSON) for Create and Update alike: empty text or an empty list is "not set" (old
 * workflows saved the field with `[]`, and sending that would wipe a session's history). Clearing
 * the history is its own switch, Update's "Clear Messages".
 */
export function messagesValue(fn: IExecuteFunctions, value: unknown, itemIndex: number): unknown {
	const messages = jsonParameter(fn, 'messages', 'Messages (JSON)', value, itemIndex);
	return Array.isArray(messages) && messages.length === 0 ? undefined : messages;
}
