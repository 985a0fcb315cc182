/** Assistant fields shared by Create and Update, and the body they build (typed fields over the JSON). */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	assistantSchema,
	FIRST_MESSAGE_MODES,
	MODEL_PROVIDERS,
	TRANSCRIBER_PROVIDERS,
	VOICE_PROVIDERS,
} from '../../../../src/vendors/vapi';
import { jsonObjectParameter } from '../../../shared/bodyInput';
import { fieldError } from '../../../shared/fieldError';
import { compact, deepMerge, isPlainObject } from '../../../shared/objects';
import { scalarText, validateBody, withNumbersAt } from '../input';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);
const providerOptions = (values: readonly string[]): INodePropertyOptions[] =>
	values.map((value) => ({ name: value, value })).sort(byName);

export const assistantIdProperty: INodeProperties = {
	displayName: 'Assistant ID',
	name: 'assistantId',
	type: 'string',
	default: '',
	required: true,
	description: 'ID of the Vapi assistant',
};

export const nameProperty: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	description: 'Name of the assistant, at most 40 characters',
};

export const firstMessageProperty: INodeProperties = {
	displayName: 'First Message',
	name: 'firstMessage',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'What the assistant says first (unless First Message Mode lets the user speak first)',
};

/**
 * Vapi replaces the whole `model` object on update, and its schema requires provider and model in
 * it: changing one model setting (Temperature, System Prompt, Model (JSON)) needs both set too.
 */
const MODEL_NOTE = 'Vapi replaces the whole model on update, so set Model Provider and Model with it';

/** The typed fields other than Name and First Message, in the order n8n's lint wants (by name). */
export const typedFieldOptions: INodeProperties[] = [
	{
		displayName: 'First Message Mode',
		name: 'firstMessageMode',
		type: 'options',
		options: [
			{ name: 'Assistant Speaks First', value: FIRST_MESSAGE_MODES[0] },
			{ name: 'Assistant Speaks First With Model Generated Message', value: FIRST_MESSAGE_MODES[1] },
			{ name: 'Assistant Waits for User', value: FIRST_MESSAGE_MODES[2] },
		],
		default: 'assistant-speaks-first',
		description: 'Who opens the conversation',
	},
	{
		displayName: 'Max Duration (Seconds)',
		name: 'maxDurationSeconds',
		type: 'number',
		typeOptions: { minValue: 10, maxValue: 43200 },
		default: 600,
		description: 'Longest a call may last, from 10 to 43,200 seconds',
	},
	{ displayName: 'Metadata (JSON)', name: 'metadata', type: 'json', default: '{}', description: 'Your own data stored with the assistant, as a JSON object' },
	{ displayName: 'Model', name: 'model', type: 'string', default: '', placeholder: 'gpt-4o', description: 'Model name at the provider; needs Model Provider' },
	{ displayName: 'Model (JSON)', name: 'modelJson', type: 'json', default: '{}', description: `The whole model object (tools, knowledge base, …); Model Provider, Model, System Prompt and Temperature override its keys. ${MODEL_NOTE}.` },
	{ displayName: 'Model Provider', name: 'modelProvider', type: 'options', options: providerOptions(MODEL_PROVIDERS), default: 'openai', description: 'LLM provider; needs Model' },
	{ displayName: 'Server URL', name: 'serverUrl', type: 'string', default: '', placeholder: 'https://example.com/vapi-events', description: 'Webhook (http or https URL) that receives the assistant\'s server messages' },
	{ displayName: 'System Prompt', name: 'systemPrompt', type: 'string', typeOptions: { rows: 4 }, default: '', description: `Sent as the model's system message. ${MODEL_NOTE}.` },
	{ displayName: 'Temperature', name: 'temperature', type: 'number', typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 }, default: 0.7, description: `Sampling temperature of the model, 0 to 2. ${MODEL_NOTE}.` },
	{ displayName: 'Transcriber Language', name: 'transcriberLanguage', type: 'string', default: '', placeholder: 'en', description: 'Language code for the transcriber' },
	{ displayName: 'Transcriber Model', name: 'transcriberModel', type: 'string', default: '', placeholder: 'nova-2', description: 'Speech-to-text model at the provider' },
	{ displayName: 'Transcriber Provider', name: 'transcriberProvider', type: 'options', options: providerOptions(TRANSCRIBER_PROVIDERS), default: 'deepgram', description: 'Speech-to-text provider' },
	{ displayName: 'Voice ID', name: 'voiceId', type: 'string', default: '', description: 'Voice at the provider, e.g. an ElevenLabs voice ID' },
	{ displayName: 'Voice Provider', name: 'voiceProvider', type: 'options', options: providerOptions(VOICE_PROVIDERS), default: 'vapi', description: 'Text-to-speech provider' },
];

export const additionalJsonProperty: INodeProperties = {
	displayName: 'Additional Fields (JSON)',
	name: 'additionalJson',
	type: 'json',
	default: '{}',
	description:
		'Any other CreateAssistantDTO fields (analysisPlan, artifactPlan, startSpeakingPlan, voicemailDetection, hooks, …) as a JSON object. Typed fields win where both set the same key. Fields the node does not know are passed through for Vapi to check.',
};

const drop = (value: IDataObject) => (Object.keys(value).length ? value : undefined);

/**
 * Additional Fields (JSON) is the base; the typed fields are merged over it key by key, so the JSON
 * can add e.g. model.tools while the typed Model Provider and Model set model.provider and model.model.
 */
export function assistantBody(fn: IExecuteFunctions, values: IDataObject, itemIndex: number): IDataObject {
	const base = jsonObjectParameter(fn, 'additionalJson', 'Additional Fields (JSON)', fn.getNodeParameter('additionalJson', itemIndex, '{}'), itemIndex) ?? {};
	const modelJson = jsonObjectParameter(fn, 'modelJson', 'Model (JSON)', values.modelJson, itemIndex) ?? {};
	const systemPrompt = scalarText(values.systemPrompt);
	const model = deepMerge(
		modelJson,
		compact({
			provider: values.modelProvider,
			model: scalarText(values.model),
			temperature: values.temperature,
			messages: systemPrompt ? [{ role: 'system', content: systemPrompt }] : undefined,
		}),
	);
	const typed = compact({
		name: scalarText(values.name),
		firstMessage: scalarText(values.firstMessage),
		firstMessageMode: values.firstMessageMode,
		model: drop(model),
		voice: drop(compact({ provider: values.voiceProvider, voiceId: scalarText(values.voiceId) })),
		transcriber: drop(compact({ provider: values.transcriberProvider, model: scalarText(values.transcriberModel), language: scalarText(values.transcriberLanguage) })),
		maxDurationSeconds: values.maxDurationSeconds,
		server: values.serverUrl ? { url: String(values.serverUrl).trim() } : undefined,
		metadata: drop(jsonObjectParameter(fn, 'metadata', 'Metadata (JSON)', values.metadata, itemIndex) ?? {}),
	});
	// Numbers given as text are numbers wherever they came from: typed fields or Additional Fields (JSON).
	const body = withNumbersAt(deepMerge(base, typed), [['maxDurationSeconds'], ['model', 'temperature']]);
	requireWholeModel(fn, body.model, itemIndex);
	return validateBody(fn, assistantSchema, body, itemIndex) as IDataObject;
}

/** A model without provider or model name: say why both are needed, in the fields' own names. */
function requireWholeModel(fn: IExecuteFunctions, model: unknown, itemIndex: number) {
	if (!isPlainObject(model)) return;
	const missing = [model.provider ? undefined : 'Model Provider', model.model ? undefined : 'Model'].filter((name) => name !== undefined);
	if (!missing.length) return;
	const names = missing.map((name) => `"${name}"`).join(' and ');
	const message = `Set ${names} too: Vapi replaces the whole model object, so every model setting (Temperature, System Prompt, Model (JSON)) is sent with the provider and model name`;
	throw fieldError(fn, missing[0] === 'Model' ? 'model' : 'modelProvider', message, {
		itemIndex,
		description: 'In Additional Fields (JSON) they are model.provider and model.model',
	});
}
