import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { pathSegment } from '../../../shared/transport/http';
import { deletedRow, sessionRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { sessionIdProperty } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['delete'] } }, [sessionIdProperty]);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	return { sessionId: requiredString(this, 'sessionId', 'Session ID', itemIndex) };
}

/** Vapi answers with the deleted session; an empty answer (204) becomes `{id, deleted: true}`. */
export async function send(this: IExecuteFunctions, { sessionId }: { sessionId: string }, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'DELETE', path: `/session/${pathSegment(sessionId)}` }, context);
	return { raw, rows: [deletedRow(sessionId, raw, sessionRow)] };
}
