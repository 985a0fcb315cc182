/**
 * Reads an assistant configuration from the source the user chose and validates it with the shared
 * schema. Every failure is a NodeOperationError naming the field, raised before any request.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	validateAssistantConfig,
	validateAssistantConfigPatch,
	type AssistantConfig,
	type AssistantConfigPatch,
} from '../../src/config';
import { invalidInput, readBodySource, setPath } from './bodyInput';
import { fieldError } from './fieldError';
import { SELF_HOSTED_FIELD_NAMES, selfHostedConfigFromFields, selfHostedFieldConflict } from './selfHostedInput';

/**
 * Maps the node's flat fields onto the nested configuration; unset fields are left out. The
 * self-hosted fields (events, metadata, the tools editor, the webhook LLM) exist on the Realtime
 * Voice node only; elsewhere they are simply unset.
 */
export function configFromFields(values: IDataObject): IDataObject {
	const config: IDataObject = {};
	setPath(config, ['session', 'ttl'], values.sessionTtl);
	setPath(config, ['session', 'roomPrefix'], values.roomPrefix);
	setPath(config, ['agent', 'instructions'], values.instructions);
	setPath(config, ['agent', 'initialGreeting'], values.initialGreeting);
	setPath(config, ['agent', 'greetingInstructions'], values.greetingInstructions);
	setPath(config, ['agent', 'greetingMessage'], values.greetingMessage);
	setPath(config, ['agent', 'allowInterruptions'], values.allowInterruptions);
	setPath(config, ['stt', 'default', 'provider'], values.sttProvider);
	setPath(config, ['stt', 'default', 'model'], values.sttModel);
	setPath(config, ['stt', 'default', 'language'], values.sttLanguage);
	setPath(config, ['stt', 'default', 'baseUrl'], values.sttBaseUrl);
	setPath(config, ['tts', 'default', 'provider'], values.ttsProvider);
	setPath(config, ['tts', 'default', 'voiceId'], values.ttsVoiceId);
	setPath(config, ['tts', 'default', 'outputFormat'], values.ttsOutputFormat);
	setPath(config, ['tts', 'default', 'model'], values.ttsModel);
	setPath(config, ['tts', 'default', 'baseUrl'], values.ttsBaseUrl);
	setPath(config, ['llm', 'default', 'provider'], values.llmProvider);
	// The webhook LLM has no model or base URL: the workflow behind its URL answers.
	if (values.llmProvider !== 'webhook') {
		setPath(config, ['llm', 'default', 'model'], values.llmModel);
		setPath(config, ['llm', 'default', 'baseUrl'], values.llmBaseUrl);
	}
	setPath(config, ['llm', 'default', 'temperature'], values.llmTemperature);
	selfHostedConfigFromFields(config, values);
	return config;
}

const FIELD_NAMES = [
	'instructions', 'initialGreeting', 'greetingInstructions', 'greetingMessage', 'sessionTtl', 'tools',
	'sttProvider', 'sttModel', 'sttLanguage', 'sttBaseUrl',
	'ttsProvider', 'ttsVoiceId', 'ttsOutputFormat', 'ttsModel', 'ttsBaseUrl',
	'llmProvider', 'llmModel', 'llmBaseUrl', ...SELF_HOSTED_FIELD_NAMES,
];

function rawConfig(fn: IExecuteFunctions, itemIndex: number, partial: boolean): unknown {
	return readBodySource(fn, itemIndex, {
		sourceParameter: 'configSource',
		jsonParameter: partial ? 'configPatchJson' : 'configJson',
		fieldParameter: 'configField',
		fieldLabel: 'Config Field',
		what: 'configuration',
		fromFields: () => {
			if (partial) return configFromFields(fn.getNodeParameter('configUpdate', itemIndex, {}) as IDataObject);
			const values: IDataObject = { ...(fn.getNodeParameter('configExtras', itemIndex, {}) as IDataObject) };
			for (const name of FIELD_NAMES) values[name] = fn.getNodeParameter(name, itemIndex, '') as IDataObject;
			const conflict = selfHostedFieldConflict(values);
			if (conflict) throw fieldError(fn, conflict.field, conflict.message, { itemIndex, description: conflict.description });
			return configFromFields(values);
		},
	});
}

/** MCP headers may hold tokens: a problem with one names the field but never quotes the value. */
const withoutHeaderValues = (errors: string[]) =>
	errors.map((error) =>
		/\.headers(\.|$)/.test(error.split(' ')[0])
			? error.replace(/, got (string|number|boolean|array|object|null)?[\s\S]*$/, (_all, type?: string) => (type ? `, got ${type}` : ''))
			: error,
	);

const invalid = (fn: IExecuteFunctions, itemIndex: number, errors: string[]) =>
	invalidInput(fn, itemIndex, 'Invalid assistant configuration', withoutHeaderValues(errors));

export function readCompleteConfig(this: IExecuteFunctions, itemIndex: number): AssistantConfig {
	const result = validateAssistantConfig(rawConfig(this, itemIndex, false));
	if (!result.ok) throw invalid(this, itemIndex, result.errors);
	return result.value;
}

export function readConfigPatch(this: IExecuteFunctions, itemIndex: number): AssistantConfigPatch {
	const result = validateAssistantConfigPatch(rawConfig(this, itemIndex, true));
	if (!result.ok) throw invalid(this, itemIndex, result.errors);
	if (Object.keys(result.value).length === 0) {
		throw invalid(this, itemIndex, ['config is empty: set at least one field to update']);
	}
	return result.value;
}

/** A required text parameter; an empty value fails the item naming the parameter. */
export function requiredString(fn: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = String(fn.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw fieldError(fn, name, `${label} is required`, {
			itemIndex,
			description: `Set the "${label}" parameter (${name}); it is empty for item ${itemIndex + 1}`,
		});
	}
	return value;
}
