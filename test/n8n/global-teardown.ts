import { rmSync } from 'node:fs';

import { STATE_FILE } from './state';

export default async function globalTeardown() {
	const running = globalThis.__N8N_TEST__;
	await running?.stack?.stop();
	await running?.standIns?.close();
	await running?.chatModel?.close();
	// n8n's user folder (SQLite, the installed package): ~70 MB a run, and nothing in it is a result.
	if (running?.userFolder) rmSync(running.userFolder, { recursive: true, force: true });
	rmSync(STATE_FILE, { force: true });
}
