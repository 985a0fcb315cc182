/** What global-setup.ts hands the real-n8n test files (they run in other processes). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { n8nCli, n8nEnvironment, ROOT, type N8nRuntime } from '../../scripts/n8n/runtime';

export interface N8nTestState {
	/** n8n's editor and REST API, http://127.0.0.1:<port> */
	url: string;
	/** `n8n-auth=…` of the owner. */
	cookie: string;
	owner: { email: string; password: string };
	userFolder: string;
	logFile: string;
	runtime: N8nRuntime;
	/** Task-runner broker port for `n8n` CLI commands beside the running server (which has its own). */
	cliBrokerPort: number;
	/** Base URL of the vendor stand-ins (vendor-stand-ins.ts). */
	standIns: string;
	/** Base URL (…/v1) of the scripted chat model the AI Agent test uses. */
	chatModel: string;
	livekit: { url: string; apiKey: string; apiSecret: string };
	/** The webhook signing secret the worker and the "Realtime Voice Webhook" credential share (this file is 0600). */
	webhookSecret: string;
	timings: Record<string, number>;
}

/** Where global setup writes the state and n8n's log; N8N_TEST_OUT moves it (two runs side by side need two). */
export const OUT_DIR = process.env.N8N_TEST_OUT ?? join(ROOT, 'out/n8n-test');
export const STATE_FILE = join(OUT_DIR, 'state.json');

export function testState(): N8nTestState {
	return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as N8nTestState;
}

/** A REST call to the running n8n as its owner. */
export async function rest<T = unknown>(state: N8nTestState, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
	const response = await fetch(`${state.url}${path}`, { ...init, headers: { cookie: state.cookie, 'content-type': 'application/json', ...(init.headers ?? {}) } });
	const text = await response.text();
	return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** One output item of a node in an `n8n execute --rawOutput` result. */
export interface RunItem {
	json: Record<string, unknown>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

export interface CliRun {
	status: 'success' | 'error' | string;
	/** node name → outputs → items, of the node's first run */
	outputs: Record<string, RunItem[][]>;
	error?: { message: string; description?: string };
	raw: unknown;
	/** Everything the command printed (n8n's log of the run, which the server's log file lacks). */
	log: string;
}

/**
 * `n8n execute --id <id> --rawOutput` beside the running server, parsed. The command prints log lines
 * (task broker, runners) before the run's JSON; everything from the first line that is `{` is the run.
 */
export async function executeWorkflow(state: N8nTestState, id: string): Promise<CliRun> {
	// The environment is rebuilt here rather than stored: the state file holds no one's environment.
	const env = n8nEnvironment(state.runtime, { userFolder: state.userFolder, port: Number(new URL(state.url).port), brokerPort: state.cliBrokerPort });
	const result = await n8nCli(state.runtime, env, ['execute', `--id=${id}`, '--rawOutput'], 240_000);
	const start = result.stdout.search(/^\{/m);
	if (start < 0) throw new Error(`n8n execute --id=${id} printed no run (exit ${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	const end = result.stdout.lastIndexOf('\n}');
	const raw = JSON.parse(result.stdout.slice(start, end < start ? undefined : end + 2)) as {
		status?: string;
		data: { resultData: { error?: { message: string; description?: string }; runData: Record<string, Array<{ data?: { main?: RunItem[][] } }>> } };
	};
	const outputs: CliRun['outputs'] = {};
	for (const [node, runs] of Object.entries(raw.data.resultData.runData)) outputs[node] = runs[0]?.data?.main ?? [];
	return { status: raw.status ?? (raw.data.resultData.error ? 'error' : 'success'), outputs, error: raw.data.resultData.error, raw, log: `${result.stdout}\n${result.stderr}` };
}
