/**
 * "Mint From My LiveKit Credential": the node signs the short-lived worker_token itself, with the
 * user's own LiveKit key pair, so nobody has to paste a JWT. Protoface never sees the key or secret.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { AccessToken } from 'livekit-server-sdk';

import { fieldError } from '../../../shared/fieldError';
import { CREDENTIAL as LIVEKIT_CREDENTIAL, toWsUrl, type LiveKitCredential } from '../../../RealtimeVoice/livekit';

export { LIVEKIT_CREDENTIAL };

/**
 * 10 minutes: the token only has to be valid when the Protoface worker joins the room (LiveKit keeps
 * a connected participant in, refreshing its token); this leaves room for a queued session to start.
 */
export const DEFAULT_TOKEN_TTL_SECONDS = 600;

export interface MintedToken {
	token: string;
	/** The credential's Client WebSocket URL, else its Server URL, as ws(s)://: the default transport URL. */
	url: string;
}

export async function mintWorkerToken(
	fn: IExecuteFunctions,
	itemIndex: number,
	grant: { identity: string; room: string; ttlSeconds: number },
): Promise<MintedToken> {
	let credential: LiveKitCredential | undefined;
	try {
		credential = await fn.getCredentials<LiveKitCredential>(LIVEKIT_CREDENTIAL, itemIndex);
	} catch {
		credential = undefined;
	}
	if (!credential?.apiKey || !credential.apiSecret) {
		throw fieldError(fn, 'workerTokenSource', 'Worker Token Source "Mint From My LiveKit Credential" needs a LiveKit API credential with an API Key and API Secret', {
			itemIndex,
			description: 'Select a LiveKit API credential on the node, or switch Worker Token Source to "Paste Token"',
		});
	}
	const token = new AccessToken(credential.apiKey, credential.apiSecret, { identity: grant.identity, ttl: grant.ttlSeconds });
	// Exactly what the worker needs: join this room, publish its avatar tracks, hear the user, use data/RPC.
	token.addGrant({ room: grant.room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
	return { token: await token.toJwt(), url: toWsUrl(credential.clientUrl || credential.serverUrl || '') };
}
