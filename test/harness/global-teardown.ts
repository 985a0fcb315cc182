export default async function globalTeardown() {
	await globalThis.__LIVEKIT_SERVER__?.stop();
}
