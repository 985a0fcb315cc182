import { randomUUID } from 'node:crypto';

import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { validateWith } from '../../../../src/config/validate';
import { IDEMPOTENCY_KEY_MAX, RESERVED_TRANSPORTS, sessionCreateSchema, type SessionCreateRequest } from '../../../../src/vendors/protoface';
import { invalidInput } from '../../../shared/bodyInput';
import { requiredString } from '../../../shared/configInput';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow, withoutWorkerToken } from '../../rows';
import { protofaceRequest, scrubError } from '../../transport';
import { createProperties } from './createProperties';
import { waitUntilRunning, type WaitOptions } from './waitUntilRunning';
import { DEFAULT_TOKEN_TTL_SECONDS, mintWorkerToken } from './workerToken';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, createProperties);

interface Prepared {
	body: SessionCreateRequest;
	idempotencyKey: string;
	/** The worker token sent, kept only to scrub it from anything that comes back. */
	workerToken: string;
	wait: WaitOptions | undefined;
}

/** Body field → the node parameter a user edits, for error messages. */
const PARAMETERS: Record<string, [name: string, label: string]> = {
	avatar_id: ['avatarId', 'Avatar ID'],
	idle_timeout_seconds: ['idleTimeoutSeconds', 'Idle Timeout (Seconds)'],
	max_duration_seconds: ['maxDurationSeconds', 'Max Duration (Seconds)'],
	metadata: ['metadata', 'Metadata'],
	quality: ['quality', 'Quality'],
	'transport.url': ['transportUrl', 'LiveKit URL'],
	'transport.room_name': ['roomName', 'Room Name'],
	'transport.worker_token': ['workerToken', 'Worker Token'],
	'transport.worker_identity': ['workerIdentity', 'Worker Identity'],
	'transport.audio_source': ['audioSource', 'Audio Source'],
	'transport.subscribe_to_identity': ['subscribeToIdentity', 'Subscribe To Identity'],
	'transport.synthetic_audio_if_no_input': ['syntheticAudioIfNoInput', 'Synthetic Audio If No Input'],
};

/** Numbers often arrive as text from CSV rows or webhooks: "30" is read as 30, anything else is left to the schema. */
const numeric = (value: unknown) => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value);

/** Keys given per execution: two items sharing one would get the first item's session back (or a 409). */
const givenKeys = new WeakMap<object, Map<string, number>>();

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));

function readMetadata(fn: IExecuteFunctions, raw: unknown, itemIndex: number): IDataObject | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw fieldError(fn, 'metadata', `Metadata is not valid JSON: ${(error as Error).message}`, { itemIndex });
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw fieldError(fn, 'metadata', 'Metadata must be a JSON object, e.g. {"customer_session_id": "abc123"}', { itemIndex });
	}
	return Object.keys(value).length ? (value as IDataObject) : undefined;
}

function readWait(fn: IExecuteFunctions, itemIndex: number): WaitOptions | undefined {
	if (!fn.getNodeParameter('waitUntilRunning', itemIndex, false)) return undefined;
	const interval = Number(fn.getNodeParameter('pollIntervalSeconds', itemIndex, 2));
	const timeout = Number(fn.getNodeParameter('waitTimeoutSeconds', itemIndex, 60));
	if (!Number.isFinite(interval) || interval < 0.01 || interval > 60) {
		throw fieldError(fn, 'pollIntervalSeconds', `Poll Interval (Seconds) must be from 0.01 to 60, got ${JSON.stringify(interval)}`, { itemIndex });
	}
	if (!Number.isFinite(timeout) || timeout < 1 || timeout > 3600) {
		throw fieldError(fn, 'waitTimeoutSeconds', `Wait Timeout (Seconds) must be from 1 to 3600, got ${JSON.stringify(timeout)}`, { itemIndex });
	}
	return { intervalMs: Math.round(interval * 1000), timeoutMs: Math.round(timeout * 1000) };
}

/** The API's own refusal, before anything is sent. */
function refuseReservedTransport(fn: IExecuteFunctions, type: string, itemIndex: number) {
	const error = fieldError(fn, 'transportType', `[transport.unsupported] transport.type=${type} is reserved and not yet available`, {
		itemIndex,
		description: 'Protoface accepts only Transport Type "LiveKit" today (websocket and pipecat are reserved)',
	});
	error.context.code = 'transport.unsupported';
	return error;
}

function readIdempotencyKey(fn: IExecuteFunctions, extra: IDataObject, itemIndex: number): string {
	const given = text(extra.idempotencyKey);
	if (given.length > IDEMPOTENCY_KEY_MAX) {
		throw fieldError(fn, 'idempotencyKey', `Idempotency Key must be at most ${IDEMPOTENCY_KEY_MAX} characters, got ${given.length}`, { itemIndex });
	}
	if (given) {
		const keys = givenKeys.get(fn) ?? new Map<string, number>();
		givenKeys.set(fn, keys);
		const other = keys.get(given);
		if (other !== undefined && other !== itemIndex) {
			throw fieldError(fn, 'idempotencyKey', `Idempotency Key "${given}" is also used by item ${other + 1}`, {
				itemIndex,
				description: 'Each item creates its own session and needs its own key: use an expression such as {{ $json.orderId }}, or leave it empty to generate one',
			});
		}
		keys.set(given, itemIndex);
	}
	// Generated here, not per attempt: a retried request carries the same key, so it cannot create a second session.
	return given || randomUUID();
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const type = text(this.getNodeParameter('transportType', itemIndex, 'livekit'));
	if ((RESERVED_TRANSPORTS as readonly string[]).includes(type)) throw refuseReservedTransport(this, type, itemIndex);
	if (type !== 'livekit') {
		throw fieldError(this, 'transportType', `Transport Type must be one of "livekit", "pipecat", "websocket", got ${JSON.stringify(type)}`, { itemIndex });
	}
	const avatarId = requiredString(this, 'avatarId', 'Avatar ID', itemIndex);
	const roomName = requiredString(this, 'roomName', 'Room Name', itemIndex);
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const workerIdentity = text(this.getNodeParameter('workerIdentity', itemIndex, 'protoface-worker')) || 'protoface-worker';
	let url = text(this.getNodeParameter('transportUrl', itemIndex, ''));
	let workerToken: string;
	if (this.getNodeParameter('workerTokenSource', itemIndex, 'paste') === 'mint') {
		const ttlSeconds = Number(this.getNodeParameter('tokenTtlSeconds', itemIndex, DEFAULT_TOKEN_TTL_SECONDS));
		if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 86_400) {
			throw fieldError(this, 'tokenTtlSeconds', `Token TTL (Seconds) must be a whole number from 60 to 86400, got ${JSON.stringify(ttlSeconds)}`, { itemIndex });
		}
		const minted = await mintWorkerToken(this, itemIndex, { identity: workerIdentity, room: roomName, ttlSeconds });
		workerToken = minted.token;
		url ||= minted.url;
	} else {
		workerToken = text(this.getNodeParameter('workerToken', itemIndex, ''));
	}

	const transport: IDataObject = { type: 'livekit', url, room_name: roomName, worker_token: workerToken, worker_identity: workerIdentity };
	if (extra.audioSource !== undefined) transport.audio_source = extra.audioSource;
	if (text(extra.subscribeToIdentity)) transport.subscribe_to_identity = text(extra.subscribeToIdentity);
	if (extra.syntheticAudioIfNoInput !== undefined) transport.synthetic_audio_if_no_input = extra.syntheticAudioIfNoInput;
	const candidate: IDataObject = {
		avatar_id: avatarId,
		idle_timeout_seconds: numeric(this.getNodeParameter('idleTimeoutSeconds', itemIndex, 30)) as number,
		quality: this.getNodeParameter('quality', itemIndex, 'standard') as string,
		transport,
	};
	if (extra.maxDurationSeconds !== undefined) candidate.max_duration_seconds = numeric(extra.maxDurationSeconds) as number;
	const metadata = readMetadata(this, extra.metadata, itemIndex);
	if (metadata) candidate.metadata = metadata;

	const result = validateWith(sessionCreateSchema, candidate, 'session');
	if (!result.ok) {
		const field = Object.keys(PARAMETERS).find((path) => result.errors[0].startsWith(`session.${path} `));
		const [name, label] = field ? PARAMETERS[field] : ['session', 'Session'];
		throw invalidInput(this, itemIndex, `Invalid ${label}`, result.errors, { fieldOf: () => name, secrets: [workerToken] });
	}
	return { body: result.value, idempotencyKey: readIdempotencyKey(this, extra, itemIndex), workerToken, wait: readWait(this, itemIndex) };
}

/** POST /v1/sessions with the item's Idempotency-Key, then (optionally) wait for the worker. */
export async function send(this: IExecuteFunctions, item: Prepared, context: SendContext): Promise<ItemResult> {
	const tokens = [item.workerToken];
	try {
		const created = await protofaceRequest.call(
			this,
			{ method: 'POST', path: '/v1/sessions', body: item.body as unknown as IDataObject, headers: { 'Idempotency-Key': item.idempotencyKey } },
			context,
		);
		const waited = item.wait ? await waitUntilRunning.call(this, created, item.wait, context) : undefined;
		const response = waited?.response ?? created;
		const body = withoutWorkerToken(response.body, tokens);
		const row: IDataObject = { ...sessionRow(body), idempotencyKey: item.idempotencyKey };
		if (waited) row.waitedMs = waited.waitedMs;
		return { raw: { ...response, body }, rows: [row] };
	} catch (error) {
		throw scrubError(error, tokens);
	}
}
