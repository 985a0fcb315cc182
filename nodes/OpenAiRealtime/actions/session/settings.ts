/**
 * The optional "Session Settings" of each session flavour: one list, each setting naming the flavours
 * it belongs to, so a setting looks the same wherever it appears.
 */
import type { INodeProperties } from 'n8n-workflow';

import { EXPIRES_DEFAULT_SECONDS, SPEED_RANGE, TEMPERATURE_RANGE, TRANSCRIPTION_MODELS } from '../../../../src/vendors/openaiRealtime';
import { expiresProperty, transcriptionModelProperty } from './properties';

export type Flavor = 'gaRealtime' | 'gaTranscription' | 'betaSession' | 'betaTranscription';
const REALTIME: Flavor[] = ['gaRealtime', 'betaSession'];
const TRANSCRIPTION: Flavor[] = ['gaTranscription', 'betaTranscription'];
const BETA: Flavor[] = ['betaSession', 'betaTranscription'];
const ALL: Flavor[] = [...REALTIME, ...TRANSCRIPTION];

const audioFormats = [
	{ name: 'G.711 A-Law', value: 'g711_alaw' },
	{ name: 'G.711 μ-Law', value: 'g711_ulaw' },
	{ name: 'PCM 16-Bit, 24 kHz Mono', value: 'pcm16' },
];

interface SettingOption {
	flavors: Flavor[];
	property: INodeProperties;
}

const SETTINGS: SettingOption[] = [
	{ flavors: BETA, property: { ...expiresProperty, default: EXPIRES_DEFAULT_SECONDS } },
	{
		flavors: ['gaRealtime', ...TRANSCRIPTION],
		property: {
			displayName: 'Include Logprobs',
			name: 'includeLogprobs',
			type: 'boolean',
			default: false,
			description: 'Whether transcription events carry log probabilities',
		},
	},
	{
		flavors: ALL,
		property: { displayName: 'Input Audio Format', name: 'inputAudioFormat', type: 'options', options: audioFormats, default: 'pcm16' },
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Max Output Tokens',
			name: 'maxTokens',
			type: 'string',
			default: 'inf',
			description: 'Most output tokens of one response, tool calls included: 1–4096, or inf for the model maximum',
		},
	},
	{
		flavors: ['gaRealtime'],
		property: {
			displayName: 'Output Modality',
			name: 'modalities',
			type: 'options',
			options: [
				{ name: 'Audio', value: 'audio', description: 'Spoken answers with a transcript' },
				{ name: 'Text', value: 'text' },
			],
			default: 'audio',
		},
	},
	{
		flavors: ['betaSession'],
		property: {
			displayName: 'Modalities',
			name: 'modalities',
			type: 'options',
			options: [
				{ name: 'Audio and Text', value: 'audio' },
				{ name: 'Text Only', value: 'text' },
			],
			default: 'audio',
		},
	},
	{
		flavors: ALL,
		property: {
			displayName: 'Noise Reduction',
			name: 'noiseReduction',
			type: 'options',
			options: [
				{ name: 'Far Field', value: 'far_field', description: 'Laptop or conference-room microphones' },
				{ name: 'Near Field', value: 'near_field', description: 'Headsets and close-talking microphones' },
				{ name: 'Off', value: 'off', description: 'Sent as null' },
			],
			default: 'near_field',
		},
	},
	{
		flavors: REALTIME,
		property: { displayName: 'Output Audio Format', name: 'outputAudioFormat', type: 'options', options: audioFormats, default: 'pcm16' },
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Speed',
			name: 'speed',
			type: 'number',
			typeOptions: { minValue: SPEED_RANGE.min, maxValue: SPEED_RANGE.max, numberPrecision: 2 },
			default: 1,
			description: `Speaking speed, ${SPEED_RANGE.min}–${SPEED_RANGE.max} (1 is normal); changes only between turns`,
		},
	},
	{
		flavors: ['betaSession'],
		property: {
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: TEMPERATURE_RANGE.min, maxValue: TEMPERATURE_RANGE.max, numberPrecision: 2 },
			default: 0.8,
			description: `Sampling temperature, ${TEMPERATURE_RANGE.min}–${TEMPERATURE_RANGE.max} (the GA endpoint has none)`,
		},
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Tool Choice',
			name: 'toolChoice',
			type: 'options',
			options: [
				{ name: 'A Specific Function', value: 'function', description: 'The function named in Tool Choice Function Name' },
				{ name: 'Auto', value: 'auto' },
				{ name: 'None', value: 'none' },
				{ name: 'Required', value: 'required' },
			],
			default: 'auto',
			description: 'How the model chooses tools',
		},
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Tool Choice Function Name',
			name: 'toolChoiceFunction',
			type: 'string',
			default: '',
			description: 'The function the model must call; only with Tool Choice "A Specific Function"',
		},
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Tools (JSON)',
			name: 'tools',
			type: 'json',
			default: '[]',
			description: 'List of function tools: {"type": "function", "name", "description", "parameters": JSON Schema object}',
		},
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Tracing',
			name: 'tracing',
			type: 'options',
			options: [
				{ name: 'Auto', value: 'auto', description: 'Trace with default workflow name, group and metadata' },
				{ name: 'Custom', value: 'custom', description: 'Trace with the workflow name, group ID and metadata set here' },
				{ name: 'Off', value: 'off', description: 'Sent as null' },
			],
			default: 'auto',
			description: 'Tracing in the OpenAI Traces dashboard; it cannot be changed once enabled',
		},
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Tracing Group ID',
			name: 'tracingGroupId',
			type: 'string',
			default: '',
			description: 'Group ID of the trace; only with Tracing "Custom"',
		},
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Tracing Metadata (JSON)',
			name: 'tracingMetadata',
			type: 'json',
			default: '{}',
			description: 'Metadata object of the trace; only with Tracing "Custom"',
		},
	},
	{
		flavors: REALTIME,
		property: {
			displayName: 'Tracing Workflow Name',
			name: 'tracingWorkflowName',
			type: 'string',
			default: '',
			description: 'Workflow name of the trace; only with Tracing "Custom"',
		},
	},
	{
		flavors: ALL,
		property: {
			displayName: 'Transcription Language',
			name: 'transcriptionLanguage',
			type: 'string',
			default: '',
			placeholder: 'en',
			description: 'Two-letter ISO-639-1 code of the spoken language; improves accuracy and latency (needs a transcription model)',
		},
	},
	{
		flavors: REALTIME,
		property: {
			...transcriptionModelProperty,
			default: 'gpt-4o-mini-transcribe',
			description: `Transcribe the user audio with this model (off when not added), e.g. ${TRANSCRIPTION_MODELS.join(', ')}`,
		},
	},
	{
		flavors: ALL,
		property: {
			displayName: 'Transcription Prompt',
			name: 'transcriptionPrompt',
			type: 'string',
			default: '',
			description: 'Text that guides the transcription style or vocabulary (needs a transcription model)',
		},
	},
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
