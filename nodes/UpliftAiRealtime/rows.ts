/** Structured Table columns of the UpliftAI operations. */
import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../shared/objects';
import { jwtExpiry } from '../shared/output';

export type SessionMode = 'assistant' | 'public' | 'adhoc';


/** Session columns: roomName, wsUrl, token, tokenExpiresAt, participantName, assistantId, mode, then any other field. */
export function sessionRow(
	body: unknown,
	request: { participantName: string; assistantId: string | null; mode: SessionMode },
): IDataObject {
	const { roomName, wsUrl, token, ...rest } = asObject(body);
	return {
		roomName: roomName ?? null,
		wsUrl: wsUrl ?? null,
		token: token ?? null,
		tokenExpiresAt: jwtExpiry(token),
		participantName: request.participantName,
		assistantId: request.assistantId,
		mode: request.mode,
		...rest,
	};
}

/** The assistant id field is not documented; third-party callers read one of these. */
export function assistantIdOf(body: IDataObject): string | null {
	const id = body.realtimeAssistantId ?? body.assistantId ?? body.id;
	return id === undefined || id === null ? null : String(id);
}

/** Assistant columns: assistantId, name, description, public, then provider/model/voice, then the rest. */
export function assistantRow(body: unknown, sent: IDataObject): IDataObject {
	const response = asObject(body);
	const config = (response.config ?? sent.config ?? {}) as IDataObject;
	const pick = (section: string, field: string) =>
		((config[section] as IDataObject | undefined)?.default as IDataObject | undefined)?.[field] ?? null;
	const { realtimeAssistantId, assistantId, id, name, description, public: isPublic, config: _config, ...rest } = response;
	return {
		assistantId: assistantIdOf({ realtimeAssistantId, assistantId, id }),
		name: name ?? sent.name ?? null,
		description: description ?? sent.description ?? null,
		public: isPublic ?? sent.public ?? null,
		sttProvider: pick('stt', 'provider'),
		sttModel: pick('stt', 'model'),
		ttsProvider: pick('tts', 'provider'),
		ttsVoiceId: pick('tts', 'voiceId'),
		ttsOutputFormat: pick('tts', 'outputFormat'),
		llmProvider: pick('llm', 'provider'),
		llmModel: pick('llm', 'model'),
		...rest,
	};
}

/** A list response is either an array or `{sessions: [...]}`; each entry becomes one row. */
export function listRows(body: unknown, assistantId: string): IDataObject[] {
	const list = Array.isArray(body) ? body : (asObject(body).sessions ?? asObject(body).data ?? []);
	return (list as unknown[]).map((entry) => ({ assistantId, ...asObject(entry) }));
}
