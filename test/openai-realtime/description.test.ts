/** The node's declaration: outputs, tool use, every seed-003 option as a typed field, ranges, and what each operation shows. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { OpenAiRealtime } from '../../nodes/OpenAiRealtime/OpenAiRealtime.node';

const { description } = new OpenAiRealtime();

type Child = INodeProperties | { name: string; values?: INodeProperties[] };

/** The parameters nested in a collection or fixed collection. */
const childrenOf = (property: INodeProperties): INodeProperties[] =>
	((property.options ?? []) as Child[]).flatMap((option) =>
		'values' in option && option.values ? option.values : 'type' in option ? [option as INodeProperties] : [],
	);

/** Every parameter, including those nested in collections and fixed collections. */
const flatten = (properties: INodeProperties[]): INodeProperties[] =>
	properties.flatMap((property) => [property, ...flatten(childrenOf(property))]);

const names = (properties: INodeProperties[]) => flatten(properties).map((property) => property.name);

/** The top-level parameters n8n shows for these values (the typed fields: Body Source "Define Below"). */
function shown(values: Record<string, string>): INodeProperties[] {
	const all = { resource: 'session', bodySource: 'fields', ...values };
	const matches = ([key, allowed]: [string, unknown]) => (allowed as string[]).includes(all[key as keyof typeof all]);
	return description.properties.filter((property) => Object.entries(property.displayOptions?.show ?? {}).every(matches));
}

const shownNamed = (values: Record<string, string>, name: string) => shown(values).filter((property) => property.name === name);
const turnDetectionFields = (values: Record<string, string>) => {
	const [turnDetection, ...others] = shownNamed(values, 'turnDetection');
	expect(others).toEqual([]);
	return childrenOf(turnDetection).map((property) => property.name);
};

describe('OpenAI Realtime node description', () => {
	it('has the Result and Config outputs, is usable as a tool and uses the OpenAI Realtime credential', () => {
		expect(description.name).toBe('openAiRealtime');
		expect(description.usableAsTool).toEqual({ replacements: { outputNames: ['Tool'] } });
		expect(description.outputs).toEqual(['main', 'main']);
		expect(description.outputNames).toEqual(['Result', 'Config']);
		expect(description.credentials).toEqual([{ name: 'openAiRealtimeApi', required: true, testedBy: 'openAiRealtimeApiTest' }]);
		expect(description.subtitle).toBe('={{$parameter["operation"] + ": " + $parameter["resource"]}}');
	});

	it('offers the three operations', () => {
		const operation = description.properties.find((p) => p.name === 'operation')!;
		const values = (operation.options as INodePropertyOptions[]).map((o) => o.value);
		expect(values).toEqual(['createClientSecret', 'createSession', 'createTranscriptionSession']);
	});

	it('offers every seed-003 option as a typed field, plus the body source and Result Format', () => {
		const all = new Set(names(description.properties));
		for (const name of [
			...['bodySource', 'clientSecretJson', 'sessionJson', 'transcriptionSessionJson', 'bodyField', 'sessionType', 'expiresAfterSeconds'],
			...['model', 'instructions', 'voice', 'modalities', 'inputAudioFormat', 'outputAudioFormat', 'transcriptionModel', 'transcriptionLanguage'],
			...['transcriptionPrompt', 'noiseReduction', 'turnDetection', 'threshold', 'prefixPaddingMs', 'silenceDurationMs', 'idleTimeoutMs'],
			...['createResponse', 'interruptResponse', 'eagerness', 'tools', 'toolChoice', 'toolChoiceFunction', 'temperature', 'maxTokens', 'speed'],
			...['tracing', 'tracingWorkflowName', 'tracingGroupId', 'tracingMetadata', 'includeLogprobs', 'resultFormat', 'options'],
		]) {
			expect(all.has(name) ? name : `missing ${name}`).toBe(name);
		}
	});

	it('uses the shared body source labels, keeping the parameter names of saved workflows', () => {
		for (const [operation, json] of [
			['createClientSecret', 'clientSecretJson'],
			['createSession', 'sessionJson'],
			['createTranscriptionSession', 'transcriptionSessionJson'],
		]) {
			const [source, ...more] = shownNamed({ operation }, 'bodySource');
			expect(more).toEqual([]);
			expect((source.options as INodePropertyOptions[]).map((o) => [o.name, o.value])).toEqual([
				['Define Below', 'fields'],
				['From Input Item Field', 'inputField'],
				['JSON', 'json'],
			]);
			expect(shown({ operation, bodySource: 'json' }).map((p) => p.name)).toContain(json);
			expect(shown({ operation, bodySource: 'inputField' }).map((p) => p.name)).toContain('bodyField');
		}
	});

	it('sorts every option list by name, and suggests the voices with the right default per API', () => {
		// Result Format is the shared core's (Structured Table first, as seed 003 lists it).
		for (const property of flatten(description.properties).filter((p) => p.type === 'options' && p.name !== 'resultFormat')) {
			const labels = (property.options as INodePropertyOptions[]).map((o) => o.name);
			expect([property.name, labels]).toEqual([property.name, [...labels].sort((a, b) => a.localeCompare(b))]);
		}
		const voices = description.properties.filter((p) => p.name === 'voice');
		expect(voices.map((voice) => [voice.displayOptions?.show?.operation, voice.default])).toEqual([
			[['createClientSecret'], 'marin'],
			[['createSession'], 'alloy'],
		]);
		const values = (voices[0].options as INodePropertyOptions[]).map((o) => o.value);
		expect(values).toEqual(['alloy', 'ash', 'ballad', 'cedar', 'coral', 'echo', 'marin', 'sage', 'shimmer', 'verse']);
	});

	it('declares the documented ranges on speed, temperature, expiry and the VAD threshold', () => {
		const ranges = (name: string) => {
			const declared = flatten(description.properties).filter((p) => p.name === name);
			return [...new Set(declared.map((p) => JSON.stringify([p.typeOptions?.minValue, p.typeOptions?.maxValue])))];
		};
		expect(ranges('speed')).toEqual(['[0.25,1.5]']);
		expect(ranges('temperature')).toEqual(['[0.6,1.2]']);
		expect(ranges('expiresAfterSeconds')).toEqual(['[10,7200]']);
		expect(ranges('threshold')).toEqual(['[0,1]']);
	});

	it('puts Model, Instructions and Voice before Turn Detection', () => {
		const order = shown({ operation: 'createClientSecret', sessionType: 'realtime' }).map((p) => p.name);
		const common = ['resultFormat', 'options'];
		expect(order).toEqual([
			...['resource', 'operation', 'bodySource', 'sessionType', 'expiresAfterSeconds'],
			...['model', 'instructions', 'voice', 'turnDetection', 'realtimeSettings', ...common],
		]);
		expect(shown({ operation: 'createSession' }).map((p) => p.name)).toEqual([
			...['resource', 'operation', 'bodySource', 'model', 'instructions', 'voice', 'turnDetection', 'sessionSettings', ...common],
		]);
	});

	it('shows Create/Interrupt Response only for realtime sessions, and the idle timeout only on the GA endpoint', () => {
		const vad = ['eagerness', 'prefixPaddingMs', 'silenceDurationMs', 'threshold', 'type'];
		expect(turnDetectionFields({ operation: 'createClientSecret', sessionType: 'realtime' }).sort()).toEqual(
			[...vad, 'createResponse', 'idleTimeoutMs', 'interruptResponse'].sort(),
		);
		expect(turnDetectionFields({ operation: 'createClientSecret', sessionType: 'transcription' }).sort()).toEqual([...vad, 'idleTimeoutMs'].sort());
		expect(turnDetectionFields({ operation: 'createSession' }).sort()).toEqual([...vad, 'createResponse', 'interruptResponse'].sort());
		expect(turnDetectionFields({ operation: 'createTranscriptionSession' }).sort()).toEqual(vad);
	});

	it('offers each session flavour its own settings (temperature only on the beta session)', () => {
		const settings = (values: Record<string, string>, collection: string) => {
			const [property] = shownNamed(values, collection);
			return childrenOf(property).map((p) => p.name);
		};
		const realtime = [
			...['inputAudioFormat', 'maxTokens', 'modalities', 'noiseReduction', 'outputAudioFormat'],
			...['speed', 'toolChoice', 'toolChoiceFunction', 'tools'],
		];
		const tracing = ['tracing', 'tracingGroupId', 'tracingMetadata', 'tracingWorkflowName'];
		const transcription = ['transcriptionLanguage', 'transcriptionPrompt'];
		expect(settings({ operation: 'createClientSecret', sessionType: 'realtime' }, 'realtimeSettings').sort()).toEqual(
			[...realtime, ...tracing, ...transcription, 'transcriptionModel', 'includeLogprobs'].sort(),
		);
		expect(settings({ operation: 'createSession' }, 'sessionSettings').sort()).toEqual(
			[...realtime, ...tracing, ...transcription, 'transcriptionModel', 'temperature', 'expiresAfterSeconds'].sort(),
		);
		expect(settings({ operation: 'createClientSecret', sessionType: 'transcription' }, 'transcriptionSettings').sort()).toEqual(
			['includeLogprobs', 'inputAudioFormat', 'noiseReduction', ...transcription].sort(),
		);
		expect(settings({ operation: 'createTranscriptionSession' }, 'transcriptionSessionSettings').sort()).toEqual(
			['expiresAfterSeconds', 'includeLogprobs', 'inputAudioFormat', 'noiseReduction', ...transcription].sort(),
		);
	});
});
