/**
 * The worker package as it would be published: `npm pack` in worker/, the tarball installed with npm
 * into an empty folder outside this repository (its dependencies from the registry, through the
 * local npm cache), started there with `npx n8n-realtime-voice-worker start` against a real
 * livekit-server; a dispatch with the node's metadata is answered by that install and a caller hears
 * the greeting (espeak-ng, no LLM turn needed).
 *
 * Run time: ~25 s with a warm npm cache (install ~15 s, worker start ~3 s, the session ~3 s).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { dispose } from '@livekit/rtc-node';
import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

import { encodeDispatchMetadata, type AssistantConfig } from '../../src/config';
import { freePort, startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import { TestCaller } from '../../scripts/local-stack/caller';
import { waitForAgent } from '../harness/agent-join';

jest.setTimeout(300_000);

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const WORKER_DIR = join(ROOT, 'worker');
const AGENT_NAME = 'n8n-realtime-voice-packed';
const GREETING = 'Hello from the installed worker.';

describe('the published worker package', () => {
	let dir: string;
	let server: LiveKitServer;
	let worker: ChildProcess | undefined;
	let output = '';
	const callers: TestCaller[] = [];

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'worker-package-'));
		if (!existsSync(join(WORKER_DIR, 'dist', 'worker', 'src', 'cli.js'))) await run('npx', ['tsc', '-p', 'worker/tsconfig.json'], { cwd: ROOT });
	});

	afterAll(async () => {
		for (const caller of callers) await caller.leave();
		if (worker?.pid) {
			try {
				process.kill(-worker.pid, 'SIGTERM');
				await new Promise((resolve) => setTimeout(resolve, 2000));
				process.kill(-worker.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		await server?.stop();
		await dispose();
		rmSync(dir, { recursive: true, force: true });
	});

	it('packs as a public package with its bin, its own copy of the shared config and events code, and every dependency it requires', async () => {
		const manifest = JSON.parse(readFileSync(join(WORKER_DIR, 'package.json'), 'utf8'));
		expect(manifest.private).toBeUndefined();
		expect(manifest.bin).toEqual({ 'n8n-realtime-voice-worker': 'bin/n8n-realtime-voice-worker.js' });
		await run('npm', ['pack', '--pack-destination', dir], { cwd: WORKER_DIR });
		const [tarball] = readdirSync(dir).filter((file) => file.endsWith('.tgz'));
		expect(tarball).toBe(`n8n-realtime-voice-worker-${manifest.version}.tgz`);
		const files = (await run('tar', ['tzf', join(dir, tarball)])).stdout.split('\n');
		expect(files).toEqual(expect.arrayContaining(['package/bin/n8n-realtime-voice-worker.js', 'package/dist/worker/src/cli.js', 'package/dist/worker/src/agent.js', 'package/dist/src/config/index.js', 'package/dist/src/events/signing.js', 'package/README.md']));
		expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
		// Every bare module the built worker requires is one of its own dependencies (or Node's).
		const required = new Set<string>();
		const walk = (folder: string) => {
			for (const entry of readdirSync(folder, { withFileTypes: true })) {
				const path = join(folder, entry.name);
				if (entry.isDirectory()) walk(path);
				else if (entry.name.endsWith('.js')) for (const match of readFileSync(path, 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) required.add(match[1].startsWith('@') ? match[1].split('/').slice(0, 2).join('/') : match[1].split('/')[0]);
			}
		};
		walk(join(WORKER_DIR, 'dist'));
		const missing = [...required].filter((name) => !name.startsWith('node:') && !(name in manifest.dependencies));
		expect(missing).toEqual([]);
	});

	it('installs from the tarball into an empty folder and answers a session there with its greeting', async () => {
		const [tarball] = readdirSync(dir).filter((file) => file.endsWith('.tgz'));
		const app = join(dir, 'app');
		await run('mkdir', ['-p', app]);
		writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'worker-install-test', private: true }));
		const started = Date.now();
		// --prefer-offline: what the npm cache holds is not fetched again. No install scripts are needed
		// (rtc-node's native binding is an optional dependency with a prebuilt binary).
		await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(dir, tarball)], {
			cwd: app,
			env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
			maxBuffer: 16 << 20,
		});
		process.stdout.write(`[worker-package] npm install of the tarball: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
		expect(existsSync(join(app, 'node_modules', '.bin', 'n8n-realtime-voice-worker'))).toBe(true);

		server = await startLiveKitServer();
		worker = spawn('npx', ['--no-install', 'n8n-realtime-voice-worker', 'start'], {
			cwd: app,
			env: {
				PATH: process.env.PATH,
				HOME: process.env.HOME,
				LIVEKIT_URL: server.url,
				LIVEKIT_API_KEY: server.apiKey,
				LIVEKIT_API_SECRET: server.apiSecret,
				N8N_VOICE_AGENT_NAME: AGENT_NAME,
				N8N_VOICE_HEALTH_PORT: String(await freePort()),
				N8N_VOICE_IDLE_PROCESSES: '1',
				N8N_VOICE_IDLE_TIMEOUT_SECONDS: '1',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-50_000));
		worker.stdout!.on('data', keep);
		worker.stderr!.on('data', keep);
		const deadline = Date.now() + 60_000;
		while (!output.includes('"msg":"registered worker"')) {
			if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`the installed worker did not register:\n${output.slice(-3000)}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		// It runs from the install, not from this repository.
		expect(output).not.toContain(WORKER_DIR);

		const http = server.url.replace(/^ws/, 'http');
		const room = `packed-${Date.now()}`;
		const config: AssistantConfig = {
			session: { ttl: 120 },
			agent: { instructions: 'You are a test assistant.', greetingMessage: GREETING },
			stt: { default: { provider: 'openai-compatible', model: 'whisper-1', baseUrl: 'http://127.0.0.1:9/v1' } },
			tts: { default: { provider: 'espeak', voiceId: 'en-us' } },
			llm: { default: { provider: 'openai-compatible', model: 'none', baseUrl: 'http://127.0.0.1:9/v1' } },
		} as AssistantConfig;
		await new RoomServiceClient(http, server.apiKey, server.apiSecret).createRoom({ name: room, emptyTimeout: 60 });
		await new AgentDispatchClient(http, server.apiKey, server.apiSecret).createDispatch(room, AGENT_NAME, {
			metadata: encodeDispatchMetadata(config, { identity: 'user-packed', name: 'Packed Caller' }),
		});
		const token = new AccessToken(server.apiKey, server.apiSecret, { identity: 'user-packed', name: 'Packed Caller', ttl: 300 });
		token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
		const joinedAt = Date.now();
		const caller = await TestCaller.join(server.url, await token.toJwt(), { microphone: false });
		callers.push(caller);
		await waitForAgent(caller, server, room, AGENT_NAME, 60_000);
		const greeting = await caller.nextUtterance(joinedAt, 30_000).catch((error: Error) => {
			throw new Error(`${error.message}; the installed worker said:\n${output.slice(-3000)}`);
		});
		expect(greeting.frames).toBeGreaterThan(50); // over half a second of speech
		expect(output).toMatch(/"msg":"received job request"|"jobID"/);
	});
});
