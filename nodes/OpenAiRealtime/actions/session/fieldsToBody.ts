/**
 * Builds each endpoint's request body from the typed fields, without judging the values: the vendor
 * schema does that afterwards, exactly as for a JSON body, so both paths give the same messages.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseJsonOrNote, setPath } from '../../../shared/bodyInput';
import { GA_FORMAT_OF, LOGPROBS_INCLUDE } from '../../../../src/vendors/openaiRealtime';
import { SETTINGS_PARAMETER, type Flavor } from './properties';

type Value = unknown;

/** Empty text and undefined are left out; `null` (an explicit "off") is kept. */
const put = (target: IDataObject, path: string[], value: Value) => setPath(target, path, value, { keepNull: true });
const parseJson = parseJsonOrNote;

/** "inf" stays text, digits become a number, anything else goes to the schema as typed. */
function maxTokens(value: Value): Value {
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

const text = (value: Value) => (typeof value === 'string' ? value.trim() : value);

function turnDetection(fn: IExecuteFunctions, itemIndex: number, ga: boolean): Value {
	const settings = (fn.getNodeParameter('turnDetection', itemIndex, {}) as IDataObject).settings as IDataObject | undefined;
	if (!settings) return undefined;
	const type = settings.type ?? 'server_vad';
	if (type === 'none') return null;
	const vad: IDataObject = { type };
	if (type === 'server_vad') {
		vad.threshold = settings.threshold ?? 0.5;
		vad.prefix_padding_ms = settings.prefixPaddingMs ?? 300;
		vad.silence_duration_ms = settings.silenceDurationMs ?? 500;
		if (ga && settings.idleTimeoutMs) vad.idle_timeout_ms = settings.idleTimeoutMs;
	} else {
		vad.eagerness = settings.eagerness ?? 'auto';
	}
	vad.create_response = settings.createResponse ?? true;
	vad.interrupt_response = settings.interruptResponse ?? true;
	return vad;
}

function transcription(model: Value, settings: IDataObject): IDataObject | undefined {
	const value: IDataObject = {};
	put(value, ['model'], text(model));
	put(value, ['language'], text(settings.transcriptionLanguage));
	put(value, ['prompt'], settings.transcriptionPrompt);
	return Object.keys(value).length ? value : undefined;
}

const noiseReduction = (value: Value) => (value === undefined ? undefined : value === 'off' ? null : { type: value });

function toolChoice(settings: IDataObject): Value {
	if (settings.toolChoice !== 'function') return settings.toolChoice;
	return { type: 'function', name: text(settings.toolChoiceFunction) ?? '' };
}

function tracing(settings: IDataObject): Value {
	if (settings.tracing === undefined) return undefined;
	if (settings.tracing === 'off') return null;
	if (settings.tracing === 'auto') return 'auto';
	const custom: IDataObject = {};
	put(custom, ['workflow_name'], text(settings.tracingWorkflowName));
	put(custom, ['group_id'], text(settings.tracingGroupId));
	const metadata = parseJson(settings.tracingMetadata);
	if (metadata !== undefined && !(typeof metadata === 'object' && metadata !== null && Object.keys(metadata).length === 0)) put(custom, ['metadata'], metadata);
	return custom;
}

const gaFormat = (value: Value) => (typeof value === 'string' ? (GA_FORMAT_OF[value as keyof typeof GA_FORMAT_OF] ?? value) : value);
const include = (settings: IDataObject) => (settings.includeLogprobs === true ? [LOGPROBS_INCLUDE] : undefined);

function read(fn: IExecuteFunctions, itemIndex: number, flavor: Flavor) {
	const settings = fn.getNodeParameter(SETTINGS_PARAMETER[flavor], itemIndex, {}) as IDataObject;
	const param = (name: string) => fn.getNodeParameter(name, itemIndex, '') as Value;
	return { settings, param };
}

/** `POST /realtime/client_secrets`: `{expires_after, session}` in the GA shape. */
export function clientSecretBody(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const sessionType = fn.getNodeParameter('sessionType', itemIndex, 'realtime') as string;
	const flavor: Flavor = sessionType === 'transcription' ? 'gaTranscription' : 'gaRealtime';
	const { settings, param } = read(fn, itemIndex, flavor);
	const body: IDataObject = { expires_after: { anchor: 'created_at', seconds: param('expiresAfterSeconds') } };
	const session: IDataObject = { type: sessionType };
	if (flavor === 'gaRealtime') {
		put(session, ['model'], text(param('model')));
		put(session, ['instructions'], param('instructions'));
		if (settings.modalities !== undefined) session.output_modalities = [settings.modalities];
		put(session, ['audio', 'output', 'voice'], param('voice'));
		put(session, ['audio', 'output', 'format'], gaFormat(settings.outputAudioFormat));
		put(session, ['audio', 'output', 'speed'], settings.speed);
		put(session, ['audio', 'input', 'transcription'], transcription(settings.transcriptionModel, settings));
		put(session, ['max_output_tokens'], maxTokens(settings.maxTokens));
		put(session, ['tools'], parseJson(settings.tools));
		put(session, ['tool_choice'], toolChoice(settings));
		put(session, ['tracing'], tracing(settings));
	} else {
		put(session, ['audio', 'input', 'transcription'], transcription(param('transcriptionModel'), settings));
	}
	put(session, ['audio', 'input', 'format'], gaFormat(settings.inputAudioFormat));
	put(session, ['audio', 'input', 'noise_reduction'], noiseReduction(settings.noiseReduction));
	put(session, ['audio', 'input', 'turn_detection'], turnDetection(fn, itemIndex, true));
	put(session, ['include'], include(settings));
	body.session = session;
	return body;
}

/** Beta `POST /realtime/sessions`: the flat legacy session fields. */
export function betaSessionBody(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const { settings, param } = read(fn, itemIndex, 'betaSession');
	const body: IDataObject = {};
	put(body, ['model'], text(param('model')));
	if (settings.modalities !== undefined) body.modalities = settings.modalities === 'text' ? ['text'] : ['text', 'audio'];
	put(body, ['instructions'], param('instructions'));
	put(body, ['voice'], param('voice'));
	put(body, ['input_audio_format'], settings.inputAudioFormat);
	put(body, ['output_audio_format'], settings.outputAudioFormat);
	put(body, ['input_audio_transcription'], transcription(settings.transcriptionModel, settings));
	put(body, ['input_audio_noise_reduction'], noiseReduction(settings.noiseReduction));
	put(body, ['turn_detection'], turnDetection(fn, itemIndex, false));
	put(body, ['tools'], parseJson(settings.tools));
	put(body, ['tool_choice'], toolChoice(settings));
	put(body, ['temperature'], settings.temperature);
	put(body, ['max_response_output_tokens'], maxTokens(settings.maxTokens));
	put(body, ['speed'], settings.speed);
	put(body, ['tracing'], tracing(settings));
	if (settings.expiresAfterSeconds !== undefined) body.client_secret = { expires_after: { anchor: 'created_at', seconds: settings.expiresAfterSeconds } };
	return body;
}

/** Beta `POST /realtime/transcription_sessions` (its secret TTL field is `client_secret.expires_at`). */
export function betaTranscriptionSessionBody(fn: IExecuteFunctions, itemIndex: number): IDataObject {
	const { settings, param } = read(fn, itemIndex, 'betaTranscription');
	const body: IDataObject = {};
	put(body, ['input_audio_format'], settings.inputAudioFormat);
	put(body, ['input_audio_transcription'], transcription(param('transcriptionModel'), settings));
	put(body, ['input_audio_noise_reduction'], noiseReduction(settings.noiseReduction));
	put(body, ['turn_detection'], turnDetection(fn, itemIndex, false));
	put(body, ['include'], include(settings));
	if (settings.expiresAfterSeconds !== undefined) body.client_secret = { expires_at: { anchor: 'created_at', seconds: settings.expiresAfterSeconds } };
	return body;
}
