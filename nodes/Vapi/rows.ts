/** Structured Table columns of the Vapi operations: the useful fields first, then everything else. */
import type { IDataObject } from 'n8n-workflow';

import { asObject, isEmptyObject } from '../shared/objects';
import { flattenRow } from '../shared/output';
import type { ApiResponse } from '../shared/transport/http';

/** Takes `keys` out of a nested object; what is left keeps its place as dotted columns under `prefix`. */
function split(value: unknown, prefix: string, keys: string[]): { picked: IDataObject; rest: IDataObject } {
	const picked: IDataObject = {};
	const remaining: IDataObject = { ...asObject(value) };
	for (const key of keys) {
		picked[key] = remaining[key] ?? null;
		delete remaining[key];
	}
	// Pre-flattened so a remainder never lands on a column of the same name (e.g. `model`).
	return { picked, rest: Object.keys(remaining).length ? flattenRow(remaining, prefix) : {} };
}

/** Session: id, name, status, assistantId, squadId, customerNumber, expirationSeconds, cost, createdAt, updatedAt, transcript, recordingUrl, then the rest. */
export function sessionRow(body: unknown): IDataObject {
	const { id, name, status, assistantId, squadId, expirationSeconds, cost, createdAt, updatedAt, customer, artifact, ...rest } = asObject(body);
	const customerParts = split(customer, 'customer', ['number']);
	const artifactParts = split(artifact, 'artifact', ['transcript', 'recordingUrl']);
	return {
		id: id ?? null,
		name: name ?? null,
		status: status ?? null,
		assistantId: assistantId ?? null,
		squadId: squadId ?? null,
		customerNumber: customerParts.picked.number,
		expirationSeconds: expirationSeconds ?? null,
		cost: cost ?? null,
		createdAt: createdAt ?? null,
		updatedAt: updatedAt ?? null,
		transcript: artifactParts.picked.transcript,
		recordingUrl: artifactParts.picked.recordingUrl,
		...rest,
		...customerParts.rest,
		...artifactParts.rest,
	};
}

/** Assistant: id, name, firstMessage, firstMessageMode, modelProvider, model, voiceProvider, voiceId, transcriberProvider, maxDurationSeconds, serverUrl, createdAt, then the rest. */
export function assistantRow(body: unknown): IDataObject {
	const { id, name, firstMessage, firstMessageMode, model, voice, transcriber, maxDurationSeconds, server, createdAt, ...rest } = asObject(body);
	const modelParts = split(model, 'model', ['provider', 'model']);
	const voiceParts = split(voice, 'voice', ['provider', 'voiceId']);
	const transcriberParts = split(transcriber, 'transcriber', ['provider']);
	const serverParts = split(server, 'server', ['url']);
	return {
		id: id ?? null,
		name: name ?? null,
		firstMessage: firstMessage ?? null,
		firstMessageMode: firstMessageMode ?? null,
		modelProvider: modelParts.picked.provider,
		model: modelParts.picked.model,
		voiceProvider: voiceParts.picked.provider,
		voiceId: voiceParts.picked.voiceId,
		transcriberProvider: transcriberParts.picked.provider,
		maxDurationSeconds: maxDurationSeconds ?? null,
		serverUrl: serverParts.picked.url,
		createdAt: createdAt ?? null,
		...rest,
		...modelParts.rest,
		...voiceParts.rest,
		...transcriberParts.rest,
		...serverParts.rest,
	};
}

/** A session list `{results, metadata}` or an assistant list `[…]`: the entries. */
export function listEntries(body: unknown): IDataObject[] {
	const list = Array.isArray(body) ? body : asObject(body).results;
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/**
 * A delete's row: Vapi answers with the deleted object, shown like a Get; a proxy or a future API
 * version may answer 204 with no body, and then the row says which ID was deleted.
 */
export function deletedRow(id: string, response: ApiResponse, row: (body: unknown) => IDataObject): IDataObject {
	const { body, status } = response;
	const empty = status === 204 || body === undefined || body === null || body === '' || isEmptyObject(body);
	return empty ? { id, deleted: true } : row(body);
}
