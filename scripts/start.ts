/**
 * `npm start`: the whole self-hosted stack on this machine, on loopback.
 *
 * 1. installs (first run) and starts livekit-server --dev;
 * 2. starts the bundled agent worker;
 * 3. serves examples/session-outcome-to-data-table.json (Realtime Voice Trigger → Code → Data Table)
 *    through n8n's engine, as an active workflow's webhook: the sessions' signed events come back there;
 * 4. runs examples/provision-per-record-with-events.json through the engine with the rows of
 *    examples/customers.csv: one personalised session per row (instructions and greeting from the row,
 *    the row's crmId in session.metadata, events to the outcome workflow);
 * 5. a local test caller joins each room with the node's token, waits for the spoken greeting and
 *    hangs up; the worker then reports session.ended, and the outcome workflow writes its row;
 * 6. writes out/sessions.csv and prints it as a table: each row's crmId, how fast the agent joined and
 *    spoke, and what the outcome workflow wrote back (greeting transcript, end reason, usage).
 *
 * The terminal gets the progress lines, the table and real warnings or errors. Debug output (the
 * test caller's WebRTC library, the worker's log, livekit-server's log) goes to
 * out/logs/npm-start-<time>.log, named at the end.
 *
 * Providers: with OPENAI_API_KEY set, sessions use OpenAI for LLM, STT and TTS and can hold real
 * conversations. Without it the greeting is spoken offline by espeak-ng, and the LLM/STT point at a
 * local OpenAI-compatible server (OPENAI_COMPATIBLE_BASE_URL, default Ollama on 127.0.0.1:11434).
 * CUSTOMERS_CSV picks another input file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';

import { DEFAULT_AGENT_NAME } from '../src/config';
import { nodeCredentials, startLiveKitServer, type LiveKitServer } from './livekit-server';
import { ensureAudioTools } from './local-stack/audio-tools';
import { TestCaller } from './local-stack/caller';
import { parseCsv, toCsv, toTable } from './local-stack/csv';
import { pollUntil } from './local-stack/poll';
import { liveKitServerTee } from './local-stack/livekit-log';
import { openRunLog, warningLine, type RunLog } from './local-stack/logs';
import type { WebhookHost } from './local-stack/webhook-host';
import { startWorker, type WorkerProcess } from './local-stack/worker-process';

const ROOT = join(__dirname, '..');
/** What the table and out/sessions.csv show: provisioning and audio figures, then the outcome written back. */
const COLUMNS = ['crmId', 'participant', 'room', 'agentJoinedAfterMs', 'firstAudioAfterMs', 'greetingSeconds', 'endReason', 'durationSeconds', 'sttAudioSeconds', 'llmTokens', 'ttsCharacters', 'greeting'];
const CSV_ONLY_COLUMNS = ['tokenExpiresAt', 'transcript'];
const OUTCOME_TABLE = 'Voice session outcomes';
/** How long the outcome of a session may take to arrive after the caller hung up. */
const OUTCOME_WAIT_MS = 60_000;
/** After the caller hangs up the agent waits this long for a reconnect, then ends with "user_left". */
const IDLE_TIMEOUT_SECONDS = '2';

const examplePath = (file: string) => join(ROOT, 'examples', file);

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

/** The worker's log lines into the run's log; its warnings and errors counted for the last line. */
function keepWorkerLog(worker: WorkerProcess, log: RunLog): { warnings: number; errors: number } {
	const counts = { warnings: 0, errors: 0 };
	for (const line of worker.logs) {
		const text = JSON.stringify(line);
		log.write('worker', text);
		if (warningLine('worker', text)) counts[(line.level ?? 0) >= 50 ? 'errors' : 'warnings']++;
	}
	return counts;
}

async function main() {
	// n8n-core keeps an instance key under its user folder: a throwaway one, not the user's ~/.n8n.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-start-'));
	process.env.N8N_LOG_LEVEL ??= 'warn';
	const { executeWorkflow, outputJson, nodeError, engineDataTables } = await import('./local-stack/n8n-engine');
	const { startWebhookHost } = await import('./local-stack/webhook-host');

	const customers = parseCsv(readFileSync(process.env.CUSTOMERS_CSV ?? examplePath('customers.csv'), 'utf8'));
	const providers = providerFields(process.env);
	// The worker signs what it sends back with this; the outcome workflow's credential checks it.
	const webhookSecret = randomBytes(32).toString('base64url');
	const log = openRunLog('npm-start');
	// One prewarmed job process per session (at least the worker's default 4, at most 8): a session
	// beyond the pool waits for a new job process to start and load its VAD. Measured here with 5
	// customers and a pool of 4: 4.4 s from job request to session start for the 5th, 1.5 s for the
	// others; that was the 5th customer's 3.9–4.4 s "agent joined".
	const prewarmed = Math.min(8, Math.max(4, customers.length));
	let server: LiveKitServer | undefined;
	let worker: WorkerProcess | undefined;
	let host: WebhookHost | undefined;
	const callers: TestCaller[] = [];
	try {
		ensureAudioTools();
		step('starting livekit-server --dev on 127.0.0.1');
		// livekit-server's own log (info) is copied into the run's log as it runs.
		server = await startLiveKitServer({ binary: liveKitServerTee(log.path), logLevel: 'info' });
		step(`livekit-server up at ${server.url}; starting the agent worker "${DEFAULT_AGENT_NAME}"`);
		worker = await startWorker({
			url: server.url,
			apiKey: server.apiKey,
			apiSecret: server.apiSecret,
			agentName: DEFAULT_AGENT_NAME,
			prewarmed,
			env: { N8N_VOICE_WEBHOOK_SECRET: webhookSecret, N8N_VOICE_IDLE_TIMEOUT_SECONDS: IDLE_TIMEOUT_SECONDS, N8N_VOICE_IDLE_PROCESSES: String(prewarmed) },
		});
		step(`worker registered (pid ${worker.pid}); providers: LLM ${providers.llmProvider}, STT ${providers.sttProvider}, TTS ${providers.ttsProvider}`);

		const outcomeWorkflow = JSON.parse(readFileSync(examplePath('session-outcome-to-data-table.json'), 'utf8'));
		host = await startWebhookHost([outcomeWorkflow], { credentials: { realtimeVoiceWebhookApi: { signingSecret: webhookSecret } } });
		const eventsUrl = host.urlOf(outcomeWorkflow);
		step(`examples/session-outcome-to-data-table.json receives the sessions' events at ${eventsUrl}`);

		const workflow = JSON.parse(readFileSync(examplePath('provision-per-record-with-events.json'), 'utf8'));
		step(`running examples/provision-per-record-with-events.json through the n8n engine for ${customers.length} customers`);
		const run = await executeWorkflow(workflow, {
			credentials: nodeCredentials(server, DEFAULT_AGENT_NAME),
			records: customers.map((customer) => ({ ...customer, ...providers, eventsUrl })),
		});
		const failure = nodeError(run, 'Realtime Voice');
		if (failure) throw new Error(`the workflow failed: ${failure.message}`);
		const sessions = outputJson(run, 'Realtime Voice');
		step(`${sessions.length} sessions provisioned; a test caller joins each room, waits for the greeting and hangs up`);

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
					crmId: session['metadata.crmId'] ?? '',
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

		step(`waiting for the outcome of each session (session.ended after the ${IDLE_TIMEOUT_SECONDS} s reconnect window)`);
		const outcomes = () => engineDataTables.get(OUTCOME_TABLE) ?? [];
		await pollUntil(() => rows.every((row) => outcomes().some((outcome) => outcome.crmId === row.crmId)), OUTCOME_WAIT_MS, 'every session.ended to reach the outcome workflow', 200);
		const table = rows.map((row) => {
			const outcome = outcomes().find((candidate) => candidate.crmId === row.crmId)!;
			return {
				...row,
				endReason: outcome.reason,
				durationSeconds: outcome.durationSeconds,
				sttAudioSeconds: outcome.sttAudioSeconds,
				llmTokens: outcome.llmTokens,
				ttsCharacters: outcome.ttsCharacters,
				greeting: outcome.greeting,
				transcript: outcome.transcript,
			};
		});

		mkdirSync(join(ROOT, 'out'), { recursive: true });
		writeFileSync(join(ROOT, 'out/sessions.csv'), toCsv(table, [...COLUMNS, ...CSV_ONLY_COLUMNS]));
		const shortened = table.map((row) => ({ ...row, greeting: String(row.greeting).length > 48 ? `${String(row.greeting).slice(0, 47)}…` : row.greeting }));
		console.log(`\n${toTable(shortened, COLUMNS)}\n`);
		step('wrote out/sessions.csv (full greeting transcripts in it); the outcome rows came back through the Realtime Voice Trigger');
	} finally {
		for (const caller of callers) await caller.leave();
		await host?.close();
		await worker?.stop();
		await server?.stop();
		await dispose();
		const counts = worker ? keepWorkerLog(worker, log) : { warnings: 0, errors: 0 };
		const noted = counts.errors + counts.warnings > 0 ? ` (the worker logged ${counts.errors} errors and ${counts.warnings} warnings)` : '';
		step(`debug logs of the test caller, the worker and livekit-server: ${relative(process.cwd(), log.path) || log.path}${noted}`);
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(`npm start failed: ${error.message}`);
		process.exit(1);
	},
);
