/**
 * Typed parameters of the three operations. One builder serves the four session flavours (GA realtime,
 * GA transcription, beta session, beta transcription session) so a field looks and validates the same
 * wherever it appears; option lists come from the vendor schema, so the UI offers what validates.
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

export type Flavor = 'gaRealtime' | 'gaTranscription' | 'betaSession' | 'betaTranscription';
const REALTIME: Flavor[] = ['gaRealtime', 'betaSession'];
const TRANSCRIPTION: Flavor[] = ['gaTranscription', 'betaTranscription'];
const BETA: Flavor[] = ['betaSession', 'betaTranscription'];

const capitalise = (value: string) => value[0].toUpperCase() + value.slice(1);

export const voiceProperty = (defaultVoice: string): INodeProperties => ({
	displayName: 'Voice',
	name: 'voice',
	type: 'options',
	options: VOICES.map((value) => ({ name: capitalise(value), value })),
	default: defaultVoice,
	description: 'Voice of the spoken answers; it cannot change after the model first speaks',
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
	description: `Lifetime of the client secret, ${EXPIRES_MIN_SECONDS}–${EXPIRES_MAX_SECONDS} seconds from its creation. A session started with it keeps running after it expires.`,
};

const audioFormats = [
	{ name: 'G.711 A-Law', value: 'g711_alaw' },
	{ name: 'G.711 μ-Law', value: 'g711_ulaw' },
	{ name: 'PCM 16-Bit, 24 kHz Mono', value: 'pcm16' },
];

/** VAD settings; fields of the other VAD type are hidden and never sent. */
export const turnDetectionProperty: INodeProperties = {
	displayName: 'Turn Detection',
	name: 'turnDetection',
	type: 'fixedCollection',
	placeholder: 'Add Turn Detection',
	default: {},
	description: 'How the end of the user turn is detected; the server default applies when not added',
	options: [
		{
			displayName: 'Settings',
			name: 'settings',
			values: [
				{ displayName: 'Create Response', name: 'createResponse', type: 'boolean', default: true, description: 'Whether the model answers automatically when a turn ends', displayOptions: { show: { type: ['server_vad', 'semantic_vad'] } } },
				{ displayName: 'Eagerness', name: 'eagerness', type: 'options', options: ['auto', 'high', 'low', 'medium'].map((value) => ({ name: capitalise(value), value })), default: 'auto', description: 'How soon the model answers: low waits longer for the user to finish', displayOptions: { show: { type: ['semantic_vad'] } } },
				{ displayName: 'Idle Timeout (Ms)', name: 'idleTimeoutMs', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Prompt the model after this much silence; 0 leaves it unset (GA only)', displayOptions: { show: { type: ['server_vad'], '/operation': ['createClientSecret'] } } },
				{ displayName: 'Interrupt Response', name: 'interruptResponse', type: 'boolean', default: true, description: 'Whether the user speaking interrupts the model answer', displayOptions: { show: { type: ['server_vad', 'semantic_vad'] } } },
				{ displayName: 'Prefix Padding (Ms)', name: 'prefixPaddingMs', type: 'number', typeOptions: { minValue: 0 }, default: 300, description: 'Audio kept from before speech was detected', displayOptions: { show: { type: ['server_vad'] } } },
				{ displayName: 'Silence Duration (Ms)', name: 'silenceDurationMs', type: 'number', typeOptions: { minValue: 0 }, default: 500, description: 'Silence that ends the turn', displayOptions: { show: { type: ['server_vad'] } } },
				{ displayName: 'Threshold', name: 'threshold', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 0.5, description: 'Activation threshold, 0–1; higher needs louder speech', displayOptions: { show: { type: ['server_vad'] } } },
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
			],
		},
	],
};

interface SettingOption {
	flavors: Flavor[];
	property: INodeProperties;
}

const SETTINGS: SettingOption[] = [
	{ flavors: BETA, property: { ...expiresProperty, default: EXPIRES_DEFAULT_SECONDS } },
	{ flavors: TRANSCRIPTION.concat('gaRealtime'), property: { displayName: 'Include Logprobs', name: 'includeLogprobs', type: 'boolean', default: false, description: 'Whether transcription events carry log probabilities' } },
	{ flavors: ['gaTranscription', 'betaTranscription', 'gaRealtime', 'betaSession'], property: { displayName: 'Input Audio Format', name: 'inputAudioFormat', type: 'options', options: audioFormats, default: 'pcm16' } },
	{ flavors: REALTIME, property: { displayName: 'Max Output Tokens', name: 'maxTokens', type: 'string', default: 'inf', description: 'Most output tokens of one response, tool calls included: 1–4096, or inf for the model maximum' } },
	{ flavors: ['gaRealtime'], property: { displayName: 'Output Modality', name: 'modalities', type: 'options', options: [{ name: 'Audio', value: 'audio', description: 'Spoken answers with a transcript' }, { name: 'Text', value: 'text' }], default: 'audio' } },
	{ flavors: ['betaSession'], property: { displayName: 'Modalities', name: 'modalities', type: 'options', options: [{ name: 'Audio and Text', value: 'audio' }, { name: 'Text Only', value: 'text' }], default: 'audio' } },
	{ flavors: ['gaTranscription', 'betaTranscription', 'gaRealtime', 'betaSession'], property: { displayName: 'Noise Reduction', name: 'noiseReduction', type: 'options', options: [{ name: 'Far Field', value: 'far_field', description: 'Laptop or conference-room microphones' }, { name: 'Near Field', value: 'near_field', description: 'Headsets and close-talking microphones' }, { name: 'Off', value: 'off', description: 'Sent as null' }], default: 'near_field' } },
	{ flavors: REALTIME, property: { displayName: 'Output Audio Format', name: 'outputAudioFormat', type: 'options', options: audioFormats, default: 'pcm16' } },
	{ flavors: REALTIME, property: { displayName: 'Speed', name: 'speed', type: 'number', typeOptions: { minValue: 0.25, maxValue: 1.5, numberPrecision: 2 }, default: 1, description: 'Speaking speed, 0.25–1.5 (1 is normal); changes only between turns' } },
	{ flavors: ['betaSession'], property: { displayName: 'Temperature', name: 'temperature', type: 'number', typeOptions: { minValue: 0.6, maxValue: 1.2, numberPrecision: 2 }, default: 0.8, description: 'Sampling temperature, 0.6–1.2 (the GA endpoint has none)' } },
	{ flavors: REALTIME, property: { displayName: 'Tool Choice', name: 'toolChoice', type: 'options', options: [{ name: 'Auto', value: 'auto' }, { name: 'A Specific Function', value: 'function' }, { name: 'None', value: 'none' }, { name: 'Required', value: 'required' }], default: 'auto', description: 'How the model chooses tools' } },
	{ flavors: REALTIME, property: { displayName: 'Tool Choice Function Name', name: 'toolChoiceFunction', type: 'string', default: '', description: 'The function the model must call, when Tool Choice is A Specific Function' } },
	{ flavors: REALTIME, property: { displayName: 'Tools (JSON)', name: 'tools', type: 'json', default: '[]', description: 'List of function tools: {"type": "function", "name", "description", "parameters": JSON Schema object}' } },
	{ flavors: REALTIME, property: { displayName: 'Tracing', name: 'tracing', type: 'options', options: [{ name: 'Auto', value: 'auto', description: 'Trace with default workflow name, group and metadata' }, { name: 'Custom', value: 'custom', description: 'Trace with the workflow name, group ID and metadata below' }, { name: 'Off', value: 'off', description: 'Sent as null' }], default: 'auto', description: 'Tracing in the OpenAI Traces dashboard; it cannot be changed once enabled' } },
	{ flavors: REALTIME, property: { displayName: 'Tracing Group ID', name: 'tracingGroupId', type: 'string', default: '', description: 'Group ID of the trace, when Tracing is Custom' } },
	{ flavors: REALTIME, property: { displayName: 'Tracing Metadata (JSON)', name: 'tracingMetadata', type: 'json', default: '{}', description: 'Metadata object of the trace, when Tracing is Custom' } },
	{ flavors: REALTIME, property: { displayName: 'Tracing Workflow Name', name: 'tracingWorkflowName', type: 'string', default: '', description: 'Workflow name of the trace, when Tracing is Custom' } },
	{ flavors: TRANSCRIPTION.concat(REALTIME), property: { displayName: 'Transcription Language', name: 'transcriptionLanguage', type: 'string', default: '', placeholder: 'en', description: 'ISO-639-1 code of the spoken language; improves accuracy and latency' } },
	{ flavors: REALTIME, property: { ...transcriptionModelProperty, default: 'gpt-4o-mini-transcribe', description: `Transcribe the user audio with this model (off when not added), e.g. ${TRANSCRIPTION_MODELS.join(', ')}` } },
	{ flavors: TRANSCRIPTION.concat(REALTIME), property: { displayName: 'Transcription Prompt', name: 'transcriptionPrompt', type: 'string', default: '', description: 'Text that guides the transcription style or vocabulary' } },
];

export const SETTINGS_PARAMETER: Record<Flavor, string> = {
	gaRealtime: 'realtimeSettings',
	gaTranscription: 'transcriptionSettings',
	betaSession: 'sessionSettings',
	betaTranscription: 'transcriptionSessionSettings',
};

/** The optional settings of one flavour, as one collection sorted by name. */
export function settingsProperty(flavor: Flavor): INodeProperties {
	return {
		displayName: 'Session Settings',
		name: SETTINGS_PARAMETER[flavor],
		type: 'collection',
		placeholder: 'Add setting',
		default: {},
		options: SETTINGS.filter((setting) => setting.flavors.includes(flavor))
			.map((setting) => setting.property)
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Define Below, JSON, or a field of each input item (the KNIME node's "configuration data" port). */
export function bodySourceProperties(jsonParameter: string, example: object): INodeProperties[] {
	return [
		{
			displayName: 'Body Source',
			name: 'bodySource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Define Below', value: 'fields', description: 'Set each field in this node' },
				{ name: 'JSON', value: 'json', description: 'Write the whole request body as JSON' },
				{ name: 'From Input Item Field', value: 'inputField', description: 'Take the request body from a field of each input item (one body per configuration item)' },
			],
			default: 'fields',
		},
		{
			displayName: 'Body (JSON)',
			name: jsonParameter,
			type: 'json',
			default: JSON.stringify(example, null, 2),
			required: true,
			description: 'The complete request body; validated against the same rules as the fields',
			displayOptions: { show: { bodySource: ['json'] } },
		},
		{
			displayName: 'Body Field',
			name: 'bodyField',
			type: 'string',
			default: 'body',
			required: true,
			description: 'Input item field (dot notation for nested fields) holding the request body as an object or JSON text',
			displayOptions: { show: { bodySource: ['inputField'] } },
		},
	];
}

/** Shows a typed field only when the body is defined below. */
export const whenFields = (properties: INodeProperties[], extra: Record<string, string[]> = {}): INodeProperties[] =>
	properties.map((property) => ({ ...property, displayOptions: { show: { bodySource: ['fields'], ...extra } } }));
