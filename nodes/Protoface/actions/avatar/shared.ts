import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requiredString } from '../../../shared/configInput';

export const avatarIdProperty: INodeProperties = {
	displayName: 'Avatar ID',
	name: 'avatarId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'av_01HXY5K8E7QYG3X8Z6N9R7S0VR',
	description: 'ID of the avatar (starts with av_)',
};

export function prepareAvatarId(this: IExecuteFunctions, itemIndex: number) {
	return { avatarId: requiredString(this, 'avatarId', 'Avatar ID', itemIndex) };
}
