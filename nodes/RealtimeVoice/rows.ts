/** Structured Table columns of the Realtime Voice operations. */
import type { IDataObject } from 'n8n-workflow';
import type { ParticipantInfo, Room } from 'livekit-server-sdk';

import { parseRoomMetadata } from '../../src/config';
import { epochSecondsToIso } from '../shared/output';

/** ParticipantInfo.Kind.AGENT in LiveKit's protocol (livekit_models.proto). */
const AGENT_KIND = 4;

export const isAgent = (participant: ParticipantInfo) => Number(participant.kind) === AGENT_KIND;

/** Room columns: roomName, roomSid, createdAt, numParticipants, emptyTimeout, then who the session is for. */
export function roomRow(room: Room): IDataObject {
	const metadata = parseRoomMetadata(room.metadata);
	return {
		roomName: room.name,
		roomSid: room.sid,
		createdAt: epochSecondsToIso(room.creationTime),
		numParticipants: room.numParticipants,
		emptyTimeout: room.emptyTimeout,
		createdByNode: metadata !== undefined,
		agentName: metadata?.agentName ?? null,
		participantIdentity: metadata?.participantIdentity ?? null,
		participantName: metadata?.participantName ?? null,
	};
}

/** Room columns plus whether the agent has joined and who is in the room. */
export function roomStatusRow(room: Room, participants: ParticipantInfo[]): IDataObject {
	const agent = participants.find(isAgent);
	return {
		...roomRow(room),
		// The room's own counter lags joins by a few seconds; the participant list is current.
		numParticipants: participants.length,
		agentJoined: agent !== undefined,
		agentIdentity: agent?.identity ?? null,
		participants: participants.map((p) => p.identity),
	};
}
