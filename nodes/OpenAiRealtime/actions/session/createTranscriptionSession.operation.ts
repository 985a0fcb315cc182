import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { validateBetaTranscriptionSession } from '../../../../src/vendors/openaiRealtime';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { betaSessionRow } from '../../rows';
import { BETA_HEADERS, openAiRequest } from '../../transport';
import { readValidatedBody } from '../../../shared/bodyInput';
import { betaTranscriptionSessionBody } from './fieldsToBody';
import { bodySourceProperties, settingsProperty, transcriptionModelProperty, turnDetectionProperty, whenFields } from './properties';

const EXAMPLE = { input_audio_format: 'pcm16', input_audio_transcription: { model: 'gpt-4o-transcribe', language: 'en' } };

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['createTranscriptionSession'] } }, [
	...bodySourceProperties('transcriptionSessionJson', EXAMPLE),
	...whenFields([transcriptionModelProperty, turnDetectionProperty, settingsProperty('betaTranscription')]),
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
	const raw = await openAiRequest.call(this, { method: 'POST', path: '/realtime/transcription_sessions', body, headers: BETA_HEADERS }, context);
	return { raw, rows: [betaSessionRow(raw.body, 'transcription')] };
}
