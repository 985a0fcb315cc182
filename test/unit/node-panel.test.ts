/**
 * What the node panel shows above the parameters: the subtitle under the node's name on the canvas,
 * and where the credential selector sits.
 *
 * The editor draws the credential selector(s) just before the LAST visible parameter whose name any
 * credential lists in `displayOptions.show`, else before the first parameter
 * (n8n editor-ui 2.41 src/features/ndv/parameters/components/ParameterInputList.vue:
 * `getCredentialsDependencies` reads only `displayOptions.show`, `indexToShowSlotAt` places the slot).
 * `hide` rules do not move it. Which credentials and parameters are visible is n8n-workflow's
 * `NodeHelpers.displayParameter`, with defaults filled in by `NodeHelpers.getNodeParameters`.
 */
import { NodeHelpers, type INodeParameters, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';

import { declaredTypes, loadNodeType, PACKAGE } from '../harness/engine';

const descriptionOf = (name: string) => loadNodeType(`${PACKAGE}.${name}`).description;
const SUBTITLE = '={{$parameter["operation"] + ": " + $parameter["resource"]}}';
/** The nodes with resources and operations; the trigger has modes instead. */
const actionNodes = () => declaredTypes.nodes().filter((name) => !descriptionOf(name).group.includes('trigger'));
const TRIGGER = 'realtimeVoiceTrigger';
/** A subtitle expression as the editor evaluates it, with `$parameter` given. */
const renderSubtitle = (subtitle: string) => new Function('$parameter', `return ${subtitle.slice(3, -2)};`) as ($parameter: INodeParameters) => string;

const optionValues = (property: INodeProperties | undefined) => ((property?.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));

/** The node's parameters with n8n's defaults for everything not set. */
function parametersFor(description: INodeTypeDescription, set: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, set, true, false, { typeVersion: 1 }, description) ?? {};
}

/** The top-level parameters the panel lists for these values. */
function visibleParameters(description: INodeTypeDescription, values: INodeParameters): INodeProperties[] {
	return description.properties.filter((property) => NodeHelpers.displayParameter(values, property, { typeVersion: 1 }, description));
}

/** `indexToShowSlotAt`: the index of the visible parameter the credential selectors are drawn above. */
function credentialSlotIndex(description: INodeTypeDescription, values: INodeParameters): number {
	const dependencies = new Set<string>();
	for (const credential of description.credentials ?? []) {
		Object.keys(credential.displayOptions?.show ?? {}).forEach((name) => dependencies.add(name));
	}
	const visible = visibleParameters(description, values);
	let index = 0;
	const callout = visible.findIndex((property) => property.type === 'callout');
	if (callout !== -1) index = callout + 1;
	visible.forEach((property, propertyIndex) => {
		if (dependencies.has(property.name)) index = propertyIndex;
	});
	return Math.min(index, visible.length - 1);
}

/** Every resource/operation pair the node offers (operations are per resource). */
function resourceOperations(description: INodeTypeDescription): Array<{ resource: string; operation: string }> {
	const resources = optionValues(description.properties.find((property) => property.name === 'resource'));
	return resources.flatMap((resource) =>
		description.properties
			.filter((property) => property.name === 'operation' && NodeHelpers.displayParameter({ resource }, property, { typeVersion: 1 }, description))
			.flatMap((property) => optionValues(property).map((operation) => ({ resource, operation }))),
	);
}

describe('subtitles', () => {
	it('every declared node is an action node or the trigger', () => {
		expect([...actionNodes(), TRIGGER].sort()).toEqual(declaredTypes.nodes().sort());
	});

	it.each(actionNodes())('%s shows "<operation>: <resource>" like the others', (name) => {
		const description = descriptionOf(name);
		expect(description.subtitle).toBe(SUBTITLE);
		// The parameters it reads exist on every node under these names.
		const names = description.properties.map((property) => property.name);
		expect(names[0]).toBe('resource');
		expect(names).toContain('operation');
	});

	it('renders the operation and resource values', () => {
		expect(renderSubtitle(SUBTITLE)({ operation: 'createClientSecret', resource: 'session' })).toBe('createClientSecret: session');
		expect(new Set(actionNodes().map((name) => descriptionOf(name).subtitle))).toEqual(new Set([SUBTITLE]));
	});

	it('the trigger shows its mode by label, for every mode it offers', () => {
		const description = descriptionOf(TRIGGER);
		const names = description.properties.map((property) => property.name);
		expect(names[0]).toBe('mode');
		const modes = optionValues(description.properties[0]);
		expect(modes.map((mode) => renderSubtitle(description.subtitle!)({ mode }))).toEqual(['LLM Reply', 'Session Events', 'Tool Call']);
	});
});

describe('credential selector position', () => {
	it('no credential on any node lists a parameter in displayOptions.show (which would push the selectors down)', () => {
		for (const name of declaredTypes.nodes()) {
			for (const credential of descriptionOf(name).credentials ?? []) expect([name, credential.name, credential.displayOptions?.show]).toEqual([name, credential.name, undefined]);
		}
	});

	it('the check catches the defect: Protoface\'s former show rule put the selectors below Resource', () => {
		const description = descriptionOf('protoface');
		const before: INodeTypeDescription = {
			...description,
			credentials: [
				{ name: 'protofaceApi', required: true, testedBy: 'protofaceApiTest' },
				{ name: 'liveKitApi', required: false, displayOptions: { show: { resource: ['session'], operation: ['create'], workerTokenSource: ['mint'] } } },
			],
		};
		const values = parametersFor(before, { resource: 'avatar', operation: 'list' });
		const visible = visibleParameters(before, values);
		expect(visible[credentialSlotIndex(before, values)].name).toBe('operation');
	});

	it('the trigger: the selector is drawn first, above Mode, in every mode', () => {
		const description = descriptionOf(TRIGGER);
		for (const mode of optionValues(description.properties.find((property) => property.name === 'mode'))) {
			const values = parametersFor(description, { mode });
			expect([mode, credentialSlotIndex(description, values), visibleParameters(description, values)[0].name]).toEqual([mode, 0, 'mode']);
		}
	});

	it.each(actionNodes())('%s: the selectors are drawn first, above Resource, for every resource and operation', (name) => {
		const description = descriptionOf(name);
		const pairs = resourceOperations(description);
		expect(pairs.length).toBeGreaterThan(0);
		for (const pair of pairs) {
			for (const workerTokenSource of name === 'protoface' ? ['mint', 'paste'] : [undefined]) {
				const values = parametersFor(description, workerTokenSource ? { ...pair, workerTokenSource } : pair);
				const visible = visibleParameters(description, values);
				expect([pair, workerTokenSource, credentialSlotIndex(description, values), visible[0].name]).toEqual([pair, workerTokenSource, 0, 'resource']);
			}
		}
	});

	it('Protoface shows the LiveKit credential exactly for Session → Create with Worker Token Source "Mint"', () => {
		const description = descriptionOf('protoface');
		const liveKit = description.credentials!.find((credential) => credential.name === 'liveKitApi')!;
		expect(liveKit.required).toBe(false);
		const shown: string[] = [];
		for (const pair of resourceOperations(description)) {
			for (const workerTokenSource of ['mint', 'paste']) {
				const values = parametersFor(description, { ...pair, workerTokenSource });
				if (NodeHelpers.displayParameter(values, liveKit, { typeVersion: 1 }, description)) shown.push(`${pair.resource}/${pair.operation}/${workerTokenSource}`);
			}
		}
		expect(shown).toEqual(['session/create/mint']);
		// The default Worker Token Source is "paste": no LiveKit credential until the user picks "Mint".
		expect(NodeHelpers.displayParameter(parametersFor(description, { resource: 'session', operation: 'create' }), liveKit, { typeVersion: 1 }, description)).toBe(false);
		// The Protoface credential itself is always shown.
		const protoface = description.credentials!.find((credential) => credential.name === 'protofaceApi')!;
		expect(protoface.displayOptions).toBeUndefined();
	});
});
