/**
 * Starts, once for all real-n8n tests: the vendor stand-ins and the scripted chat model (both the
 * tests' own, on 127.0.0.1), livekit-server --dev, the bundled worker, and a real n8n 2.41.1 with this
 * package installed by n8n's installer route, its credentials pointed at those local servers (and the
 * "Realtime Voice Webhook" credential holding the secret the worker signs with), every example
 * workflow and the test workflows imported with `n8n import:workflow`. What the test files
 * need is written to out/n8n-test/state.json (they run in other processes).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { exampleWorkflowFiles, localLiveKitCredential, startN8nStack, type N8nStack } from '../../scripts/n8n/stack';
import { startScriptedOpenAi, type ScriptedOpenAi } from '../doubles/scripted-openai';
import { ensureChromium } from './browser';
import { agentChatScript, TEST_CREDENTIALS } from './fixtures';
import { startVendorStandIns, type VendorStandIns } from './vendor-stand-ins';
import { OUT_DIR, STATE_FILE, type N8nTestState } from './state';

declare global {
	// eslint-disable-next-line no-var
	var __N8N_TEST__: { stack?: N8nStack; standIns?: VendorStandIns; chatModel?: ScriptedOpenAi; userFolder?: string } | undefined;
}

export default async function globalSetup() {
	const started = Date.now();
	const running: NonNullable<typeof globalThis.__N8N_TEST__> = {};
	globalThis.__N8N_TEST__ = running;
	mkdirSync(OUT_DIR, { recursive: true });
	const userFolder = mkdtempSync(join(tmpdir(), 'rtv-real-n8n-'));
	running.userFolder = userFolder;
	try {
		await start(running, userFolder, started);
	} catch (error) {
		// Jest would otherwise wait forever on the servers started so far.
		await running.standIns?.close();
		await running.chatModel?.close();
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
}

async function start(running: NonNullable<typeof globalThis.__N8N_TEST__>, userFolder: string, started: number) {
	ensureChromium();
	running.standIns = await startVendorStandIns();
	running.chatModel = await startScriptedOpenAi({ chat: agentChatScript });
	const standIns = running.standIns;
	const chatModel = running.chatModel;
	const workflows = [
		...exampleWorkflowFiles(),
		...readdirSync(join(__dirname, 'workflows')).filter((file) => file.endsWith('.json')).map((file) => join(__dirname, 'workflows', file)),
	];
	const owner = { email: 'owner@example.com', password: 'RealtimeVoice1', firstName: 'Test', lastName: 'Owner' };
	const stack = await startN8nStack({
		userFolder,
		owner,
		logDir: OUT_DIR,
		workflows,
		progress: (line) => process.stdout.write(`\n[real n8n] ${line}`),
		// A session whose caller left ends (and sends session.ended) 2 s later, not the default 30 s.
		// Every test file shares this worker, and a session no caller joins lives until its TTL (the
		// examples' 900 s): three files that provision five sessions each would fill the default 10, and
		// which file meets the full worker would depend on the order jest picks.
		workerEnv: { N8N_VOICE_IDLE_TIMEOUT_SECONDS: '2', N8N_VOICE_MAX_SESSIONS: '40' },
		credentials: (livekit) => [
			localLiveKitCredential(livekit),
			...TEST_CREDENTIALS.map((credential) => ({ ...credential, data: credential.data({ standIns: standIns.url, chatModel: chatModel.baseUrl }) })),
		],
	});
	running.stack = stack;
	process.stdout.write(`\n[real n8n] ready after ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(stack.timings)}\n`);

	const state: N8nTestState = {
		url: stack.n8n.url,
		cookie: stack.cookie,
		owner,
		userFolder,
		logFile: stack.n8n.logFile,
		runtime: stack.runtime,
		cliBrokerPort: Number(stack.cliEnv.N8N_RUNNERS_BROKER_PORT),
		standIns: standIns.url,
		chatModel: chatModel.baseUrl,
		livekit: { url: stack.livekit.url, apiKey: stack.livekit.apiKey, apiSecret: stack.livekit.apiSecret },
		webhookSecret: stack.webhookSecret,
		timings: stack.timings,
	};
	rmSync(STATE_FILE, { force: true }); // created anew, so with mode 0600
	writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}
