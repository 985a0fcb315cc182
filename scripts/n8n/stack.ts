/**
 * The whole product on this machine, in a real n8n: livekit-server --dev, the bundled agent worker,
 * and n8n 2.41.1 with this package installed as n8n's installer does it, credentials and workflows
 * imported with n8n's own CLI, and an owner to log in as. `npm run n8n` and the real-n8n tests
 * (test/n8n/) both start it through {@link startN8nStack}.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { DEFAULT_AGENT_NAME } from '../../src/config';
import { WEBHOOK_SECRET_ENV } from '../../src/events/signing';
import { freePort, startLiveKitServer, type LiveKitServer } from '../livekit-server';
import { startWorker, type WorkerProcess } from '../local-stack/worker-process';
import {
	ensureN8nRuntime,
	installPackage,
	PACKAGE_NAME,
	n8nCliOrThrow,
	n8nEnvironment,
	ownerSession,
	packPackage,
	ROOT,
	startN8n,
	type N8nRuntime,
	type N8nServer,
	type Owner,
} from './runtime';
import { pointAtN8n } from './examples';

/** One credential as `n8n import:credentials` takes it (data in clear; n8n encrypts it on import). */
export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The example workflows, examples/*.json, sorted by file name. */
export function exampleWorkflowFiles(): string[] {
	const dir = join(ROOT, 'examples');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => join(dir, file));
}

/** The id and name the example workflows reference for the local LiveKit credential. */
export const LOCAL_LIVEKIT_CREDENTIAL = { id: 'rtvLocalLiveKit1', name: 'Local LiveKit' };

/** The LiveKit credential (`liveKitApi`) for a local server and the bundled worker's agent name. */
export function localLiveKitCredential(server: LiveKitServer, agentName = DEFAULT_AGENT_NAME): CredentialImport {
	return {
		...LOCAL_LIVEKIT_CREDENTIAL,
		type: 'liveKitApi',
		data: { serverUrl: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName, clientUrl: '' },
	};
}

/** The id and name the example workflows reference for the Realtime Voice Trigger's signing secret. */
export const WEBHOOK_CREDENTIAL = { id: 'rtvWebhookSecret', name: 'Realtime Voice Webhook' };

/** The "Realtime Voice Webhook" credential (`realtimeVoiceWebhookApi`) holding the worker's signing secret. */
export function webhookCredential(signingSecret: string): CredentialImport {
	return { ...WEBHOOK_CREDENTIAL, type: 'realtimeVoiceWebhookApi', data: { signingSecret } };
}

export interface N8nStackOptions {
	/** n8n's user folder (n8n keeps its data in `<userFolder>/.n8n`). */
	userFolder: string;
	owner: Owner;
	/** Port of n8n's editor and REST API (default: a free one). */
	port?: number;
	/** Credentials to import, given the started LiveKit server. */
	credentials(livekit: LiveKitServer): CredentialImport[];
	/** Workflow files to import (with one `n8n import:workflow`), pointed at this n8n (examples.ts pointAtN8n). */
	workflows: string[];
	/** Leave a workflow whose id n8n already has alone (the user may have edited it); default false. */
	keepExistingWorkflows?: boolean;
	/** Start the bundled agent worker (default true). */
	worker?: boolean;
	/** More environment for the worker (e.g. N8N_VOICE_IDLE_TIMEOUT_SECONDS). */
	workerEnv?: Record<string, string>;
	/** Where n8n's, the worker's and livekit-server's logs go. */
	logDir: string;
	/** Progress lines for a person watching (default: none). */
	progress?(line: string): void;
	/** Aborting it (Ctrl-C during start-up) stops what has started and rejects at the next step. */
	signal?: AbortSignal;
}

export interface N8nStack {
	runtime: N8nRuntime;
	n8n: N8nServer;
	livekit: LiveKitServer;
	worker?: WorkerProcess;
	/** `n8n-auth=…` for the owner, for REST calls. */
	cookie: string;
	/**
	 * The webhook signing secret of this run: random, made at start, given to the worker as
	 * N8N_VOICE_WEBHOOK_SECRET and to n8n as the "Realtime Voice Webhook" credential. Never printed.
	 */
	webhookSecret: string;
	/** Ids of the workflows imported by this start (with keepExistingWorkflows, the ones n8n did not have). */
	imported: string[];
	/** Environment for CLI commands beside the running server (its own task-runner broker port). */
	cliEnv: NodeJS.ProcessEnv;
	/** Milliseconds each step took, for the notes and benchmarks. */
	timings: Record<string, number>;
	stop(): Promise<void>;
}

/** Starts the stack; anything started is stopped again if a later step fails. */
export async function startN8nStack(options: N8nStackOptions): Promise<N8nStack> {
	const progress = options.progress ?? (() => undefined);
	const timings: Record<string, number> = {};
	const timed = async <T>(name: string, step: () => Promise<T> | T): Promise<T> => {
		if (options.signal?.aborted) throw new Error('start-up interrupted');
		const started = Date.now();
		try {
			return await step();
		} finally {
			timings[name] = Date.now() - started;
		}
	};
	mkdirSync(options.logDir, { recursive: true });
	const stops: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
	};
	try {
		progress('n8n 2.41.1 on Node 24 (installed once into ~/.cache/n8n-nodes-realtime-voice; 4–6 minutes the first time)');
		const runtime = await timed('install', () => ensureN8nRuntime());
		progress('installing this package into n8n as its community-package installer does');
		await timed('installPackage', () => {
			const tarball = packPackage();
			try {
				installPackage(runtime, options.userFolder, tarball);
			} finally {
				rmSync(dirname(tarball), { recursive: true, force: true });
			}
		});

		progress('starting livekit-server --dev on 127.0.0.1');
		const livekit = await timed('livekit', () => startLiveKitServer());
		stops.push(() => livekit.stop());
		// One secret for both ends of the signed webhooks (worker → Realtime Voice Trigger): in the
		// worker's environment and in n8n's encrypted credential, nowhere else.
		const webhookSecret = randomBytes(32).toString('base64url');
		let worker: WorkerProcess | undefined;
		if (options.worker !== false) {
			progress(`starting the agent worker "${DEFAULT_AGENT_NAME}"`);
			worker = await timed('worker', () =>
				startWorker({
					url: livekit.url,
					apiKey: livekit.apiKey,
					apiSecret: livekit.apiSecret,
					agentName: DEFAULT_AGENT_NAME,
					env: { ...options.workerEnv, [WEBHOOK_SECRET_ENV]: webhookSecret },
				}),
			);
			stops.push(async () => {
				await worker!.stop();
				// Its log lines, for whoever looks into a failure (startWorker redacts the LiveKit secret,
				// provider keys and the signing secret).
				const lines = worker!.logs.map((line) => JSON.stringify(line)).join('\n');
				writeFileSync(join(options.logDir, 'worker.log'), `${lines}\n`, { mode: 0o600 });
			});
		}

		const port = options.port ?? (await freePort());
		const serverEnv = n8nEnvironment(runtime, { userFolder: options.userFolder, port, brokerPort: await freePort() });
		const cliEnv = n8nEnvironment(runtime, { userFolder: options.userFolder, port, brokerPort: await freePort() });

		progress('importing credentials and workflows with n8n import:credentials / import:workflow');
		const imported: string[] = [];
		await timed('import', async () => {
			await importCredentials(runtime, cliEnv, [...options.credentials(livekit), webhookCredential(webhookSecret)]);
			const existing = options.keepExistingWorkflows ? await workflowIds(runtime, cliEnv) : new Set<string>();
			await importWorkflows(runtime, cliEnv, `http://127.0.0.1:${port}`, options.workflows.filter((file) => {
				const { id } = JSON.parse(readFileSync(file, 'utf8')) as { id?: string };
				if (id && existing.has(id)) return false;
				if (id) imported.push(id);
				return true;
			}));
		});

		progress(`starting n8n on http://127.0.0.1:${port}`);
		const n8n = await timed('n8nStart', () => startN8n(runtime, serverEnv, { logFile: join(options.logDir, 'n8n.log'), signal: options.signal }));
		stops.push(() => n8n.stop());
		const cookie = await timed('owner', () => ownerSession(n8n.url, options.owner));
		await assertPackageLoaded(n8n, cookie);
		return { runtime, n8n, livekit, worker, cookie, webhookSecret, imported, cliEnv, timings, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** Imports credentials from a file only the current user can read, removed right after. */
export async function importCredentials(runtime: N8nRuntime, env: NodeJS.ProcessEnv, credentials: CredentialImport[]) {
	if (credentials.length === 0) return;
	// mkdtemp makes the folder 0700, and the file is new, so `mode` applies.
	const dir = mkdtempSync(join(tmpdir(), 'rtv-credentials-'));
	const file = join(dir, 'credentials.json');
	try {
		writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		await n8nCliOrThrow(runtime, env, ['import:credentials', `--input=${file}`]);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * One `n8n import:workflow` of all the files (as one JSON array, from a file only the current user can
 * read), each pointed at the n8n at `n8nUrl`: the examples name http://127.0.0.1:5678 (pointAtN8n).
 * One CLI start instead of one per file: each costs seconds.
 */
async function importWorkflows(runtime: N8nRuntime, env: NodeJS.ProcessEnv, n8nUrl: string, files: string[]) {
	if (files.length === 0) return;
	const dir = mkdtempSync(join(tmpdir(), 'rtv-workflows-'));
	const input = join(dir, 'workflows.json');
	try {
		const workflows = files.map((file) => JSON.parse(pointAtN8n(readFileSync(file, 'utf8'), n8nUrl)) as unknown);
		writeFileSync(input, JSON.stringify(workflows), { mode: 0o600 });
		await n8nCliOrThrow(runtime, env, ['import:workflow', `--input=${input}`]);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * n8n says it is ready even when a package failed to load (it logs the failure and goes on), e.g. when
 * dist/ was half-built: fail here, with n8n's own words, instead of in every test after.
 */
async function assertPackageLoaded(n8n: N8nServer, cookie: string) {
	const response = await fetch(`${n8n.url}/types/nodes.json`, { headers: { cookie } });
	const types = (await response.json()) as Array<{ name: string }>;
	if (types.some((type) => type.name.startsWith(`${PACKAGE_NAME}.`))) return;
	const failures = n8n.log().split('\n').filter((line) => line.includes(PACKAGE_NAME)).slice(-5).join('\n');
	throw new Error(`n8n started without the ${PACKAGE_NAME} nodes:\n${failures || n8n.log().slice(-2000)}`);
}

/** Ids of the workflows n8n has (`n8n list:workflow --onlyId`); none before n8n's database exists. */
async function workflowIds(runtime: N8nRuntime, env: NodeJS.ProcessEnv): Promise<Set<string>> {
	if (!existsSync(join(String(env.N8N_USER_FOLDER), '.n8n', 'database.sqlite'))) return new Set();
	const printed = await n8nCliOrThrow(runtime, env, ['list:workflow', '--onlyId']);
	return new Set(printed.split('\n').map((line) => line.trim()).filter((line) => /^[A-Za-z0-9]{16}$/.test(line)));
}
