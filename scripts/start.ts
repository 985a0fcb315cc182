/**
 * `npm start`: the whole self-hosted stack on this machine, on loopback.
 *
 * 1. installs (first run) and starts livekit-server --dev;
 * 2. starts the bundled agent worker;
 * 3. runs examples/provision-per-record.json through n8n's engine with the rows of
 *    examples/customers.csv: one personalised session per row (instructions and greeting from the row);
 * 4. a local test caller joins each room with the node's token and waits for the spoken greeting;
 * 5. writes out/sessions.csv and prints it as a table.
 *
 * Providers: with OPENAI_API_KEY set, sessions use OpenAI for LLM, STT and TTS and can hold real
 * conversations. Without it the greeting is spoken offline by espeak-ng, and the LLM/STT point at a
 * local OpenAI-compatible server (OPENAI_COMPATIBLE_BASE_URL, default Ollama on 127.0.0.1:11434).
 * CUSTOMERS_CSV picks another input file.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';

import { DEFAULT_AGENT_NAME } from '../src/config';
import { nodeCredentials, startLiveKitServer, type LiveKitServer } from './livekit-server';
import { ensureAudioTools } from './local-stack/audio-tools';
import { TestCaller } from './local-stack/caller';
import { parseCsv, toCsv, toTable } from './local-stack/csv';
import { startWorker, type WorkerProcess } from './local-stack/worker-process';

const ROOT = join(__dirname, '..');
const COLUMNS = ['room', 'participant', 'tokenExpiresAt', 'agentJoinedAfterMs', 'firstAudioAfterMs', 'greetingSeconds'];

function providerFields(env: NodeJS.ProcessEnv): Record<string, string> {
	if (env.OPENAI_API_KEY) {
		return { llmProvider: 'openai', llmModel: env.OPENAI_MODEL ?? 'gpt-4o-mini', sttProvider: 'openai', sttModel: 'whisper-1', ttsProvider: 'openai' };
	}
	const base = env.OPENAI_COMPATIBLE_BASE_URL ?? 'http://127.0.0.1:11434/v1';
	return {
		llmProvider: 'openai-compatible',
		llmBaseUrl: base,
		llmModel: env.OPENAI_COMPATIBLE_MODEL ?? 'llama3.2',
		sttProvider: 'openai-compatible',
		sttBaseUrl: env.OPENAI_COMPATIBLE_STT_BASE_URL ?? base,
		sttModel: env.OPENAI_COMPATIBLE_STT_MODEL ?? 'whisper-1',
		ttsProvider: 'espeak',
	};
}

const step = (text: string) => console.log(`» ${text}`);

async function main() {
	// n8n-core keeps an instance key under its user folder: a throwaway one, not the user's ~/.n8n.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-start-'));
	process.env.N8N_LOG_LEVEL ??= 'warn';
	const { executeWorkflow, outputJson, nodeError } = await import('./local-stack/n8n-engine');

	const customers = parseCsv(readFileSync(process.env.CUSTOMERS_CSV ?? join(ROOT, 'examples/customers.csv'), 'utf8'));
	const providers = providerFields(process.env);
	let server: LiveKitServer | undefined;
	let worker: WorkerProcess | undefined;
	const callers: TestCaller[] = [];
	try {
		ensureAudioTools();
		step('starting livekit-server --dev on 127.0.0.1');
		server = await startLiveKitServer();
		step(`livekit-server up at ${server.url}; starting the agent worker "${DEFAULT_AGENT_NAME}"`);
		worker = await startWorker({ url: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName: DEFAULT_AGENT_NAME, prewarmed: 4 });
		step(`worker registered (pid ${worker.pid}); providers: LLM ${providers.llmProvider}, STT ${providers.sttProvider}, TTS ${providers.ttsProvider}`);

		const workflow = JSON.parse(readFileSync(join(ROOT, 'examples/provision-per-record.json'), 'utf8'));
		step(`running examples/provision-per-record.json through the n8n engine for ${customers.length} customers`);
		const run = await executeWorkflow(workflow, {
			credentials: nodeCredentials(server, DEFAULT_AGENT_NAME),
			records: customers.map((customer) => ({ ...customer, ...providers })),
		});
		const failure = nodeError(run, 'Realtime Voice');
		if (failure) throw new Error(`the workflow failed: ${failure.message}`);
		const sessions = outputJson(run, 'Realtime Voice');
		step(`${sessions.length} sessions provisioned; a test caller joins each room and waits for the greeting`);

		const rooms = new RoomServiceClient(server.url.replace('ws://', 'http://'), server.apiKey, server.apiSecret);
		let done = 0;
		const rows = await Promise.all(
			sessions.map(async (session) => {
				const joinedAt = Date.now();
				const caller = await TestCaller.join(String(session.wsUrl), String(session.token), { microphone: false });
				callers.push(caller);
				await caller.waitFor(() => caller.agent !== undefined, 30_000, `the agent in ${session.roomName}`);
				const greeting = await caller.nextUtterance(joinedAt, 60_000);
				const [room] = await rooms.listRooms([String(session.roomName)]);
				const agent = (await rooms.listParticipants(String(session.roomName))).find((p) => p.identity === caller.agent!.identity);
				const row = {
					room: session.roomName,
					participant: session.participantName,
					tokenExpiresAt: session.tokenExpiresAt,
					agentJoinedAfterMs: agent && room ? Number(agent.joinedAtMs - room.creationTimeMs) : '',
					firstAudioAfterMs: caller.firstAgentAudioAt! - joinedAt,
					greetingSeconds: ((greeting.endedAt! - greeting.startedAt) / 1000).toFixed(1),
				};
				console.log(`  [${++done}/${sessions.length}] ${row.participant}: agent joined after ${row.agentJoinedAfterMs} ms, greeting heard after ${row.firstAudioAfterMs} ms`);
				await caller.leave();
				return row;
			}),
		);

		mkdirSync(join(ROOT, 'out'), { recursive: true });
		writeFileSync(join(ROOT, 'out/sessions.csv'), toCsv(rows, COLUMNS));
		console.log(`\n${toTable(rows, COLUMNS)}\n`);
		step('wrote out/sessions.csv');
	} finally {
		for (const caller of callers) await caller.leave();
		await worker?.stop();
		await server?.stop();
		await dispose();
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(`npm start failed: ${error.message}`);
		process.exit(1);
	},
);
