/**
 * Starts a real livekit-server (installed by scripts/setup-livekit.sh) on loopback only, with free
 * ports and a fresh key pair, and stops it again. Used by the test suite and the local stack.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LiveKitServer {
	/** ws://127.0.0.1:<port> */
	url: string;
	apiKey: string;
	apiSecret: string;
	pid: number;
	stop(): Promise<void>;
}

const ROOT = join(__dirname, '..');

/** The node's LiveKit credential for this server, as a workflow run through the engine needs it. */
export function nodeCredentials(server: LiveKitServer, agentName: string) {
	return { liveKitApi: { serverUrl: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, agentName, clientUrl: '' } };
}

/** Path of the livekit-server binary, installing it on first use. */
export function ensureLiveKitBinary(): string {
	return execFileSync('bash', [join(ROOT, 'scripts/setup-livekit.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`livekit-server exited with ${child.exitCode}:\n${log()}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`livekit-server did not answer on ${url} within ${timeoutMs} ms:\n${log()}`);
}

/**
 * A livekit-server config (YAML text) whose every listener is bound to loopback, with the loopback
 * address as the only ICE candidate advertised, so no traffic leaves 127.0.0.1. `extra` lines (a
 * cluster's redis and region) go before the keys. Used by the single server here and by
 * scripts/livekit-cluster.ts.
 */
export function loopbackNodeConfig(options: {
	port: number;
	tcpPort: number;
	udpPort: number;
	apiKey: string;
	apiSecret: string;
	targetLoad?: number;
	logLevel: string;
	extra?: string[];
}): string {
	return [
		`port: ${options.port}`,
		'bind_addresses: ["127.0.0.1"]',
		'rtc:',
		`  tcp_port: ${options.tcpPort}`,
		`  udp_port: ${options.udpPort}`,
		'  use_external_ip: false',
		'  node_ip: 127.0.0.1',
		'  enable_loopback_candidate: true',
		// A worker is offered jobs only while its reported load is below the target load (LiveKit's
		// default 0.7), and a dispatch no worker takes is dropped. At 1 the worker's own capacity model
		// (worker/src/capacity.ts: sessions ÷ N8N_VOICE_MAX_SESSIONS, its status full at the maximum)
		// alone decides.
		'agents:',
		`  target_load: ${options.targetLoad ?? 1}`,
		...(options.extra ?? []),
		'keys:',
		`  ${options.apiKey}: ${options.apiSecret}`,
		'logging:',
		`  level: ${options.logLevel}`,
	].join('\n');
}

export async function startLiveKitServer(options: { binary?: string; logLevel?: string; targetLoad?: number } = {}): Promise<LiveKitServer> {
	const binary = options.binary ?? ensureLiveKitBinary();
	const [port, tcpPort, udpPort] = [await freePort(), await freePort(), await freePort()];
	const apiKey = `APItest${randomBytes(4).toString('hex')}`;
	const apiSecret = randomBytes(24).toString('base64url');
	// --dev keeps single-node defaults.
	const config = loopbackNodeConfig({ port, tcpPort, udpPort, apiKey, apiSecret, targetLoad: options.targetLoad, logLevel: options.logLevel ?? 'warn' });
	// A config file only we can read, not --config-body: a command line (with the secret) is visible
	// to every local user in `ps` for as long as the server runs.
	const configDir = mkdtempSync(join(tmpdir(), 'rtv-livekit-'));
	const configFile = join(configDir, 'livekit.yaml');
	writeFileSync(configFile, config, { mode: 0o600 });
	const child = spawn(binary, ['--dev', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
	child.once('exit', () => rmSync(configDir, { recursive: true, force: true }));
	let output = '';
	const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const redacted = () => output.split(apiSecret).join('[redacted]');

	const url = `ws://127.0.0.1:${port}`;
	try {
		await waitUntilUp(`http://127.0.0.1:${port}/`, child, redacted, 20_000);
		// Read at start-up only: the secret does not stay on disk while the server runs.
		rmSync(configDir, { recursive: true, force: true });
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
	return {
		url,
		apiKey,
		apiSecret,
		pid: child.pid!,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				const force = setTimeout(() => child.kill('SIGKILL'), 5000);
				child.once('exit', () => (clearTimeout(force), resolve()));
				child.kill('SIGTERM');
			}),
	};
}
