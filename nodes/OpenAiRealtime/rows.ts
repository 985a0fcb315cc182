/**
 * Structured Table columns of the three operations, named as seed 003 lists them (camel-cased), plus
 * sessionId, type and model. GA responses nest the same settings under `session.audio.*`; they are
 * mapped onto the same columns. Objects and lists (turnDetection, tools, modalities, formats of GA,
 * …) are JSON text, so every row has the same flat columns whatever the API returned.
 */
import type { IDataObject } from 'n8n-workflow';

import { epochSecondsToIso } from '../shared/output';

export type SessionKind = 'realtime' | 'transcription';

const asObject = (value: unknown): IDataObject =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};

/** Strings, numbers and booleans as they are; objects and lists as JSON text; absent as null. */
const cell = (value: unknown): string | number | boolean | null => {
	if (value === undefined || value === null) return null;
	if (typeof value === 'object') return JSON.stringify(value);
	return value as string | number | boolean;
};

interface Columns {
	clientSecret: unknown;
	expiresAt: unknown;
	sessionId: unknown;
	type: unknown;
	model: unknown;
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
}

function toRow(columns: Columns): IDataObject {
	const row: IDataObject = {};
	for (const [key, value] of Object.entries(columns)) row[key] = key === 'expiresAt' ? epochSecondsToIso(value) : cell(value);
	return row;
}

/** Beta `/realtime/sessions` and `/realtime/transcription_sessions`: flat session with `client_secret`. */
export function betaSessionRow(body: unknown, kind: SessionKind): IDataObject {
	const session = asObject(body);
	const secret = asObject(session.client_secret);
	return toRow({
		clientSecret: secret.value,
		expiresAt: secret.expires_at ?? session.expires_at,
		sessionId: session.id,
		type: kind,
		model: session.model,
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
	});
}

/** GA `/realtime/client_secrets`: `{value, expires_at, session}` with the audio settings nested. */
export function clientSecretRow(body: unknown): IDataObject {
	const response = asObject(body);
	const session = asObject(response.session);
	const audio = asObject(session.audio);
	const input = asObject(audio.input);
	const output = asObject(audio.output);
	return toRow({
		clientSecret: response.value,
		expiresAt: response.expires_at,
		sessionId: session.id,
		type: session.type,
		model: session.model,
		modalities: session.output_modalities,
		instructions: session.instructions,
		voice: output.voice,
		inputAudioFormat: input.format,
		outputAudioFormat: output.format,
		inputAudioTranscription: input.transcription,
		turnDetection: input.turn_detection,
		tools: session.tools,
		toolChoice: session.tool_choice,
		temperature: session.temperature,
		maxResponseOutputTokens: session.max_output_tokens,
		speed: output.speed,
		tracing: session.tracing,
	});
}
