import { randomUUID } from 'node:crypto';

import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { answerWithId } from '../../../../src/vendors/answers';
import { validateWith, type ValidationResult } from '../../../../src/config/validate';
import {
	IDEMPOTENCY_KEY_PATTERN,
	RESERVED_TRANSPORTS,
	sessionCreateSchema,
	sessionDraftSchema,
	type SessionCreateRequest,
	type SessionDraft,
} from '../../../../src/vendors/protoface';
import { invalidInput, jsonObjectParameter, numberFromText } from '../../../shared/bodyInput';
import { requiredString } from '../../../shared/configInput';
import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { sessionRow, withoutWorkerToken } from '../../rows';
import { credentialBaseUrl, protofaceRequest } from '../../transport';
import { conflictHint } from './conflictHint';
import { createProperties } from './createProperties';
import { refuseLoopback, toWsUrl } from './transportUrl';
import { waitUntilRunning, type WaitOptions } from './waitUntilRunning';
import { DEFAULT_TOKEN_TTL_SECONDS, liveKitSigner, signWorkerToken, type LiveKitSigner, type WorkerGrant } from './workerToken';

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, createProperties);

interface Prepared {
	/** The whole body with a pasted token; without `worker_token` when it is minted in `send`. */
	body: SessionDraft | SessionCreateRequest;
	/** Set when the token is minted: signed right before sending. */
	mint?: { signer: LiveKitSigner; grant: WorkerGrant };
	/** A pasted token, kept only to scrub it from anything that comes back. */
	pastedToken?: string;
	idempotencyKey: string;
	keyGiven: boolean;
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

/** Keys given per execution: two items sharing one would get the first item's session back (or a 409). */
const givenKeys = new WeakMap<object, Map<string, number>>();

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));

/** The validated body, or the item fails naming the node parameter its first problem is about. */
function checked<T>(fn: IExecuteFunctions, itemIndex: number, result: ValidationResult<T>, secrets: string[]): T {
	if (result.ok) return result.value;
	const first = result.errors[0];
	const field = Object.keys(PARAMETERS).find((path) => first.startsWith(`session.${path} `) || first.startsWith(`session.${path}.`));
	const [name, label] = field ? PARAMETERS[field] : ['session', 'Session'];
	throw invalidInput(fn, itemIndex, `Invalid ${label}`, result.errors, { fieldOf: () => name, secrets });
}

function readWait(fn: IExecuteFunctions, itemIndex: number): WaitOptions | undefined {
	if (!fn.getNodeParameter('waitUntilRunning', itemIndex, false)) return undefined;
	const interval = Number(fn.getNodeParameter('pollIntervalSeconds', itemIndex, 2));
	const timeout = Number(fn.getNodeParameter('waitTimeoutSeconds', itemIndex, 60));
	if (!Number.isFinite(interval) || interval < 0.25 || interval > 60) {
		throw fieldError(fn, 'pollIntervalSeconds', `Poll Interval (Seconds) must be from 0.25 to 60, got ${JSON.stringify(interval)}`, { itemIndex });
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

function readIdempotencyKey(fn: IExecuteFunctions, extra: IDataObject, itemIndex: number): string | undefined {
	const given = text(extra.idempotencyKey);
	if (!given) return undefined;
	if (!IDEMPOTENCY_KEY_PATTERN.test(given)) {
		throw fieldError(fn, 'idempotencyKey', `Idempotency Key must be 1 to 255 printable ASCII characters (letters, digits, spaces and punctuation), got ${given.length > 255 ? `${given.length} characters` : JSON.stringify(given)}`, {
			itemIndex,
			description: 'It is sent as an HTTP header, which carries ASCII only: use e.g. an order number or {{ $json.id }}',
		});
	}
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
	return given;
}

function readTtl(fn: IExecuteFunctions, itemIndex: number, wait: WaitOptions | undefined): number {
	const ttlSeconds = Number(fn.getNodeParameter('tokenTtlSeconds', itemIndex, DEFAULT_TOKEN_TTL_SECONDS));
	if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 86_400) {
		throw fieldError(fn, 'tokenTtlSeconds', `Token TTL (Seconds) must be a whole number from 60 to 86400, got ${JSON.stringify(ttlSeconds)}`, { itemIndex });
	}
	// The worker may join at any moment of the wait; a token expiring before the wait ends could be refused then.
	if (wait && ttlSeconds * 1000 < wait.timeoutMs) {
		throw fieldError(fn, 'tokenTtlSeconds', `Token TTL (Seconds) must be at least Wait Timeout (Seconds) (${wait.timeoutMs / 1000}), got ${ttlSeconds}`, {
			itemIndex,
			description: 'The worker can join the room at any time until the session runs, so the token must stay valid for the whole wait',
		});
	}
	return ttlSeconds;
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
	const wait = readWait(this, itemIndex);
	const minting = this.getNodeParameter('workerTokenSource', itemIndex, 'paste') === 'mint';
	let url = text(this.getNodeParameter('transportUrl', itemIndex, ''));
	let mint: Prepared['mint'];
	let pastedToken: string | undefined;
	if (minting) {
		const ttlSeconds = readTtl(this, itemIndex, wait);
		const signer = await liveKitSigner(this, itemIndex);
		url ||= signer.url;
		mint = { signer, grant: { identity: workerIdentity, room: roomName, ttlSeconds } };
	} else {
		pastedToken = text(this.getNodeParameter('workerToken', itemIndex, ''));
	}

	const transport: IDataObject = { type: 'livekit', url: toWsUrl(url), room_name: roomName, worker_identity: workerIdentity };
	if (!minting) transport.worker_token = pastedToken;
	if (extra.audioSource !== undefined) transport.audio_source = extra.audioSource;
	if (text(extra.subscribeToIdentity)) transport.subscribe_to_identity = text(extra.subscribeToIdentity);
	if (extra.syntheticAudioIfNoInput !== undefined) transport.synthetic_audio_if_no_input = extra.syntheticAudioIfNoInput;
	const candidate: IDataObject = {
		avatar_id: avatarId,
		idle_timeout_seconds: numberFromText(this.getNodeParameter('idleTimeoutSeconds', itemIndex, 30)) as number,
		quality: this.getNodeParameter('quality', itemIndex, 'standard') as string,
		transport,
	};
	if (extra.maxDurationSeconds !== undefined) candidate.max_duration_seconds = numberFromText(extra.maxDurationSeconds) as number;
	const metadata = jsonObjectParameter(this, 'metadata', 'Metadata', extra.metadata, itemIndex);
	if (metadata && Object.keys(metadata).length) candidate.metadata = metadata;

	const secrets = pastedToken ? [pastedToken] : [];
	const body = minting
		? checked(this, itemIndex, validateWith(sessionDraftSchema, candidate, 'session'), secrets)
		: checked(this, itemIndex, validateWith(sessionCreateSchema, candidate, 'session'), secrets);
	refuseLoopback(this, body.transport.url, await credentialBaseUrl(this), minting, itemIndex);
	const givenKey = readIdempotencyKey(this, extra, itemIndex);
	// Generated here, not per attempt: a retried request carries the same key, so it cannot create a second session.
	return { body, mint, pastedToken, idempotencyKey: givenKey ?? randomUUID(), keyGiven: givenKey !== undefined, wait };
}

/** The body to send: a minted token is signed now, once per item, so every retry sends the same body. */
async function finalBody(fn: IExecuteFunctions, item: Prepared, itemIndex: number): Promise<{ body: SessionCreateRequest; token: string }> {
	if (!item.mint) return { body: item.body as SessionCreateRequest, token: item.pastedToken ?? '' };
	const token = await signWorkerToken(item.mint.signer, item.mint.grant);
	const candidate = { ...item.body, transport: { ...item.body.transport, worker_token: token } };
	return { body: checked(fn, itemIndex, validateWith(sessionCreateSchema, candidate, 'session'), [token]), token };
}

/** POST /v1/sessions with the item's Idempotency-Key, then (optionally) wait for the worker. */
export async function send(this: IExecuteFunctions, item: Prepared, context: SendContext): Promise<ItemResult> {
	// Errors need no scrubbing here: the runner redacts the run's secrets (pasted tokens among them)
	// and every JWT (minted tokens) from each error's message, description and context.
	const { body, token } = await finalBody(this, item, context.itemIndex);
	const created = await protofaceRequest.call(
		this,
		{ method: 'POST', path: '/v1/sessions', body: body as unknown as IDataObject, headers: { 'Idempotency-Key': item.idempotencyKey }, expect: answerWithId('a session') },
		context,
		{ conflict: conflictHint(item.keyGiven, item.mint !== undefined) },
	);
	const waited = item.wait ? await waitUntilRunning.call(this, created, item.idempotencyKey, item.wait, context) : undefined;
	const response = waited?.response ?? created;
	const scrubbed = withoutWorkerToken(response.body, [token]);
	const row: IDataObject = { ...sessionRow(scrubbed), idempotencyKey: item.idempotencyKey };
	if (waited) row.waitedMs = waited.waitedMs;
	return { raw: { ...response, body: scrubbed }, rows: [row] };
}
