import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { UPLIFTAI_SESSION_ANSWER } from '../../../../src/vendors/answers';
import { completeConfigProperties } from '../../../shared/configDescription';
import { readCloudConfig } from '../cloudConfig';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow } from '../../rows';
import { upliftRequest } from '../../transport';
import { participantBody, participantProperties } from './shared';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['createAdhoc'] } }, [
	...participantProperties,
	...completeConfigProperties(),
] as INodeProperties[]);

/** The complete configuration is validated here, so an incomplete one never reaches UpliftAI. */
export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	return { body: { ...participantBody(this, itemIndex), config: readCloudConfig.call(this, itemIndex) as IDataObject } };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await upliftRequest.call(this, { method: 'POST', path: '/realtime-assistants/adhoc/createSession', body, expect: UPLIFTAI_SESSION_ANSWER }, context);
	const row = sessionRow(raw.body, { participantName: body.participantName as string, assistantId: null, mode: 'adhoc' });
	return { raw, rows: [row] };
}
