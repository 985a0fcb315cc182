import {
	encodeDispatchMetadata,
	parseDispatchMetadata,
	validateAssistantConfig,
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
		[{ ...completeConfig(), agent: { instructions: 'x', greeting: true } }, 'config.agent has unknown field "greeting"; allowed fields: instructions, initialGreeting, greetingInstructions, greetingMessage, allowInterruptions, tools'],
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
