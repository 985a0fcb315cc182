/**
 * One real livekit-server for the whole test run, on loopback with free ports. Its address and key
 * pair reach the test workers through the environment.
 */
import { startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import { ensureAudioTools } from '../../scripts/local-stack/audio-tools';

declare global {
	// eslint-disable-next-line no-var
	var __LIVEKIT_SERVER__: LiveKitServer | undefined;
}

export default async function globalSetup() {
	ensureAudioTools();
	const server = await startLiveKitServer();
	globalThis.__LIVEKIT_SERVER__ = server;
	process.env.LIVEKIT_TEST_URL = server.url;
	process.env.LIVEKIT_TEST_API_KEY = server.apiKey;
	process.env.LIVEKIT_TEST_API_SECRET = server.apiSecret;
}
