import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { createApiError } from '../../../shared/transport/errors';
import { liveKit, liveKitCall } from '../../livekit';
import { roomStatusRow } from '../../rows';
import { roomNameProperty } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['get'] } }, [roomNameProperty] as INodeProperties[]);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	return { roomName: requiredString(this, 'roomName', 'Room Name', itemIndex) };
}

/** The room, who is in it, and whether the agent has joined. */
export async function send(this: IExecuteFunctions, { roomName }: { roomName: string }, context: SendContext): Promise<ItemResult> {
	const lk = await liveKit(this, context.settings.timeoutMs);
	const [room] = await liveKitCall(this, context, 'Get room', () => lk.rooms.listRooms([roomName]));
	if (!room) {
		throw createApiError(this.getNode(), 'LiveKit', { httpCode: 404, code: 'room_not_found', message: `Room "${roomName}" does not exist (it ended, timed out, or never started)` }, { itemIndex: context.itemIndex });
	}
	const participants = await liveKitCall(this, context, 'List participants', () => lk.rooms.listParticipants(roomName));
	return {
		raw: { status: 200, body: { room: room.toJson(), participants: participants.map((p) => p.toJson()) } as object },
		rows: [roomStatusRow(room, participants)],
	};
}
