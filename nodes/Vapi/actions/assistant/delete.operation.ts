import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { pathSegment } from '../../../shared/transport/http';
import { assistantRow, deletedRow } from '../../rows';
import { vapiRequest } from '../../transport';
import { assistantIdProperty } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['assistant'], operation: ['delete'] } }, [assistantIdProperty]);

export function prepare(this: IExecuteFunctions, itemIndex: number) {
	return { assistantId: requiredString(this, 'assistantId', 'Assistant ID', itemIndex) };
}

/** Vapi answers with the deleted assistant; an empty answer (204) becomes `{id, deleted: true}`. */
export async function send(this: IExecuteFunctions, { assistantId }: { assistantId: string }, context: SendContext): Promise<ItemResult> {
	const raw = await vapiRequest.call(this, { method: 'DELETE', path: `/assistant/${pathSegment(assistantId)}` }, context);
	return { raw, rows: [deletedRow(assistantId, raw, assistantRow)] };
}
