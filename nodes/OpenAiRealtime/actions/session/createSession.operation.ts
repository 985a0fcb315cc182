import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { validateBetaSession } from '../../../../src/vendors/openaiRealtime';
import { bodySourceProperties, readValidatedBody } from '../../../shared/bodyInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { betaSessionRow } from '../../rows';
import { BETA_HEADERS, openAiRequest, requireClientSecret } from '../../transport';
import { betaSessionBody } from './fieldsToBody';
import { instructionsProperty, modelProperty, turnDetectionProperty, voiceProperty, whenFields } from './properties';
import { settingsProperty } from './settings';

const EXAMPLE = { model: 'gpt-4o-realtime-preview', instructions: 'You are a friendly assistant.', voice: 'alloy', temperature: 0.8 };

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['createSession'] } }, [
	...bodySourceProperties({
		perItem: 'one session per configuration item',
		json: { name: 'sessionJson', label: 'Body (JSON)', example: EXAMPLE },
	}),
	...whenFields([
		modelProperty('gpt-4o-realtime-preview'),
		instructionsProperty,
		voiceProperty('alloy'),
		turnDetectionProperty({ ga: false, forTranscription: false }),
		settingsProperty('betaSession'),
	]),
]);

export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	const body = readValidatedBody(this, itemIndex, {
		jsonParameter: 'sessionJson',
		fromFields: betaSessionBody,
		validate: (input) => validateBetaSession(input),
	});
	return { body: body as IDataObject };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await openAiRequest.call(this, { method: 'POST', path: '/realtime/sessions', body, headers: BETA_HEADERS }, context);
	requireClientSecret.call(this, raw, 'client_secret.value', context);
	return { raw, rows: [betaSessionRow(raw.body, 'realtime')] };
}
