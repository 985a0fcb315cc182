import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { liveKit, liveKitCall } from '../../livekit';
import { roomNameProperty } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['end'] } }, [roomNameProperty] as INodeProperties[]);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	return { roomName: requiredString(this, 'roomName', 'Room Name', itemIndex) };
}

/** Deletes the room: every participant, the agent included, is disconnected at once. */
export async function send(this: IExecuteFunctions, { roomName }: { roomName: string }, context: SendContext): Promise<ItemResult> {
	const lk = await liveKit(this, context.settings.timeoutMs);
	await liveKitCall(this, context, 'End session', () => lk.rooms.deleteRoom(roomName));
	return { raw: { status: 200, body: {} }, rows: [{ roomName, ended: true }] };
}
