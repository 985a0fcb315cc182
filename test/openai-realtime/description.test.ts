/** The node's declaration: outputs, tool use, and every seed-003 option offered as a typed field. */
import type { INodeProperties } from 'n8n-workflow';

import { OpenAiRealtime } from '../../nodes/OpenAiRealtime/OpenAiRealtime.node';

const { description } = new OpenAiRealtime();

/** Every parameter name, including those nested in collections and fixed collections. */
function names(properties: INodeProperties[]): string[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>;
		const children = nested.flatMap((option) => ('values' in option && option.values ? option.values : 'name' in option && 'type' in option ? [option as INodeProperties] : []));
		return [property.name, ...names(children)];
	});
}

describe('OpenAI Realtime node description', () => {
	it('has the Result and Config outputs, is usable as a tool and uses the OpenAI Realtime credential', () => {
		expect(description.name).toBe('openAiRealtime');
		expect(description.usableAsTool).toBe(true);
		expect(description.outputs).toEqual(['main', 'main']);
		expect(description.outputNames).toEqual(['Result', 'Config']);
		expect(description.credentials).toEqual([{ name: 'openAiRealtimeApi', required: true, testedBy: 'openAiRealtimeApiTest' }]);
	});

	it('offers the three operations', () => {
		const operation = description.properties.find((p) => p.name === 'operation')!;
		expect((operation.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['createClientSecret', 'createSession', 'createTranscriptionSession']);
	});

	it('offers every seed-003 option as a typed field, plus the body source and Result Format', () => {
		const all = new Set(names(description.properties));
		for (const name of [
			'bodySource', 'clientSecretJson', 'sessionJson', 'transcriptionSessionJson', 'bodyField', 'sessionType', 'expiresAfterSeconds',
			'model', 'instructions', 'voice', 'modalities', 'inputAudioFormat', 'outputAudioFormat', 'transcriptionModel', 'transcriptionLanguage',
			'transcriptionPrompt', 'noiseReduction', 'turnDetection', 'threshold', 'prefixPaddingMs', 'silenceDurationMs', 'idleTimeoutMs',
			'createResponse', 'interruptResponse', 'eagerness', 'tools', 'toolChoice', 'toolChoiceFunction', 'temperature', 'maxTokens', 'speed',
			'tracing', 'tracingWorkflowName', 'tracingGroupId', 'tracingMetadata', 'includeLogprobs', 'resultFormat', 'options',
		]) {
			expect(all.has(name) ? name : `missing ${name}`).toBe(name);
		}
	});

	it('lists the ten voices and shows temperature only for the beta session', () => {
		const voice = description.properties.find((p) => p.name === 'voice')!;
		expect((voice.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar']);
		const withTemperature = description.properties.filter((p) => names([p]).includes('temperature'));
		expect(withTemperature.map((p) => [p.name, p.displayOptions?.show?.operation])).toEqual([['sessionSettings', ['createSession']]]);
	});
});
