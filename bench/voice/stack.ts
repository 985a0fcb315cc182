/**
 * The local stack the voice benchmarks measure: a real livekit-server, the bundled worker, and the
 * scripted OpenAI-compatible provider double, plus a helper that provisions sessions the way a
 * workflow does (through the Realtime Voice node in n8n's engine).
 */
import { dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';

import '../../test/harness/setup-env';
import { nodeCredentials, startLiveKitServer, type LiveKitServer } from '../../scripts/livekit-server';
import { liveKitServerTee } from '../../scripts/local-stack/livekit-log';
import { startWorker, type WorkerProcess } from '../../scripts/local-stack/worker-process';
import { startScriptedOpenAi, type ChatScript, type ScriptedOpenAi } from '../../test/doubles/scripted-openai';
import { executeWorkflow, outputJson } from '../../test/harness/engine';
import { workflowWith } from '../../test/harness/fixtures';

export const AGENT_NAME = 'n8n-realtime-voice-bench';

export interface Stack {
	server: LiveKitServer;
	worker: WorkerProcess;
	providers: ScriptedOpenAi;
	rooms: RoomServiceClient;
	provision(configs: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>>;
	stop(): Promise<void>;
}

export async function startStack(options: {
	chat: ChatScript;
	workerEnv?: Record<string, string>;
	prewarmed?: number;
	/** Copies livekit-server's log (at this level) into this file as it runs. */
	liveKitLog?: { path: string; level: string };
}): Promise<Stack> {
	const server = await startLiveKitServer(options.liveKitLog ? { binary: liveKitServerTee(options.liveKitLog.path), logLevel: options.liveKitLog.level } : {});
	const providers = await startScriptedOpenAi({ chat: options.chat });
	const worker = await startWorker({
		url: server.url,
		apiKey: server.apiKey,
		apiSecret: server.apiSecret,
		agentName: AGENT_NAME,
		env: options.workerEnv,
		prewarmed: options.prewarmed,
		timeoutMs: 120_000,
	});
	const credentials = nodeCredentials(server, AGENT_NAME);
	const workflow = workflowWith(
		{ type: 'realtimeVoice', parameters: { resource: 'session', operation: 'create', configSource: 'inputField', configField: 'config', waitForAgent: false, options: { maxConcurrency: 32 } } },
		[],
	);
	return {
		server,
		worker,
		providers,
		rooms: new RoomServiceClient(server.url.replace('ws://', 'http://'), server.apiKey, server.apiSecret),
		provision: async (configs) => outputJson(await executeWorkflow(workflow, { credentials, records: configs.map((config) => ({ config })) }), 'Node'),
		stop: async () => {
			await worker.stop();
			await providers.close();
			await server.stop();
			await dispose();
		},
	};
}

/** A complete config on the local providers: scripted LLM/STT double, the given TTS. */
export function localConfig(providersUrl: string, agent: Record<string, unknown>, tts: Record<string, unknown> = { provider: 'espeak', voiceId: 'en-us' }) {
	return {
		session: { ttl: 600 },
		agent: { instructions: 'You are a benchmark assistant. Answer in one short sentence.', ...agent },
		stt: { default: { provider: 'openai-compatible', model: 'whisper-1', baseUrl: providersUrl } },
		tts: { default: tts },
		llm: { default: { provider: 'openai-compatible', model: 'scripted', baseUrl: providersUrl } },
	};
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
