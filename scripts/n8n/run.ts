/**
 * `npm run n8n`: the whole product to click through, on this machine only.
 *
 * A real n8n 2.41.1 (Node 24, SQLite under `.n8n-local/`, kept between runs) with this package
 * installed as n8n's community-package installer installs it, `livekit-server --dev` and the bundled
 * agent worker beside it, a "Local LiveKit" credential (and "OpenAI Realtime" when OPENAI_API_KEY is
 * set), a "Realtime Voice Webhook" credential holding the secret the worker signs its webhooks with
 * (random per start, never printed), every example workflow imported, the data table the outcome
 * example writes to, that example activated (on its first import; later your choice stands), and an
 * owner login. Prints the editor URL and the login, then runs until Ctrl-C. n8n listens on 127.0.0.1
 * and everything that would reach outside the machine is switched off (scripts/n8n/runtime.ts).
 *
 * Environment: N8N_PORT (5678), N8N_OWNER_EMAIL (owner@example.com), N8N_OWNER_PASSWORD
 * (RealtimeVoice1), N8N_LOCAL_DIR (.n8n-local), OPENAI_API_KEY (optional).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { dispose } from '@livekit/rtc-node';

import { prepareTriggeredExamples } from './examples';
import { N8nApi } from './rest';
import { ROOT } from './runtime';
import { exampleWorkflowFiles, localLiveKitCredential, startN8nStack, type CredentialImport, type N8nStack } from './stack';

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
	// Examples a Realtime Voice Trigger starts answer the worker only while active, and write to a data
	// table: create the table when missing; activate the workflow when this start imported it (an
	// example you already had stays as you left it, active or not).
	step('creating the examples\' data tables and activating the Realtime Voice Trigger examples (n8n REST API)');
	const running = stack;
	// A failure here leaves n8n usable: it is reported, and the example can be activated by hand.
	const triggered = await prepareTriggeredExamples(new N8nApi(running.n8n.url, running.cookie), examples, { activate: (id) => running.imported.includes(id) }).catch((error: Error) => {
		console.warn(`» could not prepare the Realtime Voice Trigger examples: ${error.message}`);
		return [];
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(0);
	console.log(
		[
			'',
			`n8n is ready after ${seconds} s: ${stack.n8n.url}/home/workflows`,
			`  log in as  ${owner.email}  /  ${owner.password}`,
			`  ${examples.length} example workflows in n8n; credential "Local LiveKit" points at ${stack.livekit.url}`,
			...triggered.map(
				(example) =>
					`  "${example.name}" is ${example.active ? 'active' : 'inactive (as you left it)'}` +
					(example.tables.length ? `; data table ${example.tables.map((table) => `"${table.name}"${table.created ? ' created' : ' kept'}`).join(', ')}` : ''),
			),
			`  agent worker "${stack.worker?.agentName}" registered, signing its webhooks with the "Realtime Voice Webhook" credential's secret`,
			`  n8n's log: ${stack.n8n.logFile}`,
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
