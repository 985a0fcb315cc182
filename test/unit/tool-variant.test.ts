/**
 * The "<Node> Tool" variant n8n builds for the AI Agent from each `usableAsTool` node, and the labels
 * the canvas draws on its outputs.
 *
 * n8n-workflow 2.41.0 no longer has `convertNodeToAiTool`; in n8n 2.41 it lives in the `n8n` package
 * (packages/cli/src/tool-generation/ai-tools.ts, dist/tool-generation/ai-tools.js in n8n@2.41.1),
 * which is not a dependency here. The lines that decide inputs, outputs and output names are restated
 * below, using n8n-workflow's own `deepCopy` and `NodeConnectionTypes` as that file does:
 * `createAiTools` deep-copies the description, spreads `usableAsTool.replacements` over it when
 * `usableAsTool` is an object, then `convertNodeToAiTool` renames it, sets `inputs = []` and
 * `outputs = [ai_tool]`, and deletes `usableAsTool`; `outputNames` is left as it was.
 * The canvas labels a string output `outputNames[index]`, an object output its `displayName`
 * (editor-ui src/features/workflows/canvas/canvas.utils.ts, `mapLegacyEndpointsToCanvasConnectionPort`).
 */
import { deepCopy, NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { declaredTypes, loadNodeType, PACKAGE } from '../harness/engine';

/** `createAiTools` for one description, then `convertNodeToAiTool` (the description fields it sets). */
function toolVariant(usableNode: INodeTypeDescription): INodeTypeDescription {
	const description: INodeTypeDescription =
		typeof usableNode.usableAsTool === 'object'
			? { ...deepCopy(usableNode), ...usableNode.usableAsTool?.replacements }
			: deepCopy(usableNode);
	description.name += 'Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	description.displayName += ' Tool';
	delete description.usableAsTool;
	return description;
}

/** What n8n sends the editor: /types/nodes.json is JSON. */
const asServed = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The output labels on the canvas (`mapLegacyEndpointsToCanvasConnectionPort`). */
function canvasOutputLabels(description: INodeTypeDescription): Array<string | undefined> {
	const outputs = description.outputs;
	if (typeof outputs === 'string') throw new Error('outputs are an expression');
	return outputs.map((output, index) => (typeof output === 'string' ? description.outputNames?.[index] : output.displayName));
}

describe('Tool variants', () => {
	it('the check catches the defect: with usableAsTool: true the tool output was labelled "Result"', () => {
		const { description } = loadNodeType(`${PACKAGE}.vapi`);
		const tool = toolVariant({ ...deepCopy(description), usableAsTool: true });
		expect(tool.outputs).toEqual(['ai_tool']);
		expect(canvasOutputLabels(tool)).toEqual(['Result']);
	});

	it.each(declaredTypes.nodes())('%s: the regular node keeps Result and Config, its Tool variant has one output labelled Tool', (name) => {
		const { description } = loadNodeType(`${PACKAGE}.${name}`);
		const before = JSON.stringify(description);

		expect(description.inputs).toEqual(['main']);
		expect(description.outputs).toEqual(['main', 'main']);
		expect(description.outputNames).toEqual(['Result', 'Config']);
		expect(canvasOutputLabels(description)).toEqual(['Result', 'Config']);
		expect(description.usableAsTool).toEqual({ replacements: { outputNames: ['Tool'] } });

		const tool = asServed(toolVariant(asServed(description)));
		expect(tool.name).toBe(`${name}Tool`);
		expect(tool.displayName).toBe(`${description.displayName} Tool`);
		expect(tool.inputs).toEqual([]);
		expect(tool.outputs).toEqual([NodeConnectionTypes.AiTool]);
		expect(tool.outputNames).toEqual(['Tool']);
		expect(canvasOutputLabels(tool)).toEqual(['Tool']);
		expect(tool.usableAsTool).toBeUndefined();
		// Everything else comes from the node: same credentials and parameters.
		expect(tool.credentials).toEqual(asServed(description.credentials));
		expect(tool.properties.map((property) => property.name)).toEqual(description.properties.map((property) => property.name));

		// Building the variant leaves the node's own description as it was.
		expect(JSON.stringify(description)).toBe(before);
	});

	it('each node has its own usableAsTool object (n8n spreads replacements without copying them)', () => {
		const objects = declaredTypes.nodes().map((name) => loadNodeType(`${PACKAGE}.${name}`).description.usableAsTool);
		expect(new Set(objects).size).toBe(objects.length);
	});
});
