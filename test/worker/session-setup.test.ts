/**
 * Building a session from its dispatch: the signing secret a config needs (refused like a missing
 * provider key, naming the field and N8N_VOICE_WEBHOOK_SECRET), the session reference every request
 * carries, the tool registry over client, webhook and MCP tools (a device's update_tools keeps the
 * others), and the silence timeout setting.
 */
import { initializeLogger, llm, type JobContext, type voice } from '@livekit/agents';
import type { LocalParticipant, RpcInvocationData } from '@livekit/rtc-node';

import { assistantConfigSchema, type AssistantConfig, type DispatchMetadata } from '../../src/config';
import { ProviderSetupError } from '../../worker/src/providers/types';
import { registerClientRpc } from '../../worker/src/rpc';
import { prepareSession } from '../../worker/src/session/setup';
import { readSettings } from '../../worker/src/settings';
import { ToolRegistry } from '../../worker/src/tools/registry';
import type { ToolCallReport } from '../../worker/src/tools/reporting';
import { sessionScope, webhookSecretFor } from '../../worker/src/webhooks/session';
import { recordingLogger } from './recording-logger';

initializeLogger({ pretty: false, level: 'silent' });

const SECRET = { N8N_VOICE_WEBHOOK_SECRET: 'worker-secret' };
const weather = { name: 'get_weather', description: 'Weather', parameters: { type: 'object' as const, properties: { city: { type: 'string' } } } };
const lookup = { type: 'webhook' as const, name: 'lookup_order', description: 'Order status', parameters: { type: 'object' as const, properties: {} }, url: 'http://127.0.0.1:9/tool' };
const mcpSource = { type: 'mcp' as const, url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer t' } };

function config(extra: { tools?: unknown[]; events?: unknown; llm?: unknown; metadata?: unknown } = {}): AssistantConfig {
	return assistantConfigSchema.parse({
		session: extra.metadata ? { metadata: extra.metadata } : undefined,
		agent: { instructions: 'Help.', tools: extra.tools },
		stt: { default: { provider: 'openai-compatible', model: 'whisper-1', baseUrl: 'http://127.0.0.1:9/v1' } },
		tts: { default: { provider: 'espeak', voiceId: 'en-us' } },
		llm: { default: extra.llm ?? { provider: 'openai-compatible', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' } },
		events: extra.events,
	});
}

const fakeCtx = (agentName = '') =>
	({ job: { id: 'AJ_7', agentName, room: { name: 'rv-room-7', sid: 'RM_7' } }, room: { localParticipant: undefined } }) as unknown as JobContext;

describe('session setup', () => {
	it.each([
		[{ events: { webhookUrl: 'http://127.0.0.1:9/events' } }, 'events.webhookUrl'],
		[{ tools: [weather, lookup] }, 'agent.tools[1] (webhook tool "lookup_order")'],
		[{ llm: { provider: 'webhook', url: 'http://127.0.0.1:9/llm' } }, 'llm.default.provider "webhook"'],
	])('refuses a config that sends webhooks from a worker without N8N_VOICE_WEBHOOK_SECRET (%#)', (extra, field) => {
		const message = `${field} needs N8N_VOICE_WEBHOOK_SECRET in the worker's environment to sign its requests`;
		expect(() => webhookSecretFor(config(extra), {})).toThrow(new ProviderSetupError(message));
		const dispatch: DispatchMetadata = { version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity: 'u', name: 'U' }, config: config(extra) };
		expect(() => prepareSession(fakeCtx(), dispatch, {}, recordingLogger())).toThrow(message);
		expect(webhookSecretFor(config(extra), SECRET)).toBe('worker-secret');
	});

	it('needs no secret for client and MCP tools', () => {
		expect(webhookSecretFor(config({ tools: [weather, mcpSource] }), {})).toBeUndefined();
	});

	it('names the session in every request: room, participant, agent, job, and the metadata', () => {
		const participant = { identity: 'user-7', name: 'Ada' };
		expect(sessionScope(fakeCtx('voice-eu'), participant, config({ metadata: { crmId: 'C-7' } }), {})).toEqual({
			session: { roomName: 'rv-room-7', roomSid: 'RM_7', participantIdentity: 'user-7', participantName: 'Ada', agentName: 'voice-eu', jobId: 'AJ_7' },
			metadata: { crmId: 'C-7' },
		});
		expect(sessionScope(fakeCtx(), participant, config(), { N8N_VOICE_AGENT_NAME: 'from-env' }).session.agentName).toBe('from-env');
		expect(sessionScope(fakeCtx(), participant, config(), {})).toMatchObject({ session: { agentName: 'n8n-realtime-voice' }, metadata: {} });
	});

	it('builds the pipeline, the tools and the events for a config that uses all three tool kinds', () => {
		const dispatch: DispatchMetadata = {
			version: 1,
			createdBy: 'n8n-nodes-realtime-voice',
			participant: { identity: 'user-7', name: 'Ada' },
			config: config({ tools: [weather, lookup, mcpSource], events: { webhookUrl: 'http://127.0.0.1:9/events' } }),
		};
		const parts = prepareSession(fakeCtx(), dispatch, SECRET, recordingLogger());
		expect(parts.llm.label()).toBe('openai.LLM');
		const entries = parts.tools.entries();
		expect(entries.map((entry) => (llm.isToolset(entry) ? `toolset ${entry.id}` : (entry as { name: string }).name))).toEqual(['lookup_order', 'get_weather', 'toolset mcp-2']);
		expect(parts.tools.names).toEqual(['lookup_order', 'get_weather']);
	});
});

describe('tool registry', () => {
	function registry(answer = '{"result":"sunny"}') {
		const reports: ToolCallReport[] = [];
		const participant = { performRpc: async () => answer } as unknown as LocalParticipant;
		const logger = recordingLogger();
		const tools = new ToolRegistry({
			participant: () => participant,
			userIdentity: 'user-1',
			tools: [weather, lookup, mcpSource],
			webhook: { secret: 'x', scope: { session: { roomName: 'r', participantIdentity: 'u', participantName: 'U', agentName: 'a', jobId: 'j' }, metadata: {} } },
			report: (r) => reports.push(r),
			logger,
			onMcpUnavailable: () => undefined,
		});
		return { tools, reports, logger };
	}

	it('reports client tool calls as via client', async () => {
		const { tools, reports } = registry();
		const tool = tools.entries().find((entry) => (entry as { name?: string }).name === 'get_weather') as llm.FunctionTool;
		await expect(tool.execute({ city: 'Paris' }, {} as never)).resolves.toEqual({ result: 'sunny' });
		expect(reports).toEqual([{ name: 'get_weather', arguments: { city: 'Paris' }, via: 'client', ok: true, result: { result: 'sunny' }, durationMs: expect.any(Number) }]);
	});

	it("keeps webhook and MCP tools through a device's update_tools, and does not offer a device tool that takes a configured name", async () => {
		const { tools, logger } = registry();
		const handlers = new Map<string, (data: RpcInvocationData) => Promise<string>>();
		const participant = { registerRpcMethod: (name: string, handler: (data: RpcInvocationData) => Promise<string>) => void handlers.set(name, handler) } as unknown as LocalParticipant;
		const offered: llm.ToolContextEntry[][] = [];
		const agent = { updateTools: async (entries: llm.ToolContextEntry[]) => void offered.push(entries) } as unknown as voice.Agent;
		registerClientRpc(participant, { tools, agent, logger, userIdentity: 'user-1' });
		const toolset = tools.entries().find((entry) => llm.isToolset(entry));

		const update = { action: 'add', tools: [{ name: 'get_time', description: 'Time', parameters: { type: 'object' } }, { name: 'lookup_order', description: 'Device copy', parameters: { type: 'object' } }] };
		const answer = await handlers.get('update_tools')!({ callerIdentity: 'user-1', payload: JSON.stringify(update) } as RpcInvocationData);
		expect(JSON.parse(answer)).toEqual({ status: 'ok', tools: ['get_weather', 'get_time', 'lookup_order'] });
		const names = offered[0].map((entry) => (llm.isToolset(entry) ? entry : (entry as { name: string; description: string }).name + ':' + (entry as { description: string }).description));
		expect(names).toEqual(['lookup_order:Order status', 'get_weather:Weather', 'get_time:Time', toolset]);
		expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'device tool not offered: another tool has its name', fields: { tool: 'lookup_order' } }));
	});
});

describe('worker settings', () => {
	it('reads the silence timeout: 300 s by default, 0 disables it', () => {
		expect(readSettings({}).silenceTimeoutSeconds).toBe(300);
		expect(readSettings({ N8N_VOICE_SILENCE_TIMEOUT_SECONDS: '0' }).silenceTimeoutSeconds).toBe(0);
		expect(readSettings({ N8N_VOICE_SILENCE_TIMEOUT_SECONDS: '45' }).silenceTimeoutSeconds).toBe(45);
	});

	it.each(['-1', 'five', '86401'])('refuses N8N_VOICE_SILENCE_TIMEOUT_SECONDS=%s, naming it', (value) => {
		expect(() => readSettings({ N8N_VOICE_SILENCE_TIMEOUT_SECONDS: value })).toThrow(`N8N_VOICE_SILENCE_TIMEOUT_SECONDS must be a number from 0 to 86400; got "${value}"`);
	});

	it('reads the AEC warm-up: off (0 ms) by default, so a user who talks over the greeting is heard; refuses a bad value by name', () => {
		expect(readSettings({}).aecWarmupMs).toBe(0);
		expect(readSettings({ N8N_VOICE_AEC_WARMUP_MS: '3000' }).aecWarmupMs).toBe(3000);
		expect(() => readSettings({ N8N_VOICE_AEC_WARMUP_MS: '3 s' })).toThrow('N8N_VOICE_AEC_WARMUP_MS must be a number from 0 to 10000; got "3 s"');
	});
});
