import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { pathSegment } from '../../../shared/transport/http';
import { sessionRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { sessionIdProperty } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['get'] } }, [sessionIdProperty]);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	return { sessionId: requiredString(this, 'sessionId', 'Session ID', itemIndex) };
}

export async function send(this: IExecuteFunctions, { sessionId }: { sessionId: string }, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'GET', path: `/session/${pathSegment(sessionId)}` }, context);
	return { raw, rows: [sessionRow(raw.body)] };
}
