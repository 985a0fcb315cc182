/**
 * Where an operation gets its assistant configuration from: fields defined in the node, one JSON
 * parameter, or a JSON field of the input item (so one workflow provisions a personalised assistant
 * per record). Provider lists come from the shared schema, so the UI offers exactly what validates.
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	DEFAULT_SESSION_TTL_SECONDS,
	LLM_PROVIDERS,
	STT_PROVIDERS,
	TTS_OUTPUT_FORMATS,
	TTS_PROVIDERS,
} from '../../src/config';
import { bodySourceProperties } from './bodyInput';
import { llmWebhookProperties, sessionProperties } from './selfHostedDescription';

const PROVIDER_LABELS: Record<string, string> = {
	groq: 'Groq',
	openai: 'OpenAI',
	'openai-compatible': 'OpenAI-Compatible (Base URL)',
	deepgram: 'Deepgram',
	upliftai: 'UpliftAI',
	espeak: 'eSpeak NG (Offline, Self-Hosted Worker Only)',
	webhook: 'n8n Webhook (Self-Hosted Worker Only)',
};

/** Providers only the self-hosted worker runs, left out of the UpliftAI node's lists. */
const SELF_HOSTED_ONLY_PROVIDERS = new Set(['webhook']);

const providerOptions = (values: readonly string[], selfHosted = true): INodePropertyOptions[] =>
	values
		.filter((value) => selfHosted || !SELF_HOSTED_ONLY_PROVIDERS.has(value))
		.map((value) => ({ name: PROVIDER_LABELS[value] ?? value, value }));

export interface ConfigUi {
	/**
	 * The Realtime Voice node (bundled worker): adds the fields only it runs (events, metadata, the
	 * tools editor, the webhook LLM). UpliftAI shares the other fields and refuses these.
	 */
	selfHosted?: boolean;
}

export const EXAMPLE_CONFIG = {
	session: { ttl: DEFAULT_SESSION_TTL_SECONDS },
	agent: {
		instructions: 'You are a friendly assistant for this session.',
		initialGreeting: true,
		greetingInstructions: 'Welcome the user and ask how you can help.',
		tools: [],
	},
	stt: { default: { provider: 'groq', model: 'whisper-large-v3', language: 'en' } },
	tts: { default: { provider: 'upliftai', voiceId: 'v_meklc281', outputFormat: 'MP3_22050_32' } },
	llm: { default: { provider: 'groq', model: 'openai/gpt-oss-120b' } },
};

const [configSource, fromField] = bodySourceProperties({
	sourceParameter: 'configSource',
	sourceLabel: 'Configuration Source',
	fieldParameter: 'configField',
	fieldLabel: 'Config Field',
	fieldDefault: 'config',
	what: 'configuration',
	perItem: 'one assistant per record',
});

const asJson = (partial: boolean): INodeProperties => ({
	displayName: partial ? 'Configuration Changes (JSON)' : 'Configuration (JSON)',
	// Separate names: n8n keeps a value across operations by name, and a full config must never be
	// sent as an update by accident.
	name: partial ? 'configPatchJson' : 'configJson',
	type: 'json',
	default: JSON.stringify(partial ? { tts: EXAMPLE_CONFIG.tts } : EXAMPLE_CONFIG, null, 2),
	required: true,
	description: partial
		? 'Only the parts of the configuration to change, e.g. just "tts"'
		: 'The complete configuration: session, agent, stt, tts and llm',
	displayOptions: { show: { configSource: ['json'] } },
});

/** Individual fields; `required` marks what a complete configuration must have. */
function configFields(required: boolean, selfHosted: boolean): INodeProperties[] {
	const fields: INodeProperties[] = [
		{ displayName: 'Instructions', name: 'instructions', type: 'string', typeOptions: { rows: 4 }, default: '', required, description: 'System instructions that define how the assistant behaves' },
		{ displayName: 'Initial Greeting', name: 'initialGreeting', type: 'boolean', default: true, description: 'Whether the assistant speaks first when the user joins' },
		{ displayName: 'Greeting Instructions', name: 'greetingInstructions', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'What the greeting should say or do; the LLM writes the greeting from it' },
		{ displayName: 'Greeting Message', name: 'greetingMessage', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'Exact words of the greeting, spoken without an LLM call (bundled worker); takes precedence over Greeting Instructions' },
		{ displayName: 'Session TTL (Seconds)', name: 'sessionTtl', type: 'number', typeOptions: { minValue: 1, maxValue: 86400 }, default: DEFAULT_SESSION_TTL_SECONDS, description: 'Lifetime of each session' },
		{ displayName: 'Speech-to-Text Provider', name: 'sttProvider', type: 'options', options: providerOptions(STT_PROVIDERS), default: 'groq', required },
		{ displayName: 'Speech-to-Text Model', name: 'sttModel', type: 'string', default: 'whisper-large-v3', required },
		{ displayName: 'Speech-to-Text Language', name: 'sttLanguage', type: 'string', default: 'en', description: 'ISO-639-1 language code, e.g. en or ur' },
		{ displayName: 'Speech-to-Text Base URL', name: 'sttBaseUrl', type: 'string', default: '', placeholder: 'http://127.0.0.1:8000/v1', description: 'Endpoint of an OpenAI-compatible transcription server' },
		{ displayName: 'Text-to-Speech Provider', name: 'ttsProvider', type: 'options', options: providerOptions(TTS_PROVIDERS), default: 'upliftai', required },
		{ displayName: 'Voice ID', name: 'ttsVoiceId', type: 'string', default: 'v_meklc281', required, description: 'Voice of the TTS provider, e.g. an UpliftAI voice ID such as v_meklc281' },
		{ displayName: 'Output Format', name: 'ttsOutputFormat', type: 'options', options: TTS_OUTPUT_FORMATS.map((value) => ({ name: value, value })), default: 'MP3_22050_32', description: 'UpliftAI TTS output format' },
		{ displayName: 'Text-to-Speech Model', name: 'ttsModel', type: 'string', default: '', description: 'Model of OpenAI or OpenAI-compatible TTS, e.g. gpt-4o-mini-tts' },
		{ displayName: 'Text-to-Speech Base URL', name: 'ttsBaseUrl', type: 'string', default: '', placeholder: 'http://127.0.0.1:8880/v1', description: 'Endpoint of an OpenAI-compatible speech server' },
		{ displayName: 'LLM Provider', name: 'llmProvider', type: 'options', options: providerOptions(LLM_PROVIDERS, selfHosted), default: 'groq', required },
		{ displayName: 'LLM Model', name: 'llmModel', type: 'string', default: 'openai/gpt-oss-120b', required },
		{ displayName: 'LLM Base URL', name: 'llmBaseUrl', type: 'string', default: '', placeholder: 'http://127.0.0.1:11434/v1', description: 'Endpoint of an OpenAI-compatible chat server (Ollama, vLLM, llama.cpp, LM Studio)' },
		...(selfHosted ? llmWebhookProperties : []),
		{ displayName: 'Tools (JSON)', name: 'tools', type: 'json', default: '[]', description: selfHosted ? TOOLS_JSON_SELF_HOSTED : TOOLS_JSON_CLOUD },
	];
	return selfHosted ? [...fields, ...sessionProperties] : fields;
}

const TOOLS_JSON_CLOUD = 'List of {name, description, parameters (JSON Schema), timeout (seconds)}; each runs on the user device over RPC';
const TOOLS_JSON_SELF_HOSTED =
	'List of tools: {name, description, parameters (JSON Schema), timeout} runs on the user device over RPC; add "type": "webhook" and "url" for a webhook tool, or {"type": "mcp", "url", "headers", "allowedTools"} for an MCP server';

/** Shown with the complete fields: rarely changed settings. */
const moreFields: INodeProperties = {
	displayName: 'Additional Configuration',
	name: 'configExtras',
	type: 'collection',
	placeholder: 'Add setting',
	default: {},
	displayOptions: { show: { configSource: ['fields'] } },
	options: [
		{ displayName: 'Allow Interruptions', name: 'allowInterruptions', type: 'boolean', default: true, description: 'Whether the user can talk over the assistant' },
		{ displayName: 'LLM Temperature', name: 'llmTemperature', type: 'number', typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 }, default: 0.7 },
		{ displayName: 'Room Prefix', name: 'roomPrefix', type: 'string', default: '', description: 'Prefix of generated room names' },
	],
};

/** Fields that only apply to some providers are shown only for them. */
const PROVIDER_DEPENDENT: Record<string, IDisplayOptions['show']> = {
	sttBaseUrl: { sttProvider: ['openai-compatible'] },
	ttsBaseUrl: { ttsProvider: ['openai-compatible'] },
	llmBaseUrl: { llmProvider: ['openai-compatible'] },
	ttsOutputFormat: { ttsProvider: ['upliftai'] },
	ttsModel: { ttsProvider: ['openai', 'openai-compatible'] },
	// The webhook LLM's model is the workflow behind its URL.
	llmModel: { llmProvider: ['groq', 'openai', 'openai-compatible'] },
	greetingInstructions: { initialGreeting: [true] },
	greetingMessage: { initialGreeting: [true] },
};

/** Parameters of an operation that takes a complete configuration (create assistant, ad-hoc session). */
export function completeConfigProperties({ selfHosted = false }: ConfigUi = {}): INodeProperties[] {
	const fields = configFields(true, selfHosted).map((field) => ({
		...field,
		displayOptions: { show: { configSource: ['fields'], ...PROVIDER_DEPENDENT[field.name], ...field.displayOptions?.show } },
	}));
	return [configSource, fromField, asJson(false), ...fields, moreFields];
}

/** Parameters of an operation that takes a partial configuration (update assistant). */
export function partialConfigProperties({ selfHosted = false }: ConfigUi = {}): INodeProperties[] {
	const updateFields: INodeProperties = {
		displayName: 'Fields to Update',
		name: 'configUpdate',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show: { configSource: ['fields'] } },
		options: [...configFields(false, selfHosted), ...(moreFields.options as INodeProperties[])].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
	return [configSource, fromField, asJson(true), updateFields];
}
