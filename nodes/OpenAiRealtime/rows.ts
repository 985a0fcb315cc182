/**
 * Structured Table columns of the three operations: the 15 that seed 003 lists (camel-cased, in its
 * order), then sessionId, type and model. GA responses nest the same settings under `session.audio.*`;
 * they are mapped onto the same columns, and GA audio formats are named as the beta API names them
 * (pcm16, g711_ulaw, g711_alaw) so a column means the same for both APIs. Other objects and lists
 * (turnDetection, tools, modalities, …) are JSON text, so every row has the same flat columns.
 */
import type { IDataObject } from 'n8n-workflow';

import { BETA_AUDIO_FORMATS, GA_FORMAT_OF } from '../../src/vendors/openaiRealtime';
import { isPlainObject } from '../shared/objects';
import { epochSecondsToIso } from '../shared/output';

export type SessionKind = 'realtime' | 'transcription';

/** A nested part of the answer, or nothing when the API left it out. */
const part = (value: unknown): IDataObject => (isPlainObject(value) ? value : {});

/** Strings, numbers and booleans as they are; objects and lists as JSON text; absent as null. */
const cell = (value: unknown): string | number | boolean | null => {
	if (value === undefined || value === null) return null;
	if (typeof value === 'object') return JSON.stringify(value);
	return value as string | number | boolean;
};

/** `{type: "audio/pcmu"}` → `g711_ulaw`; a format the beta API has no name for stays as it is. */
function betaFormatName(format: unknown): unknown {
	if (!isPlainObject(format)) return format;
	const name = BETA_AUDIO_FORMATS.find((candidate) => {
		const { type, rate } = GA_FORMAT_OF[candidate];
		return format.type === type && (format.rate === undefined || format.rate === rate);
	});
	return name ?? format;
}

interface Columns {
	clientSecret: unknown;
	expiresAt: unknown;
	modalities: unknown;
	instructions: unknown;
	voice: unknown;
	inputAudioFormat: unknown;
	outputAudioFormat: unknown;
	inputAudioTranscription: unknown;
	turnDetection: unknown;
	tools: unknown;
	toolChoice: unknown;
	temperature: unknown;
	maxResponseOutputTokens: unknown;
	speed: unknown;
	tracing: unknown;
	sessionId: unknown;
	type: unknown;
	model: unknown;
}

/** The column order: the seed's 15, then ours. Object key order would do, but this says it is meant. */
const COLUMN_ORDER: Array<keyof Columns> = [
	'clientSecret',
	'expiresAt',
	'modalities',
	'instructions',
	'voice',
	'inputAudioFormat',
	'outputAudioFormat',
	'inputAudioTranscription',
	'turnDetection',
	'tools',
	'toolChoice',
	'temperature',
	'maxResponseOutputTokens',
	'speed',
	'tracing',
	'sessionId',
	'type',
	'model',
];

function toRow(columns: Columns): IDataObject {
	const row: IDataObject = {};
	for (const key of COLUMN_ORDER) row[key] = key === 'expiresAt' ? epochSecondsToIso(columns[key]) : cell(columns[key]);
	return row;
}

/** Beta `/realtime/sessions` and `/realtime/transcription_sessions`: flat session with `client_secret`. */
export function betaSessionRow(body: unknown, kind: SessionKind): IDataObject {
	const session = part(body);
	const secret = part(session.client_secret);
	return toRow({
		clientSecret: secret.value,
		expiresAt: secret.expires_at ?? session.expires_at,
		modalities: session.modalities,
		instructions: session.instructions,
		voice: session.voice,
		inputAudioFormat: session.input_audio_format,
		outputAudioFormat: session.output_audio_format,
		inputAudioTranscription: session.input_audio_transcription,
		turnDetection: session.turn_detection,
		tools: session.tools,
		toolChoice: session.tool_choice,
		temperature: session.temperature,
		maxResponseOutputTokens: session.max_response_output_tokens,
		speed: session.speed,
		tracing: session.tracing,
		sessionId: session.id,
		type: kind,
		model: session.model,
	});
}

/** GA `/realtime/client_secrets`: `{value, expires_at, session}` with the audio settings nested. */
export function clientSecretRow(body: unknown): IDataObject {
	const response = part(body);
	const session = part(response.session);
	const audio = part(session.audio);
	const input = part(audio.input);
	const output = part(audio.output);
	return toRow({
		clientSecret: response.value,
		expiresAt: response.expires_at,
		modalities: session.output_modalities,
		instructions: session.instructions,
		voice: output.voice,
		inputAudioFormat: betaFormatName(input.format),
		outputAudioFormat: betaFormatName(output.format),
		inputAudioTranscription: input.transcription,
		turnDetection: input.turn_detection,
		tools: session.tools,
		toolChoice: session.tool_choice,
		temperature: session.temperature,
		maxResponseOutputTokens: session.max_output_tokens,
		speed: output.speed,
		tracing: session.tracing,
		sessionId: session.id,
		type: session.type,
		model: session.model,
	});
}
