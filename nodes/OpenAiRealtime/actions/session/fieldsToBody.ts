/**
 * Builds each endpoint's request body from the typed fields, without judging the values: the vendor
 * schema does that afterwards, exactly as for a JSON body, so both paths give the same messages. Only
 * the node's own option values are mapped to their wire shape; anything else an expression gives is
 * passed on as it is, for the schema to name.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jsonObjectParameter, jsonParameter, numberFromText, setPath } from '../../../shared/bodyInput';
import { fieldError } from '../../../shared/fieldError';
import { GA_FORMAT_OF, LOGPROBS_INCLUDE } from '../../../../src/vendors/openaiRealtime';
import { SETTINGS_PARAMETER, type Flavor } from './settings';

/** Sets a value that was given; a null from an expression means "not set" and is left out. */
const setIfGiven = (target: IDataObject, path: string[], value: unknown) => setPath(target, path, value);
/** For the fields where null is the API's "off" (turn detection, tracing, noise reduction, transcription). */
const setOrOff = (target: IDataObject, path: string[], value: unknown) => setPath(target, path, value, { keepNull: true });

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
/** Numbers typed, or given as text by a sheet or webhook ("600", "0.7"); blank text is "not set". */
const numeric = (value: unknown) => numberFromText(trimmed(value));
const isGiven = (value: unknown) => value !== undefined && value !== null && value !== '';
const orDefault = (value: unknown, fallback: unknown) => (isGiven(value) ? value : fallback);

/** The option's wire value when it is one of the node's own options, else the value unchanged. */
function optionValue(wire: Record<string, unknown>, value: unknown): unknown {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(wire, value) ? wire[value] : value;
}

const BETA_MODALITIES = { text: ['text'], audio: ['text', 'audio'] };
const GA_MODALITIES = { text: ['text'], audio: ['audio'] };
const TRACING = { off: null, auto: 'auto' };

/** One item's typed fields: the flavour's settings collection and the top-level parameters. */
interface ItemFields {
	fn: IExecuteFunctions;
	itemIndex: number;
	settings: IDataObject;
	settingsParameter: string;
	parameter: (name: string) => unknown;
}

function itemFields(fn: IExecuteFunctions, itemIndex: number, flavor: Flavor): ItemFields {
	const settingsParameter = SETTINGS_PARAMETER[flavor];
	return {
		fn,
		itemIndex,
		settingsParameter,
		settings: fn.getNodeParameter(settingsParameter, itemIndex, {}) as IDataObject,
		parameter: (name) => fn.getNodeParameter(name, itemIndex, ''),
	};
}

/** An option that only means something with another choice: fail naming both rather than drop it. */
function needs(fields: ItemFields, field: { name: string; label: string }, requirement: string) {
	return fieldError(fields.fn, `${fields.settingsParameter}.${field.name}`, `"${field.label}" is set, but ${requirement}`, {
		itemIndex: fields.itemIndex,
	});
}

function turnDetection({ fn, itemIndex }: ItemFields, { ga, forTranscription }: { ga: boolean; forTranscription: boolean }): unknown {
	const settings = (fn.getNodeParameter('turnDetection', itemIndex, {}) as IDataObject).settings as IDataObject | undefined;
	if (!settings) return undefined;
	// Only a missing type takes the field's default; null or an unknown type goes to the schema.
	const type = settings.type === undefined ? 'server_vad' : settings.type;
	if (type === 'none') return null;
	const vad: Record<string, unknown> = { type };
	if (type === 'server_vad') {
		vad.threshold = orDefault(numeric(settings.threshold), 0.5);
		vad.prefix_padding_ms = orDefault(numeric(settings.prefixPaddingMs), 300);
		vad.silence_duration_ms = orDefault(numeric(settings.silenceDurationMs), 500);
		const idleTimeout = numeric(settings.idleTimeoutMs);
		if (ga && isGiven(idleTimeout) && idleTimeout !== 0) vad.idle_timeout_ms = idleTimeout;
	} else if (type === 'semantic_vad') {
		vad.eagerness = orDefault(settings.eagerness, 'auto');
	}
	// A transcription session never answers: openai-node: "Not available for transcription sessions".
	if (!forTranscription && (type === 'server_vad' || type === 'semantic_vad')) {
		vad.create_response = orDefault(settings.createResponse, true);
		vad.interrupt_response = orDefault(settings.interruptResponse, true);
	}
	return vad;
}

function transcription(fields: ItemFields, model: unknown, modelLabel: string): IDataObject | undefined {
	const { settings } = fields;
	const value: IDataObject = {};
	setIfGiven(value, ['model'], trimmed(model));
	setIfGiven(value, ['language'], trimmed(settings.transcriptionLanguage));
	setIfGiven(value, ['prompt'], settings.transcriptionPrompt);
	if (value.model === undefined) {
		const requirement = `"${modelLabel}" is not set: set a transcription model, or remove this setting`;
		if (value.language !== undefined) throw needs(fields, { name: 'transcriptionLanguage', label: 'Transcription Language' }, requirement);
		if (value.prompt !== undefined) throw needs(fields, { name: 'transcriptionPrompt', label: 'Transcription Prompt' }, requirement);
	}
	return Object.keys(value).length ? value : undefined;
}

/** The option values, and a noise type named by an expression sent as `{type}` for the schema to check. */
function noiseReduction(value: unknown): unknown {
	if (value === 'off') return null;
	return typeof value === 'string' && value !== '' ? { type: value } : value;
}

function toolChoice(fields: ItemFields): unknown {
	const { toolChoice: choice } = fields.settings;
	const functionName = trimmed(fields.settings.toolChoiceFunction);
	if (choice === 'function') return { type: 'function', name: functionName ?? '' };
	if (isGiven(functionName)) {
		const requirement = '"Tool Choice" is not "A Specific Function": choose that, or remove the name';
		throw needs(fields, { name: 'toolChoiceFunction', label: 'Tool Choice Function Name' }, requirement);
	}
	return choice;
}

function tracing(fields: ItemFields): unknown {
	const { settings, fn, itemIndex, settingsParameter } = fields;
	const metadataParameter = `${settingsParameter}.tracingMetadata`;
	const metadata = jsonObjectParameter(fn, metadataParameter, 'Tracing Metadata (JSON)', settings.tracingMetadata, itemIndex);
	const custom: IDataObject = {};
	setIfGiven(custom, ['workflow_name'], trimmed(settings.tracingWorkflowName));
	setIfGiven(custom, ['group_id'], trimmed(settings.tracingGroupId));
	// The field's default `{}` is "no metadata", not a value to send.
	if (metadata && Object.keys(metadata).length) custom.metadata = metadata;
	if (settings.tracing === 'custom') return custom;
	const customField = [
		{ name: 'tracingWorkflowName', label: 'Tracing Workflow Name', key: 'workflow_name' },
		{ name: 'tracingGroupId', label: 'Tracing Group ID', key: 'group_id' },
		{ name: 'tracingMetadata', label: 'Tracing Metadata (JSON)', key: 'metadata' },
	].find((field) => custom[field.key] !== undefined);
	if (customField) throw needs(fields, customField, '"Tracing" is not "Custom": choose Custom, or remove it');
	return optionValue(TRACING, settings.tracing);
}

const tools = ({ fn, itemIndex, settings, settingsParameter }: ItemFields) =>
	jsonParameter(fn, `${settingsParameter}.tools`, 'Tools (JSON)', settings.tools, itemIndex);

const gaFormat = (value: unknown) => optionValue(GA_FORMAT_OF, value);
const include = (settings: IDataObject) => (settings.includeLogprobs === true ? [LOGPROBS_INCLUDE] : undefined);

function expiresAfter(seconds: unknown): IDataObject {
	const value: IDataObject = { anchor: 'created_at' };
	setIfGiven(value, ['seconds'], numeric(seconds));
	return value;
}

/** `POST /realtime/client_secrets`: `{expires_after, session}` in the GA shape. */
export function clientSecretBody(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const sessionType = fn.getNodeParameter('sessionType', itemIndex, 'realtime') as string;
	const forTranscription = sessionType === 'transcription';
	const fields = itemFields(fn, itemIndex, forTranscription ? 'gaTranscription' : 'gaRealtime');
	const { settings, parameter } = fields;
	const session: IDataObject = { type: sessionType };
	if (!forTranscription) {
		setIfGiven(session, ['model'], trimmed(parameter('model')));
		setIfGiven(session, ['instructions'], parameter('instructions'));
		setIfGiven(session, ['output_modalities'], optionValue(GA_MODALITIES, settings.modalities));
		setIfGiven(session, ['audio', 'output', 'voice'], trimmed(parameter('voice')));
		setIfGiven(session, ['audio', 'output', 'format'], gaFormat(settings.outputAudioFormat));
		setIfGiven(session, ['audio', 'output', 'speed'], numeric(settings.speed));
		setOrOff(session, ['audio', 'input', 'transcription'], transcription(fields, settings.transcriptionModel, 'Transcription Model'));
		setIfGiven(session, ['max_output_tokens'], numeric(settings.maxTokens));
		setIfGiven(session, ['tools'], tools(fields));
		setIfGiven(session, ['tool_choice'], toolChoice(fields));
		setOrOff(session, ['tracing'], tracing(fields));
	} else {
		setOrOff(session, ['audio', 'input', 'transcription'], transcription(fields, parameter('transcriptionModel'), 'Transcription Model'));
	}
	setIfGiven(session, ['audio', 'input', 'format'], gaFormat(settings.inputAudioFormat));
	setOrOff(session, ['audio', 'input', 'noise_reduction'], noiseReduction(settings.noiseReduction));
	setOrOff(session, ['audio', 'input', 'turn_detection'], turnDetection(fields, { ga: true, forTranscription }));
	setIfGiven(session, ['include'], include(settings));
	return { expires_after: expiresAfter(parameter('expiresAfterSeconds')), session };
}

/** Beta `POST /realtime/sessions`: the flat legacy session fields. */
export function betaSessionBody(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = itemFields(fn, itemIndex, 'betaSession');
	const { settings, parameter } = fields;
	const body: IDataObject = {};
	setIfGiven(body, ['model'], trimmed(parameter('model')));
	setIfGiven(body, ['modalities'], optionValue(BETA_MODALITIES, settings.modalities));
	setIfGiven(body, ['instructions'], parameter('instructions'));
	setIfGiven(body, ['voice'], trimmed(parameter('voice')));
	setIfGiven(body, ['input_audio_format'], settings.inputAudioFormat);
	setIfGiven(body, ['output_audio_format'], settings.outputAudioFormat);
	setOrOff(body, ['input_audio_transcription'], transcription(fields, settings.transcriptionModel, 'Transcription Model'));
	setOrOff(body, ['input_audio_noise_reduction'], noiseReduction(settings.noiseReduction));
	setOrOff(body, ['turn_detection'], turnDetection(fields, { ga: false, forTranscription: false }));
	setIfGiven(body, ['tools'], tools(fields));
	setIfGiven(body, ['tool_choice'], toolChoice(fields));
	setIfGiven(body, ['temperature'], numeric(settings.temperature));
	setIfGiven(body, ['max_response_output_tokens'], numeric(settings.maxTokens));
	setIfGiven(body, ['speed'], numeric(settings.speed));
	setOrOff(body, ['tracing'], tracing(fields));
	if (settings.expiresAfterSeconds !== undefined) body.client_secret = { expires_after: expiresAfter(settings.expiresAfterSeconds) };
	return body;
}

/** Beta `POST /realtime/transcription_sessions` (its secret TTL field is `client_secret.expires_at`). */
export function betaTranscriptionSessionBody(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = itemFields(fn, itemIndex, 'betaTranscription');
	const { settings, parameter } = fields;
	const body: IDataObject = {};
	setIfGiven(body, ['input_audio_format'], settings.inputAudioFormat);
	setOrOff(body, ['input_audio_transcription'], transcription(fields, parameter('transcriptionModel'), 'Transcription Model'));
	setOrOff(body, ['input_audio_noise_reduction'], noiseReduction(settings.noiseReduction));
	setOrOff(body, ['turn_detection'], turnDetection(fields, { ga: false, forTranscription: true }));
	setIfGiven(body, ['include'], include(settings));
	if (settings.expiresAfterSeconds !== undefined) body.client_secret = { expires_at: expiresAfter(settings.expiresAfterSeconds) };
	return body;
}
