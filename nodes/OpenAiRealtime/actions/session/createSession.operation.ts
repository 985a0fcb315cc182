import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { validateBetaSession } from '../../../../src/vendors/openaiRealtime';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { betaSessionRow } from '../../rows';
import { BETA_HEADERS, openAiRequest } from '../../transport';
import { readValidatedBody } from '../../../shared/bodyInput';
import { betaSessionBody } from './fieldsToBody';
import {
	bodySourceProperties,
	instructionsProperty,
	modelProperty,
	settingsProperty,
	turnDetectionProperty,
	voiceProperty,
	whenFields,
} from './properties';

const EXAMPLE = { model: 'gpt-4o-realtime-preview', instructions: 'You are a friendly assistant.', voice: 'alloy', temperature: 0.8 };

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['createSession'] } }, [
	...bodySourceProperties('sessionJson', EXAMPLE),
	...whenFields([
		modelProperty('gpt-4o-realtime-preview'),
		instructionsProperty,
		voiceProperty('alloy'),
		turnDetectionProperty,
		settingsProperty('betaSession'),
	]),
]);

export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	const body = readValidatedBody(this, itemIndex, { jsonParameter: 'sessionJson', fromFields: betaSessionBody, validate: (input) => validateBetaSession(input) });
	return { body: body as IDataObject };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await openAiRequest.call(this, { method: 'POST', path: '/realtime/sessions', body, headers: BETA_HEADERS }, context);
	return { raw, rows: [betaSessionRow(raw.body, 'realtime')] };
}
