import {
	encodeDispatchMetadata,
	parseDispatchMetadata,
	validateAssistantConfig,
	selfHostedOnlyFields,
	validateAssistantConfigPatch,
} from '../../src/config';
import { completeConfig } from '../harness/fixtures';

describe('assistant config schema', () => {
	it('accepts UpliftAI’s documented example and returns it unchanged', () => {
		const result = validateAssistantConfig(completeConfig());
		expect(result).toEqual({ ok: true, value: completeConfig() });
	});

	it('accepts a JSON string', () => {
		expect(validateAssistantConfig(JSON.stringify(completeConfig())).ok).toBe(true);
	});

	it.each([
		[{ ...completeConfig(), stt: { default: { provider: 'azure', model: 'x' } } }, 'config.stt.default.provider must be one of "groq", "openai", "openai-compatible", "deepgram", got "azure"'],
		[{ ...completeConfig(), tts: { default: { provider: 'espeak' } } }, 'config.tts.default.voiceId is required (string)'],
		[{ ...completeConfig(), llm: { default: { provider: 'openai-compatible', model: 'llama3' } } }, 'config.llm.default.baseUrl is required when llm.default.provider is "openai-compatible"'],
		[{ ...completeConfig(), session: { ttl: 0 } }, 'config.session.ttl must be greater than or equal to 1, got 0'],
		[{ ...completeConfig(), agent: { instructions: 'x', greeting: true } }, 'config.agent has unknown field "greeting"; allowed fields: instructions, initialGreeting, greetingInstructions, greetingMessage, allowInterruptions, errorMessage, tools'],
		// Any scheme but http(s) is refused, whatever zod's url() accepts.
		...['javascript:alert(1)', 'file:///etc/passwd', 'ftp://models.example/v1', 'ws://127.0.0.1:11434/v1'].map((url): [unknown, string] => [
			{ ...completeConfig(), llm: { default: { provider: 'openai-compatible', model: 'llama3', baseUrl: url } } },
			`config.llm.default.baseUrl must start with http:// or https://, e.g. http://127.0.0.1:11434/v1, got ${JSON.stringify(url)}`,
		]),
		[
			{ ...completeConfig(), session: { ttl: 60, metadata: JSON.parse('{"__proto__":{"admin":true},"crmId":"C-1"}') as unknown } },
			'config.session.metadata has the key "__proto__", which is not allowed ("__proto__", "constructor", "prototype" would change the object itself, not add data); rename it',
		],
		['{not json', 'config is not valid JSON: Unexpected token n in JSON at position 1'],
		[null, 'config is required (object)'],
	])('rejects %j with a message naming the field', (input, message) => {
		const result = validateAssistantConfig(input);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors[0].replace(/Expected property name or '\}'/, 'Unexpected token n')).toBe(message);
	});

	it('checks tools: names, JSON Schema parameters, duplicates', () => {
		const tool = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, timeout: 5 };
		const config = (tools: unknown[]) => ({ ...completeConfig(), agent: { instructions: 'x', tools } });
		expect(validateAssistantConfig(config([tool])).ok).toBe(true);
		expect(validateAssistantConfig(config([{ ...tool, name: 'get weather' }]))).toEqual({
			ok: false,
			errors: ['config.agent.tools.0.name must be 1-64 characters of letters, digits, "_" or "-", got "get weather"'],
		});
		expect(validateAssistantConfig(config([{ ...tool, parameters: { type: 'array' } }]))).toEqual({
			ok: false,
			errors: ['config.agent.tools.0.parameters.type must be "object", got "array"'],
		});
		expect(validateAssistantConfig(config([tool, tool]))).toEqual({
			ok: false,
			errors: ['config.agent.tools.1.name duplicates another tool named "get_weather", got "get_weather"'],
		});
	});

	describe('tool kinds (client, webhook, mcp)', () => {
		const parameters = { type: 'object', properties: { crmId: { type: 'string' } } };
		const config = (tools: unknown[]) => ({ ...completeConfig(), agent: { instructions: 'x', tools } });
		const webhook = { type: 'webhook', name: 'lookup_order', description: 'Order status', parameters, url: 'https://n8n.example.com/webhook/abc/realtime-voice', timeout: 8 };
		const mcp = { type: 'mcp', url: 'http://127.0.0.1:8931/mcp', headers: { Authorization: 'Bearer t' }, allowedTools: ['search'] };

		it('a tool without type is a client tool, so UpliftAI configurations stay valid unchanged', () => {
			const client = { name: 'get_weather', description: 'Weather', parameters };
			expect(validateAssistantConfig(config([client]))).toEqual({ ok: true, value: config([client]) });
			expect(validateAssistantConfig(config([{ ...client, type: 'client' }])).ok).toBe(true);
		});

		it('accepts webhook tools and MCP sources as written', () => {
			expect(validateAssistantConfig(config([webhook, mcp]))).toEqual({ ok: true, value: config([webhook, mcp]) });
		});

		it.each([
			[[{ ...webhook, type: 'sms' }], 'config.agent.tools.0.type must be one of "client", "webhook", "mcp", got "sms"'],
			[[{ ...webhook, url: 'ftp://files.example.com/x' }], 'config.agent.tools.0.url must start with http:// or https://, got "ftp://files.example.com/x"'],
			[[{ ...webhook, url: undefined }], 'config.agent.tools.0.url is required (string)'],
			[[{ ...webhook, type: undefined }], 'config.agent.tools.0 has unknown field "url"; allowed fields: type, name, description, parameters, timeout'],
			[[{ ...mcp, name: 'x' }], 'config.agent.tools.0 has unknown field "name"; allowed fields: type, url, headers, allowedTools, timeout'],
			[[{ ...mcp, url: 'file:///etc/passwd' }], 'config.agent.tools.0.url must start with http:// or https://, got "file:///etc/passwd"'],
			[[{ ...mcp, allowedTools: ['bad name'] }], 'config.agent.tools.0.allowedTools.0 must be 1-64 characters of letters, digits, "_" or "-", got "bad name"'],
			[[webhook, { name: 'lookup_order', description: 'On the device', parameters }], 'config.agent.tools.1.name duplicates another tool named "lookup_order", got "lookup_order"'],
		])('refuses %j naming the field', (tools, message) => {
			expect(validateAssistantConfig(config(tools))).toEqual({ ok: false, errors: [message] });
		});
	});

	describe('session.metadata', () => {
		const withMetadata = (metadata: unknown) => ({ ...completeConfig(), session: { ttl: 60, metadata } });

		it('accepts a flat object of strings, numbers and booleans', () => {
			const metadata = { crmId: 'CUST-0042', campaign: 'renewal', score: 7.5, vip: true };
			expect(validateAssistantConfig(withMetadata(metadata))).toEqual({ ok: true, value: withMetadata(metadata) });
		});

		it.each([
			[{ owner: { id: 1 } }, 'config.session.metadata.owner must be a string, number or boolean (metadata is flat), got {"id":1}'],
			[{ tags: ['a'] }, 'config.session.metadata.tags must be a string, number or boolean (metadata is flat), got ["a"]'],
			[{ missing: null }, 'config.session.metadata.missing must be a string, number or boolean (metadata is flat), got null'],
			['crm-1', 'config.session.metadata must be object, got string "crm-1"'],
		])('refuses %j', (metadata, message) => {
			expect(validateAssistantConfig(withMetadata(metadata))).toEqual({ ok: false, errors: [message] });
		});

		it('refuses more than 8 KB of JSON, and accepts exactly 8 KB', () => {
			// {"note":"…"} is 11 bytes of JSON around the value.
			expect(validateAssistantConfig(withMetadata({ note: 'x'.repeat(8192 - 11) })).ok).toBe(true);
			const tooBig = validateAssistantConfig(withMetadata({ note: 'é'.repeat(4100) }));
			expect(!tooBig.ok && tooBig.errors[0]).toMatch(/^config\.session\.metadata must be at most 8192 bytes as JSON; it is 8211 bytes/);
		});
	});

	describe('events and the webhook LLM', () => {
		it('accepts events with and without a type filter', () => {
			for (const events of [{ webhookUrl: 'http://127.0.0.1:5678/webhook/x/realtime-voice' }, { webhookUrl: 'https://n8n.example.com/w', types: ['session.ended', 'transcript'] }]) {
				expect(validateAssistantConfig({ ...completeConfig(), events }).ok).toBe(true);
			}
		});

		it.each([
			[{ webhookUrl: 'ws://127.0.0.1/x' }, 'config.events.webhookUrl must start with http:// or https://, got "ws://127.0.0.1/x"'],
			[{ webhookUrl: 'not a url' }, 'config.events.webhookUrl must be an http(s) URL, got "not a url"'],
			[{ webhookUrl: 'http://a.example/x', types: ['call.ended'] }, 'config.events.types.0 must be one of "session.started", "transcript", "tool.called", "session.ended", "session.error", got "call.ended"'],
			[{ webhookUrl: 'http://a.example/x', types: [] }, 'config.events.types must contain at least 1 element(s), got []'],
			[{ url: 'http://a.example/x' }, 'config.events.webhookUrl is required (string)'],
		])('refuses events %j', (events, message) => {
			const result = validateAssistantConfig({ ...completeConfig(), events });
			expect(!result.ok && result.errors[0]).toBe(message);
		});

		it('the webhook LLM needs a url and no model; other providers need a model and no url', () => {
			const llm = (value: unknown) => ({ ...completeConfig(), llm: { default: value } });
			expect(validateAssistantConfig(llm({ provider: 'webhook', url: 'http://127.0.0.1:5678/webhook/x/realtime-voice', timeout: 20 })).ok).toBe(true);
			expect(validateAssistantConfig(llm({ provider: 'webhook' }))).toEqual({ ok: false, errors: ['config.llm.default.url is required when llm.default.provider is "webhook"'] });
			expect(validateAssistantConfig(llm({ provider: 'groq', url: 'http://a.example/x' }))).toEqual({
				ok: false,
				errors: ['config.llm.default.model is required (string)', 'config.llm.default.url is only used when llm.default.provider is "webhook", got "http://a.example/x"'],
			});
		});
	});

	describe('self-hosted-only fields (refused by the UpliftAI node)', () => {
		it('lists each field UpliftAI’s cloud does not run, and nothing for a plain configuration', () => {
			expect(selfHostedOnlyFields(completeConfig() as never)).toEqual([]);
			const config = {
				...completeConfig(),
				session: { metadata: { crmId: 'C1' } },
				events: { webhookUrl: 'http://a.example/e' },
				agent: { instructions: 'x', tools: [{ name: 'ok', description: 'd', parameters: { type: 'object' } }, { type: 'mcp', url: 'http://a.example/mcp' }] },
				llm: { default: { provider: 'webhook', url: 'http://a.example/l' } },
			};
			const problems = selfHostedOnlyFields(config as never);
			expect(problems.map((p) => p.split(':')[0])).toEqual(['config.session.metadata', 'config.events', 'config.agent.tools.1.type "mcp"', 'config.llm.default.provider "webhook"']);
			expect(problems[0]).toContain('needs the self-hosted "Realtime Voice (LiveKit)" node');
		});
	});

	it('patch variant: every field optional, each present field checked', () => {
		expect(validateAssistantConfigPatch({ tts: { default: { voiceId: 'v_1' } } })).toEqual({ ok: true, value: { tts: { default: { voiceId: 'v_1' } } } });
		expect(validateAssistantConfigPatch({ tts: { default: { provider: 'polly' } } })).toEqual({
			ok: false,
			errors: ['config.tts.default.provider must be one of "upliftai", "openai", "openai-compatible", "espeak", got "polly"'],
		});
	});
});

describe('dispatch metadata (node → worker)', () => {
	it('round-trips through the envelope the worker parses', () => {
		const text = encodeDispatchMetadata(completeConfig() as never, { identity: 'user-1', name: 'Ada' });
		expect(parseDispatchMetadata(text)).toEqual({
			ok: true,
			value: { version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity: 'user-1', name: 'Ada' }, config: completeConfig() },
		});
	});

	it('names the field when a dispatch is malformed', () => {
		const bad = JSON.stringify({ version: 1, createdBy: 'n8n-nodes-realtime-voice', participant: { identity: 'u', name: 'n' }, config: { agent: {} } });
		const result = parseDispatchMetadata(bad);
		expect(!result.ok && result.errors[0]).toBe('metadata.config.agent.instructions is required (string)');
		expect(parseDispatchMetadata('nope').ok).toBe(false);
	});
});
