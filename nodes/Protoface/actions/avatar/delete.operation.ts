import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { ItemResult, SendContext } from '../../../shared/runner';
import { asObject } from '../../rows';
import { protofaceRequest, segment } from '../../transport';
import { avatarIdProperty, prepareAvatarId } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['avatar'], operation: ['delete'] } }, [avatarIdProperty]);

export const prepare = prepareAvatarId;

/** Stock (platform) avatars cannot be deleted; the API's refusal is reported as is. */
export async function send(this: IExecuteFunctions, { avatarId }: { avatarId: string }, context: SendContext): Promise<ItemResult> {
	const raw = await protofaceRequest.call(this, { method: 'DELETE', path: `/v1/avatars/${segment(avatarId)}` }, context);
	const body = asObject(raw.body);
	return { raw, rows: [{ id: body.id ?? avatarId, deleted: body.deleted ?? true }] };
}
