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
import { invalidInput, parseJsonOrNote, readBodySource, setPath } from './bodyInput';
import { fieldError } from './fieldError';

/** Maps the node's flat fields onto the nested configuration; unset fields are left out. */
export function configFromFields(values: IDataObject): IDataObject {
	const config: IDataObject = {};
	setPath(config, ['session', 'ttl'], values.sessionTtl);
	setPath(config, ['session', 'roomPrefix'], values.roomPrefix);
	setPath(config, ['agent', 'instructions'], values.instructions);
	setPath(config, ['agent', 'initialGreeting'], values.initialGreeting);
	setPath(config, ['agent', 'greetingInstructions'], values.greetingInstructions);
	setPath(config, ['agent', 'greetingMessage'], values.greetingMessage);
	setPath(config, ['agent', 'allowInterruptions'], values.allowInterruptions);
	setPath(config, ['agent', 'tools'], parseJsonOrNote(values.tools));
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
	setPath(config, ['llm', 'default', 'model'], values.llmModel);
	setPath(config, ['llm', 'default', 'baseUrl'], values.llmBaseUrl);
	setPath(config, ['llm', 'default', 'temperature'], values.llmTemperature);
	return config;
}

const FIELD_NAMES = [
	'instructions', 'initialGreeting', 'greetingInstructions', 'greetingMessage', 'sessionTtl', 'tools',
	'sttProvider', 'sttModel', 'sttLanguage', 'sttBaseUrl',
	'ttsProvider', 'ttsVoiceId', 'ttsOutputFormat', 'ttsModel', 'ttsBaseUrl',
	'llmProvider', 'llmModel', 'llmBaseUrl',
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
			return configFromFields(values);
		},
	});
}

const invalid = (fn: IExecuteFunctions, itemIndex: number, errors: string[]) =>
	invalidInput(fn, itemIndex, 'Invalid assistant configuration', errors);

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
