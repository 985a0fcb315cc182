/**
 * Starts a multi-node LiveKit cluster on loopback: one `redis-server` (Debian's package, installed by
 * scripts/setup-redis.sh) on a free port with no persistence, and N `livekit-server` nodes sharing it
 * and one key pair, each on its own free ports, with the region-aware selector so a room lands on the
 * node whose API created it. `stop()` ends every node (SIGTERM, then SIGKILL) and then redis, and
 * removes the config files, so no process or port is left behind.
 *
 * The recipe, its timings and pitfalls: ../shared/spec/livekit-cluster.md. A fresh redis per cluster
 * keeps nodes of an earlier (killed) cluster out of this one's `nodes` hash.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureLiveKitBinary, freePort, loopbackNodeConfig, type LiveKitServer } from './livekit-server';

export interface ClusterNode extends LiveKitServer {
	region: string;
	/** Recent output of the node (secret redacted). */
	output(): string;
}

export interface LiveKitCluster {
	nodes: ClusterNode[];
	redisPort: number;
	redisPid: number;
	apiKey: string;
	apiSecret: string;
	/** Sends a command to the cluster's redis and returns its raw RESP answer. */
	redis(...args: string[]): Promise<string>;
	stop(): Promise<void>;
}

const ROOT = join(__dirname, '..');

/** Path of redis-server, installing it on first use. */
export function ensureRedisBinary(): string {
	execFileSync('bash', [join(ROOT, 'scripts/setup-redis.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
	return execFileSync('bash', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
	return new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => (clearTimeout(force), resolve()));
		child.kill('SIGTERM');
	});
}

/** One RESP command over a fresh TCP connection (enough for tests: PING, HKEYS, …). */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let answer = '';
		const timer = setTimeout(() => (socket.destroy(), reject(new Error('redis did not answer'))), 3000);
		socket.once('error', (error) => (clearTimeout(timer), reject(error)));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			// Answers here are short; the first complete line set is enough.
			if (answer.endsWith('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(answer);
			}
		});
		socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
	});
}

async function waitFor(check: () => Promise<boolean>, child: ChildProcess, what: string, log: () => string, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${log()}`);
		if (await check().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`${what} did not come up within ${timeoutMs} ms:\n${log()}`);
}

type ClusterOptions = { nodes?: number; logLevel?: string; targetLoad?: number; binary?: string };

/**
 * A port free when picked can be taken before a node binds it (other suites start servers too, and
 * livekit-server binds its UDP port on every interface): the whole cluster is then started again, with
 * a fresh redis, so the failed node's entry does not linger in the `nodes` hash.
 */
export async function startLiveKitCluster(options: ClusterOptions = {}): Promise<LiveKitCluster> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await startClusterOnce(options);
		} catch (error) {
			if (attempt >= 3 || !/address already in use/i.test(String((error as Error).message))) throw error;
		}
	}
}

async function startClusterOnce(options: ClusterOptions): Promise<LiveKitCluster> {
	const count = options.nodes ?? 2;
	const binary = options.binary ?? ensureLiveKitBinary();
	const redisBinary = ensureRedisBinary();
	const apiKey = `APIcluster${randomBytes(4).toString('hex')}`;
	const apiSecret = randomBytes(24).toString('base64url');
	const children: ChildProcess[] = [];
	const configDir = mkdtempSync(join(tmpdir(), 'rtv-livekit-cluster-'));

	const redisPort = await freePort();
	const redisChild = spawn(redisBinary, ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		cwd: configDir,
	});
	let redisOutput = '';
	redisChild.stdout!.on('data', (chunk: Buffer) => (redisOutput = (redisOutput + chunk.toString()).slice(-4000)));
	redisChild.stderr!.on('data', (chunk: Buffer) => (redisOutput = (redisOutput + chunk.toString()).slice(-4000)));

	const nodes: ClusterNode[] = [];
	const stopAll = async () => {
		await Promise.all(children.map((child) => stopChild(child, 5000)));
		await stopChild(redisChild, 3000);
		rmSync(configDir, { recursive: true, force: true });
	};

	try {
		await waitFor(async () => (await redisCommand(redisPort, 'PING')).startsWith('+PONG'), redisChild, 'redis-server', () => redisOutput, 10_000);
		const regions = Array.from({ length: count }, (_, index) => String.fromCharCode(97 + index));
		const startNode = async (region: string): Promise<void> => {
			const [port, tcpPort, udpPort] = [await freePort(), await freePort(), await freePort()];
			const config = loopbackNodeConfig({
				port,
				tcpPort,
				udpPort,
				apiKey,
				apiSecret,
				targetLoad: options.targetLoad,
				logLevel: options.logLevel ?? 'info',
				extra: [
					'redis:',
					`  address: 127.0.0.1:${redisPort}`,
					'node_selector:',
					'  kind: regionaware',
					'  regions:',
					...regions.map((name, index) => `    - {name: ${name}, lat: 0, lon: ${index * 90}}`),
					`region: ${region}`,
				],
			});
			const configFile = join(configDir, `${region}.yaml`);
			writeFileSync(configFile, config, { mode: 0o600 });
			const child = spawn(binary, ['--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
			children.push(child);
			let output = '';
			const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
			child.stdout!.on('data', keep);
			child.stderr!.on('data', keep);
			const redacted = () => output.split(apiSecret).join('[redacted]');
			try {
				await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, child, `livekit-server node ${region}`, redacted, 30_000);
			} catch (error) {
				await stopChild(child, 1000);
				children.splice(children.indexOf(child), 1);
				throw error;
			}
			nodes.push({ region, url: `ws://127.0.0.1:${port}`, apiKey, apiSecret, pid: child.pid!, output: redacted, stop: () => stopChild(child, 5000) });
		};
		await Promise.all(regions.map(startNode));
		// In region order, whatever order they came up in.
		nodes.sort((left, right) => left.region.localeCompare(right.region));
		// Every node registered in redis's `nodes` hash: the cluster is formed.
		await waitFor(async () => (await redisCommand(redisPort, 'HLEN', 'nodes')) === `:${count}\r\n`, redisChild, 'the cluster', () => nodes.map((node) => node.output()).join('\n'), 15_000);
	} catch (error) {
		await stopAll();
		throw error;
	}
	// The config files hold the secret: the nodes read them at start-up.
	for (const region of nodes.map((node) => node.region)) rmSync(join(configDir, `${region}.yaml`), { force: true });

	return { nodes, redisPort, redisPid: redisChild.pid!, apiKey, apiSecret, redis: (...args) => redisCommand(redisPort, ...args), stop: stopAll };
}

if (require.main === module) {
	// `npx ts-node scripts/livekit-cluster.ts [nodes]`: start a cluster, print its URLs, stop on Ctrl-C.
	void (async () => {
		const cluster = await startLiveKitCluster({ nodes: Number(process.argv[2] ?? 2) });
		for (const node of cluster.nodes) console.log(`node ${node.region}: ${node.url}`);
		console.log(`redis: 127.0.0.1:${cluster.redisPort}; key ${cluster.apiKey} (secret in LIVEKIT_API_SECRET of this process only)`);
		const stop = () => void cluster.stop().then(() => process.exit(0));
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	})();
}
