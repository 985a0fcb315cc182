/**
 * "Mint From My LiveKit Credential": the node signs the short-lived worker_token itself, with the
 * user's own LiveKit key pair, so nobody has to paste a JWT. Protoface never sees the key or secret.
 * The credential is checked while the item is prepared; the token is signed only when the item is
 * sent, so its lifetime is not spent waiting for a concurrency slot or a retry.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../../../shared/fieldError';
import { CREDENTIAL as LIVEKIT_CREDENTIAL, liveKitCredential, roomJoinToken, toWsUrl, type LiveKitCredential } from '../../../RealtimeVoice/livekit';

export { LIVEKIT_CREDENTIAL };

/**
 * 10 minutes: the token only has to be valid when the Protoface worker joins the room (LiveKit keeps
 * a connected participant in, refreshing its token); this leaves room for a queued session to start.
 */
export const DEFAULT_TOKEN_TTL_SECONDS = 600;

export interface LiveKitSigner {
	apiKey: string;
	apiSecret: string;
	/** The credential's Client WebSocket URL, else its Server URL, as ws(s)://: the default transport URL. */
	url: string;
}

export interface WorkerGrant {
	identity: string;
	room: string;
	ttlSeconds: number;
}

/** The LiveKit credential's key pair, or the item fails naming Worker Token Source. */
export async function liveKitSigner(fn: IExecuteFunctions, itemIndex: number): Promise<LiveKitSigner> {
	let credential: LiveKitCredential | undefined;
	try {
		credential = await liveKitCredential(fn, itemIndex);
	} catch {
		credential = undefined;
	}
	if (!credential?.apiKey || !credential.apiSecret) {
		throw fieldError(fn, 'workerTokenSource', 'Worker Token Source "Mint From My LiveKit Credential" needs a LiveKit API credential with an API Key and API Secret', {
			itemIndex,
			description: 'Select a LiveKit API credential on the node, or switch Worker Token Source to "Paste Token"',
		});
	}
	return { apiKey: credential.apiKey, apiSecret: credential.apiSecret, url: toWsUrl(credential.clientUrl || credential.serverUrl || '') };
}

/** Join, publish its avatar tracks, hear the user, use data/RPC: a room join token for the worker. */
export async function signWorkerToken(signer: LiveKitSigner, grant: WorkerGrant): Promise<string> {
	return await roomJoinToken(signer, { identity: grant.identity, room: grant.room, ttlSeconds: grant.ttlSeconds });
}
