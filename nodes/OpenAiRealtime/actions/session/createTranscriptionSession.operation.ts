import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { validateBetaTranscriptionSession } from '../../../../src/vendors/openaiRealtime';
import { bodySourceProperties, readValidatedBody } from '../../../shared/bodyInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { betaSessionRow } from '../../rows';
import { BETA_HEADERS, openAiRequest, requireClientSecret } from '../../transport';
import { betaTranscriptionSessionBody } from './fieldsToBody';
import { transcriptionModelProperty, turnDetectionProperty, whenFields } from './properties';
import { settingsProperty } from './settings';

const EXAMPLE = { input_audio_format: 'pcm16', input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'en' } };

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['createTranscriptionSession'] } }, [
	...bodySourceProperties({
		perItem: 'one session per configuration item',
		json: { name: 'transcriptionSessionJson', label: 'Body (JSON)', example: EXAMPLE },
	}),
	...whenFields([
		transcriptionModelProperty,
		turnDetectionProperty({ ga: false, forTranscription: true }),
		settingsProperty('betaTranscription'),
	]),
]);

export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	const body = readValidatedBody(this, itemIndex, {
		jsonParameter: 'transcriptionSessionJson',
		fromFields: betaTranscriptionSessionBody,
		validate: (input) => validateBetaTranscriptionSession(input),
	});
	return { body: body as IDataObject };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const path = '/realtime/transcription_sessions';
	const raw = await openAiRequest.call(this, { method: 'POST', path, body, headers: BETA_HEADERS }, context);
	requireClientSecret.call(this, raw, 'client_secret.value', context);
	return { raw, rows: [betaSessionRow(raw.body, 'transcription')] };
}
