/**
 * LiveKit server access for the Realtime Voice node, only through livekit-server-sdk (Twirp over
 * fetch, tokens signed by the SDK). Calls get the same retry policy and error shape as vendor HTTP.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

import { DEFAULT_AGENT_NAME } from '../../src/config';
import { credentialText } from '../../src/transport/credentialText';
import type { SendContext } from '../shared/runner';
import { createApiError } from '../shared/transport/errors';
import { RETRYABLE_STATUSES, ThrottledError, withRetries } from '../shared/transport/retry';

export const CREDENTIAL = 'liveKitApi';

export interface LiveKitCredential {
	serverUrl: string;
	apiKey: string;
	apiSecret: string;
	agentName?: string;
	clientUrl?: string;
}

/** The LiveKit API credential with every value trimmed (src/transport/credentialText): a key or secret pasted with spaces would sign tokens no server accepts. */
export async function liveKitCredential(fn: IExecuteFunctions, itemIndex?: number): Promise<LiveKitCredential> {
	const stored = await fn.getCredentials<Record<keyof LiveKitCredential, unknown>>(CREDENTIAL, itemIndex);
	return {
		serverUrl: credentialText(stored.serverUrl),
		apiKey: credentialText(stored.apiKey),
		apiSecret: credentialText(stored.apiSecret),
		agentName: credentialText(stored.agentName) || undefined,
		clientUrl: credentialText(stored.clientUrl) || undefined,
	};
}

export interface LiveKit {
	credential: LiveKitCredential;
	/** Where browsers connect: the Client WebSocket URL, else the server URL, as ws(s)://. */
	wsUrl: string;
	agentName: string;
	rooms: RoomServiceClient;
	dispatches: AgentDispatchClient;
}

const URL_PATTERN = /^(wss?|https?):\/\/[^\s/]+/i;

/** The SDK speaks HTTP(S) to the server; clients speak WS(S). */
export const toHttpUrl = (url: string) => url.trim().replace(/^ws(s?):\/\//i, 'http$1://').replace(/\/+$/, '');
export const toWsUrl = (url: string) => url.trim().replace(/^http(s?):\/\//i, 'ws$1://').replace(/\/+$/, '');

/** One set of clients per execution: every item of a run shares them. */
const perExecution = new WeakMap<object, Promise<LiveKit>>();

export function liveKit(fn: IExecuteFunctions, timeoutMs: number): Promise<LiveKit> {
	let clients = perExecution.get(fn);
	if (!clients) {
		clients = connect(fn, timeoutMs);
		perExecution.set(fn, clients);
	}
	return clients;
}

async function connect(fn: IExecuteFunctions, timeoutMs: number): Promise<LiveKit> {
	const credential = await liveKitCredential(fn);
	for (const [field, label] of [['serverUrl', 'Server URL'], ['apiKey', 'API Key'], ['apiSecret', 'API Secret']] as const) {
		if (!credential[field]) throw new NodeOperationError(fn.getNode(), `The LiveKit API credential has no ${label}`);
	}
	for (const [field, label] of [['serverUrl', 'Server URL'], ['clientUrl', 'Client WebSocket URL']] as const) {
		const value = credential[field];
		if (value && !URL_PATTERN.test(value)) {
			throw new NodeOperationError(fn.getNode(), `The LiveKit API credential's ${label} must start with ws://, wss://, http:// or https://`);
		}
	}
	const host = toHttpUrl(credential.serverUrl);
	const options = { requestTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)) };
	return {
		credential,
		wsUrl: toWsUrl(credential.clientUrl || credential.serverUrl),
		agentName: credential.agentName || DEFAULT_AGENT_NAME,
		rooms: new RoomServiceClient(host, credential.apiKey, credential.apiSecret, options),
		dispatches: new AgentDispatchClient(host, credential.apiKey, credential.apiSecret, options),
	};
}

/**
 * Runs one server call with the node's retry policy. The SDK's ServerError carries the Twirp status
 * and code; LiveKit sends no Retry-After, so throttled calls back off exponentially.
 */
export async function liveKitCall<T>(
	fn: IExecuteFunctions,
	{ itemIndex, settings }: SendContext,
	action: string,
	call: () => Promise<T>,
): Promise<T> {
	const attempt = async () => {
		try {
			return await call();
		} catch (error) {
			const { status, code, message } = error as Error & { status?: number; code?: string };
			const reachable = typeof status === 'number' && status > 0;
			const details = {
				httpCode: reachable ? status : undefined,
				code: code ?? (reachable ? undefined : 'network_error'),
				message: reachable ? `${action}: ${message}` : `${action}: LiveKit server could not be reached (${message})`,
			};
			const fail = (note?: string) =>
				createApiError(fn.getNode(), 'LiveKit', details, { itemIndex, secrets: settings.secrets, note });
			if (reachable && RETRYABLE_STATUSES.has(status)) throw new ThrottledError(status, undefined, fail);
			throw fail();
		}
	};
	return await withRetries(attempt, settings.retry, settings);
}

/**
 * A join token for one room: join, publish, subscribe and data (RPC). What both a browser user and a
 * Protoface avatar worker need; signed with the user's own key pair.
 */
export async function roomJoinToken(
	keys: { apiKey: string; apiSecret: string },
	grant: { identity: string; name?: string; room: string; ttlSeconds: number },
): Promise<string> {
	const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity: grant.identity, name: grant.name, ttl: grant.ttlSeconds });
	token.addGrant({ roomJoin: true, room: grant.room, canPublish: true, canSubscribe: true, canPublishData: true });
	return await token.toJwt();
}
