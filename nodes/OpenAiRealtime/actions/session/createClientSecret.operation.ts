import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { validateClientSecret } from '../../../../src/vendors/openaiRealtime';
import { bodySourceProperties, readValidatedBody } from '../../../shared/bodyInput';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { clientSecretRow } from '../../rows';
import { openAiRequest, requireClientSecret } from '../../transport';
import { clientSecretBody } from './fieldsToBody';
import {
	expiresProperty,
	instructionsProperty,
	modelProperty,
	transcriptionModelProperty,
	turnDetectionProperty,
	voiceProperty,
	whenFields,
} from './properties';
import { settingsProperty } from './settings';

const EXAMPLE = {
	expires_after: { anchor: 'created_at', seconds: 600 },
	session: { type: 'realtime', model: 'gpt-realtime', instructions: 'You are a friendly assistant.', audio: { output: { voice: 'marin' } } },
};

const REALTIME = { sessionType: ['realtime'] };
const TRANSCRIPTION = { sessionType: ['transcription'] };

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['createClientSecret'] } }, [
	...bodySourceProperties({
		what: 'request body',
		perItem: 'one client secret per configuration item',
		json: { name: 'clientSecretJson', label: 'Body (JSON)', example: EXAMPLE },
	}),
	...whenFields([
		{
			displayName: 'Session Type',
			name: 'sessionType',
			type: 'options',
			options: [
				{ name: 'Realtime', value: 'realtime', description: 'Speech-to-speech conversation with a realtime model' },
				{ name: 'Transcription', value: 'transcription', description: 'Live transcription of the user audio only' },
			],
			default: 'realtime',
		},
		expiresProperty,
	]),
	...whenFields([modelProperty('gpt-realtime'), instructionsProperty, voiceProperty('marin')], REALTIME),
	...whenFields([transcriptionModelProperty], TRANSCRIPTION),
	...whenFields([turnDetectionProperty({ ga: true, forTranscription: false }), settingsProperty('gaRealtime')], REALTIME),
	...whenFields([turnDetectionProperty({ ga: true, forTranscription: true }), settingsProperty('gaTranscription')], TRANSCRIPTION),
]);

/** GA: one ephemeral key (`ek_…`) that can open several sessions until it expires. */
export function prepare(this: IExecuteFunctions, itemIndex: number): { body: IDataObject } {
	const body = readValidatedBody(this, itemIndex, {
		jsonParameter: 'clientSecretJson',
		fromFields: clientSecretBody,
		validate: (input) => validateClientSecret(input),
	});
	return { body: body as IDataObject };
}

export async function send(this: IExecuteFunctions, { body }: { body: IDataObject }, context: SendContext): Promise<ItemResult> {
	const raw = await openAiRequest.call(this, { method: 'POST', path: '/realtime/client_secrets', body }, context);
	requireClientSecret.call(this, raw, 'value', context);
	return { raw, rows: [clientSecretRow(raw.body)] };
}
