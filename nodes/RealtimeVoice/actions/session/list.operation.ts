import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { ItemResult, SendContext } from '../../../shared/runner';
import { liveKit, liveKitCall } from '../../livekit';
import { roomRow } from '../../rows';

const properties: INodeProperties[] = [
	{ displayName: 'Only Sessions Created by This Node', name: 'onlyOwn', type: 'boolean', default: true, description: 'Whether to leave out rooms created by anything else on the same LiveKit server' },
	{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit' },
	{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return', displayOptions: { show: { returnAll: [false] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['list'] } }, properties);

interface Prepared {
	onlyOwn: boolean;
	limit: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return {
		onlyOwn: this.getNodeParameter('onlyOwn', itemIndex, true) as boolean,
		limit: returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number),
	};
}

/** Active rooms, newest first, one row each. */
export async function send(this: IExecuteFunctions, { onlyOwn, limit }: Prepared, context: SendContext): Promise<ItemResult> {
	const lk = await liveKit(this, context.settings.timeoutMs);
	const rooms = (await liveKitCall(this, context, 'List rooms', () => lk.rooms.listRooms()))
		.map((room) => ({ room, row: roomRow(room) }))
		.filter(({ row }) => !onlyOwn || row.createdByNode)
		.sort((a, b) => Number(b.room.creationTime) - Number(a.room.creationTime))
		.slice(0, limit);
	return {
		raw: { status: 200, body: { rooms: rooms.map(({ room }) => room.toJson()) } as object },
		rows: rooms.map(({ row }) => row),
	};
}
