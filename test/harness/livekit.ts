/** Access to the real livekit-server started for the test run (see global-setup.ts). */
import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

export function liveKitServer() {
	const url = process.env.LIVEKIT_TEST_URL;
	const apiKey = process.env.LIVEKIT_TEST_API_KEY;
	const apiSecret = process.env.LIVEKIT_TEST_API_SECRET;
	if (!url || !apiKey || !apiSecret) throw new Error('the livekit-server of the test run is not up (jest globalSetup)');
	const http = url.replace(/^ws/, 'http');
	return {
		url,
		apiKey,
		apiSecret,
		credentials: { liveKitApi: { serverUrl: url, apiKey, apiSecret, agentName: 'n8n-realtime-voice', clientUrl: '' } },
		rooms: new RoomServiceClient(http, apiKey, apiSecret),
		dispatches: new AgentDispatchClient(http, apiKey, apiSecret),
		/** A join token, optionally of kind "agent" (what an @livekit/agents worker presents). */
		async token(room: string, identity: string, kind?: 'agent') {
			const grant = new AccessToken(apiKey, apiSecret, { identity, ttl: 300 });
			grant.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, agent: kind === 'agent' });
			if (kind) grant.kind = kind;
			return await grant.toJwt();
		},
	};
}
