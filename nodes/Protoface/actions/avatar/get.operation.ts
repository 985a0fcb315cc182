import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { ItemResult, SendContext } from '../../../shared/runner';
import { avatarRow } from '../../rows';
import { protofaceRequest, segment } from '../../transport';
import { avatarIdProperty, prepareAvatarId } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['avatar'], operation: ['get'] } }, [avatarIdProperty]);

export const prepare = prepareAvatarId;

export async function send(this: IExecuteFunctions, { avatarId }: { avatarId: string }, context: SendContext): Promise<ItemResult> {
	const raw = await protofaceRequest.call(this, { method: 'GET', path: `/v1/avatars/${segment(avatarId)}` }, context);
	return { raw, rows: [avatarRow(raw.body)] };
}
