/**
 * Typed parameters of the three operations (the optional session settings are in settings.ts). One
 * builder serves the four session flavours (GA realtime, GA transcription, beta session, beta
 * transcription session) so a field looks and validates the same wherever it appears; ranges come from
 * the vendor schema, so the UI offers what validates.
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	EXPIRES_DEFAULT_SECONDS,
	EXPIRES_MAX_SECONDS,
	EXPIRES_MIN_SECONDS,
	REALTIME_MODELS,
	TRANSCRIPTION_MODELS,
	VOICES,
} from '../../../../src/vendors/openaiRealtime';

const capitalise = (value: string) => value[0].toUpperCase() + value.slice(1);
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The built-in voices as suggestions; an expression can give any other voice name (or a GA custom voice). */
export const voiceProperty = (defaultVoice: string): INodeProperties => ({
	displayName: 'Voice',
	name: 'voice',
	type: 'options',
	options: VOICES.map((value) => ({ name: capitalise(value), value })).sort(byName),
	default: defaultVoice,
	description:
		'Voice of the spoken answers; it cannot change after the model first speaks. ' +
		'Use an expression for a voice not listed, or (Create Client Secret only) for a custom voice object holding its voice_… ID.',
});

export const modelProperty = (defaultModel: string): INodeProperties => ({
	displayName: 'Model',
	name: 'model',
	type: 'string',
	default: defaultModel,
	description: `Realtime model ID, e.g. ${REALTIME_MODELS.join(', ')} (any model ID your project can use)`,
});

export const instructionsProperty: INodeProperties = {
	displayName: 'Instructions',
	name: 'instructions',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description: 'System instructions for the model; the server applies its own default when empty',
};

export const transcriptionModelProperty: INodeProperties = {
	displayName: 'Transcription Model',
	name: 'transcriptionModel',
	type: 'string',
	default: 'gpt-4o-transcribe',
	description: `Speech-to-text model, e.g. ${TRANSCRIPTION_MODELS.join(', ')}`,
};

export const expiresProperty: INodeProperties = {
	displayName: 'Expires After (Seconds)',
	name: 'expiresAfterSeconds',
	type: 'number',
	typeOptions: { minValue: EXPIRES_MIN_SECONDS, maxValue: EXPIRES_MAX_SECONDS },
	default: EXPIRES_DEFAULT_SECONDS,
	description:
		`Lifetime of the client secret, ${EXPIRES_MIN_SECONDS}–${EXPIRES_MAX_SECONDS} seconds from its creation. ` +
		'A session started with it keeps running after it expires.',
};

const SERVER_VAD = { show: { type: ['server_vad'] } };
const ANY_VAD = { show: { type: ['server_vad', 'semantic_vad'] } };

/**
 * VAD settings; fields of the other VAD type are hidden and never sent. A transcription session never
 * answers, so it gets no Create/Interrupt Response; only the GA endpoint knows the idle timeout.
 */
export function turnDetectionProperty({ ga, forTranscription }: { ga: boolean; forTranscription: boolean }): INodeProperties {
	const values: INodeProperties[] = [
		{
			displayName: 'Eagerness',
			name: 'eagerness',
			type: 'options',
			options: ['auto', 'high', 'low', 'medium'].map((value) => ({ name: capitalise(value), value })),
			default: 'auto',
			description: 'How soon the turn ends: low waits longer for the user to finish',
			displayOptions: { show: { type: ['semantic_vad'] } },
		},
		{
			displayName: 'Prefix Padding (Ms)',
			name: 'prefixPaddingMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300,
			description: 'Audio kept from before speech was detected',
			displayOptions: SERVER_VAD,
		},
		{
			displayName: 'Silence Duration (Ms)',
			name: 'silenceDurationMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 500,
			description: 'Silence that ends the turn',
			displayOptions: SERVER_VAD,
		},
		{
			displayName: 'Threshold',
			name: 'threshold',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.5,
			description: 'Activation threshold, 0–1; higher needs louder speech',
			displayOptions: SERVER_VAD,
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: [
				{ name: 'None', value: 'none', description: 'Turn detection off (sent as null): the client commits audio itself' },
				{ name: 'Semantic VAD', value: 'semantic_vad', description: 'A model judges whether the user has finished speaking' },
				{ name: 'Server VAD', value: 'server_vad', description: 'Silence after speech, by audio volume, ends the turn' },
			],
			default: 'server_vad',
		},
	];
	if (ga) {
		values.push({
			displayName: 'Idle Timeout (Ms)',
			name: 'idleTimeoutMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Prompt the model after this much silence; 0 leaves it unset',
			displayOptions: SERVER_VAD,
		});
	}
	if (!forTranscription) {
		values.push(
			{
				displayName: 'Create Response',
				name: 'createResponse',
				type: 'boolean',
				default: true,
				description: 'Whether the model answers automatically when a turn ends',
				displayOptions: ANY_VAD,
			},
			{
				displayName: 'Interrupt Response',
				name: 'interruptResponse',
				type: 'boolean',
				default: true,
				description: 'Whether the user speaking interrupts the model answer',
				displayOptions: ANY_VAD,
			},
		);
	}
	return {
		displayName: 'Turn Detection',
		name: 'turnDetection',
		type: 'fixedCollection',
		placeholder: 'Add Turn Detection',
		default: {},
		description: 'How the end of the user turn is detected; the server default applies when not added',
		options: [{ displayName: 'Settings', name: 'settings', values: values.sort((a, b) => a.displayName.localeCompare(b.displayName)) }],
	};
}

/** Shows a typed field only when the body is defined below. */
export const whenFields = (properties: INodeProperties[], extra: Record<string, string[]> = {}): INodeProperties[] =>
	properties.map((property) => ({ ...property, displayOptions: { show: { bodySource: ['fields'], ...extra } } }));
