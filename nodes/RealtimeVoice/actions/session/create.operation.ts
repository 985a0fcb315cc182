import { randomBytes } from 'node:crypto';

import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_SESSION_TTL_SECONDS,
	encodeDispatchMetadata,
	PACKAGE_MARKER,
	type AssistantConfig,
	type RoomMetadata,
} from '../../../../src/config';
import { completeConfigProperties } from '../../../shared/configDescription';
import { readCompleteConfig } from '../../../shared/configInput';
import { fieldError } from '../../../shared/fieldError';
import { jwtExpiry } from '../../../shared/output';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { waitForAgent, type AgentJoined } from '../../agentWait';
import { mcpHeaderSecrets, redactDeep, redactDispatch } from '../../dispatch';
import { liveKit, liveKitCall, roomJoinToken } from '../../livekit';

/** The worker's default N8N_VOICE_IDLE_TIMEOUT_SECONDS: how long its agent waits for a user who left. */
const DEFAULT_RECONNECT_WINDOW_SECONDS = 30;

const properties: INodeProperties[] = [
	{ displayName: 'Participant Name', name: 'participantName', type: 'string', default: '', description: 'Display name of the user in the session; the participant identity when empty' },
	{ displayName: 'Room Name', name: 'roomName', type: 'string', default: '', description: 'Name of the new room; generated (prefix-random-timestamp) when empty. Must not exist yet.' },
	{ displayName: 'Participant Identity', name: 'participantIdentity', type: 'string', default: '', description: 'Unique identity of the user in the room; generated when empty. The agent sends tool calls to it.' },
	{ displayName: 'Agent Name', name: 'agentName', type: 'string', default: '', description: 'Worker to dispatch; empty uses the Agent Name of the credential' },
	{
		displayName: 'Wait for Agent',
		name: 'waitForAgent',
		type: 'boolean',
		default: true,
		description:
			'Whether to return the session only once the agent has joined its room. LiveKit drops a dispatch no worker has capacity for; the item then fails and its room is deleted.',
	},
	{
		displayName: 'Agent Wait Timeout (Seconds)',
		name: 'agentWaitTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 120 },
		default: 10,
		description: 'How long after the room is created the agent may take to join',
		displayOptions: { show: { waitForAgent: [true] } },
	},
	{
		displayName: 'Reconnect Window (Seconds)',
		name: 'reconnectWindow',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 3600 },
		default: DEFAULT_RECONNECT_WINDOW_SECONDS,
		description:
			"How long the room stays open after the user leaves, so a user who comes back finds the same agent and conversation (the room's departure timeout). Match the worker's N8N_VOICE_IDLE_TIMEOUT_SECONDS.",
	},
	...completeConfigProperties({ selfHosted: true }),
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, properties);

interface Prepared {
	config: AssistantConfig;
	roomName: string;
	roomNameGiven: boolean;
	participantName: string;
	participantIdentity: string;
	agentName: string;
	/** Seconds to wait for the agent; undefined: do not wait. */
	agentWaitSeconds?: number;
	reconnectWindowSeconds: number;
}

/** A number parameter within its range, as an integer; anything else fails the item before any request. */
function integerParameter(fn: IExecuteFunctions, name: string, label: string, itemIndex: number, fallback: number, min: number, max: number): number {
	const value = fn.getNodeParameter(name, itemIndex, fallback) as unknown;
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(number) || number < min || number > max) {
		throw fieldError(fn, name, `${label} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`, { itemIndex });
	}
	return Math.floor(number);
}

const randomId = (bytes: number) => randomBytes(bytes).toString('hex');

/** MCP header values: the runner scrubs them from every error, the Raw Response hides them. */
export const secretsOf = (item: Prepared) => mcpHeaderSecrets(item.config);

/** Room names given per execution: two items naming the same room would share it (and two agents). */
const givenRoomNames = new WeakMap<object, Map<string, number>>();

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const config = readCompleteConfig.call(this, itemIndex);
	const given = (this.getNodeParameter('roomName', itemIndex, '') as string).trim();
	if (given && !/^[A-Za-z0-9_.-]{1,128}$/.test(given)) {
		throw fieldError(this, 'roomName', 'Room Name may only contain letters, digits, ".", "_" and "-" (at most 128)', { itemIndex });
	}
	if (given) {
		const names = givenRoomNames.get(this) ?? new Map<string, number>();
		givenRoomNames.set(this, names);
		const other = names.get(given);
		if (other !== undefined && other !== itemIndex) {
			throw fieldError(this, 'roomName', `Room Name "${given}" is also used by item ${other + 1}`, {
				itemIndex,
				description: 'Each session needs a room of its own; leave Room Name empty to generate unique names',
			});
		}
		names.set(given, itemIndex);
	}
	const participantIdentity = (this.getNodeParameter('participantIdentity', itemIndex, '') as string).trim() || `user-${randomId(6)}`;
	const prefix = config.session?.roomPrefix ?? 'voice';
	return {
		config,
		roomName: given || `${prefix}-${randomId(4)}-${Math.floor(Date.now() / 1000)}`,
		roomNameGiven: given !== '',
		participantName: (this.getNodeParameter('participantName', itemIndex, '') as string).trim() || participantIdentity,
		participantIdentity,
		agentName: (this.getNodeParameter('agentName', itemIndex, '') as string).trim(),
		agentWaitSeconds:
			this.getNodeParameter('waitForAgent', itemIndex, true) === false
				? undefined
				: integerParameter(this, 'agentWaitTimeout', 'Agent Wait Timeout (Seconds)', itemIndex, 10, 1, 120),
		reconnectWindowSeconds: integerParameter(this, 'reconnectWindow', 'Reconnect Window (Seconds)', itemIndex, DEFAULT_RECONNECT_WINDOW_SECONDS, 0, 3600),
	};
}

/**
 * Room → dispatch → token → (Wait for Agent) the agent in the room. The room lives `session.ttl`
 * seconds and stays open Reconnect Window seconds after the user left (`departureTimeout`); the
 * dispatch carries the validated configuration the worker reads. If the dispatch fails, or no agent
 * joins within Agent Wait Timeout, the room is deleted again, so a failed item leaves nothing behind;
 * the room is always this item's own (a given name was checked to be free and unique in the batch, a
 * generated one is random). The wait runs outside the request concurrency window (`settle`).
 *
 * Columns: roomName, wsUrl, token, tokenExpiresAt, participantName, assistantId (null), mode
 * (`adhoc`), dispatchId, agentName, participantIdentity, roomSid, agentJoinedAfterMs (room creation →
 * agent joined, ms; null without Wait for Agent), metadata (session.metadata; the
 * Structured Table flattens it into `metadata.<key>` columns, `metadata` null when none), eventsUrl
 * (events.webhookUrl or null).
 */
export async function send(this: IExecuteFunctions, item: Prepared, context: SendContext): Promise<ItemResult> {
	const lk = await liveKit(this, context.settings.timeoutMs);
	const agentName = item.agentName || lk.agentName;
	const ttl = item.config.session?.ttl ?? DEFAULT_SESSION_TTL_SECONDS;
	const participant = { identity: item.participantIdentity, name: item.participantName };

	if (item.roomNameGiven) {
		const existing = await liveKitCall(this, context, 'List rooms', () => lk.rooms.listRooms([item.roomName]));
		if (existing.length > 0) {
			throw new NodeOperationError(this.getNode(), `Room "${item.roomName}" already exists`, {
				itemIndex: context.itemIndex,
				description: 'Leave Room Name empty to generate a unique one, or end the existing session first',
			});
		}
	}
	const roomMetadata: RoomMetadata = { createdBy: PACKAGE_MARKER, agentName, participantIdentity: participant.identity, participantName: participant.name };
	const startedAt = Date.now();
	const room = await liveKitCall(this, context, 'Create room', () =>
		lk.rooms.createRoom({
			name: item.roomName,
			emptyTimeout: ttl,
			departureTimeout: item.reconnectWindowSeconds,
			metadata: JSON.stringify(roomMetadata),
		}),
	);
	let dispatch;
	try {
		dispatch = await liveKitCall(this, context, 'Dispatch agent', () =>
			lk.dispatches.createDispatch(item.roomName, agentName, { metadata: encodeDispatchMetadata(item.config, participant) }),
		);
	} catch (error) {
		await lk.rooms.deleteRoom(item.roomName).catch(() => undefined);
		throw error;
	}

	const token = await roomJoinToken(lk.credential, { identity: participant.identity, name: participant.name, room: item.roomName, ttlSeconds: ttl });

	// LiveKit echoes the dispatch metadata, i.e. the whole configuration with any MCP headers.
	const dispatchJson = redactDeep(redactDispatch(dispatch.toJson() as IDataObject), secretsOf(item));
	const result = (joined?: AgentJoined): ItemResult => ({
		raw: {
			status: 200,
			body: {
				room: room.toJson(),
				dispatch: dispatchJson,
				token,
				wsUrl: lk.wsUrl,
				participantIdentity: participant.identity,
				...(joined ? { agent: joined.agent.toJson(), agentJoinedAfterMs: joined.afterMs } : {}),
			} as object,
		},
		rows: [
			{
				roomName: item.roomName,
				wsUrl: lk.wsUrl,
				token,
				tokenExpiresAt: jwtExpiry(token),
				participantName: participant.name,
				assistantId: null,
				mode: 'adhoc',
				dispatchId: dispatch.id,
				agentName,
				participantIdentity: participant.identity,
				roomSid: room.sid,
				agentJoinedAfterMs: joined?.afterMs ?? null,
				metadata: item.config.session?.metadata ?? {},
				eventsUrl: item.config.events?.webhookUrl ?? null,
			},
		],
	});
	const waitSeconds = item.agentWaitSeconds;
	if (waitSeconds === undefined) return result();
	return {
		...result(),
		settle: async () =>
			result(await waitForAgent(this, context, { lk, room, roomName: item.roomName, agentName, dispatchId: dispatch.id, startedAt, timeoutSeconds: waitSeconds })),
	};
}
