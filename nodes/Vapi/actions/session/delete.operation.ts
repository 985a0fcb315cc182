import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { segment, vapiRequest } from '../../transport';
import { sessionIdProperty } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['delete'] } }, [sessionIdProperty]);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	return { sessionId: requiredString(this, 'sessionId', 'Session ID', itemIndex) };
}

/** Vapi answers a delete with the deleted session, so the row shows what was removed. */
export async function send(this: IExecuteFunctions, { sessionId }: { sessionId: string }, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'DELETE', path: `/session/${segment(sessionId)}` }, context);
	return { raw, rows: [sessionRow(raw.body)] };
}
