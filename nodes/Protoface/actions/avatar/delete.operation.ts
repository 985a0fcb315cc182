import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { asObject } from '../../../shared/objects';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { protofaceRequest, segment } from '../../transport';
import { avatarIdProperty, prepareAvatarId } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['avatar'], operation: ['delete'] } }, [avatarIdProperty]);

export const prepare = prepareAvatarId;

/**
 * Answered 204 with no body; the row says which avatar is gone. Stock (platform) avatars cannot be
 * deleted; the API's refusal is reported as is.
 */
export async function send(this: IExecuteFunctions, { avatarId }: { avatarId: string }, context: SendContext): Promise<ItemResult> {
	const response = await protofaceRequest.call(this, { method: 'DELETE', path: `/v1/avatars/${segment(avatarId)}` }, context);
	const empty = response.body === undefined || response.body === null || response.body === '';
	const raw = { ...response, body: empty ? null : response.body };
	const body = asObject(raw.body);
	return { raw, rows: [{ id: body.id ?? avatarId, deleted: body.deleted ?? true }] };
}
