/**
 * `npm run n8n`: the whole product to click through, on this machine only.
 *
 * A real n8n 2.41.1 (Node 24, SQLite under `.n8n-local/`, kept between runs) with this package
 * installed as n8n's community-package installer installs it, `livekit-server --dev` and the bundled
 * agent worker beside it, a "Local LiveKit" credential (and "OpenAI Realtime" when OPENAI_API_KEY is
 * set), every example workflow imported, and an owner login. Prints the editor URL and the login, then
 * runs until Ctrl-C. n8n listens on 127.0.0.1 and everything that would reach outside the machine is
 * switched off (scripts/n8n/runtime.ts).
 *
 * Environment: N8N_PORT (5678), N8N_OWNER_EMAIL (owner@example.com), N8N_OWNER_PASSWORD
 * (RealtimeVoice1), N8N_LOCAL_DIR (.n8n-local), OPENAI_API_KEY (optional).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { dispose } from '@livekit/rtc-node';

import { exampleWorkflowFiles, localLiveKitCredential, startN8nStack, type CredentialImport, type N8nStack } from './stack';
import { ROOT } from './runtime';

const step = (text: string) => console.log(`» ${text}`);

async function main() {
	const folder = resolve(process.env.N8N_LOCAL_DIR ?? join(ROOT, '.n8n-local'));
	const owner = {
		email: process.env.N8N_OWNER_EMAIL ?? 'owner@example.com',
		password: process.env.N8N_OWNER_PASSWORD ?? 'RealtimeVoice1',
		firstName: 'Realtime',
		lastName: 'Voice',
	};
	const port = Number(process.env.N8N_PORT ?? 5678);
	mkdirSync(folder, { recursive: true });
	const examples = exampleWorkflowFiles();

	const started = Date.now();
	let stack: N8nStack | undefined;
	// Ctrl-C while starting aborts the start-up, which stops what it has started (detached processes
	// like n8n and the worker would otherwise outlive us); once running, it stops the stack.
	const startUp = new AbortController();
	const stop = async () => {
		console.log('\n» stopping n8n, the worker and livekit-server');
		if (!stack) return startUp.abort();
		await stack.stop();
		await dispose();
		process.exit(0);
	};
	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());

	stack = await startN8nStack({
		signal: startUp.signal,
		userFolder: folder,
		owner,
		port,
		logDir: join(folder, 'logs'),
		workflows: examples,
		// Your edits of an example survive a restart; delete the workflow in n8n to get the original back.
		keepExistingWorkflows: true,
		progress: step,
		credentials: (livekit) => {
			const credentials: CredentialImport[] = [localLiveKitCredential(livekit)];
			if (process.env.OPENAI_API_KEY) {
				credentials.push({ id: 'rtvOpenAiRtCred1', name: 'OpenAI Realtime', type: 'openAiRealtimeApi', data: { apiKey: process.env.OPENAI_API_KEY } });
			}
			return credentials;
		},
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(0);
	console.log(
		[
			'',
			`n8n is ready after ${seconds} s: ${stack.n8n.url}/home/workflows`,
			`  log in as  ${owner.email}  /  ${owner.password}`,
			`  ${examples.length} example workflows in n8n; credential "Local LiveKit" points at ${stack.livekit.url}`,
			`  agent worker "${stack.worker?.agentName}" registered; n8n's log: ${stack.n8n.logFile}`,
			'  Ctrl-C stops n8n, the worker and livekit-server; your workflows stay in ' + folder,
			'',
		].join('\n'),
	);
	await new Promise(() => undefined);
}

main().catch(async (error: Error) => {
	if (error.message === 'start-up interrupted') {
		await dispose().catch(() => undefined);
		process.exit(0);
	}
	console.error(`npm run n8n failed: ${error.message}`);
	await dispose().catch(() => undefined);
	process.exit(1);
});
