/**
 * `usableAsTool` for the five nodes. Each has two main outputs labelled by `outputNames`
 * (Result, Config). n8n builds the "<Node> Tool" variant from a copy of the description
 * (n8n 2.41: packages/cli/src/tool-generation/ai-tools.ts, `createAiTools` + `convertNodeToAiTool`):
 * it sets `outputs` to `['ai_tool']` but leaves `outputNames` alone, and the canvas labels a string
 * output with `outputNames[index]` (editor-ui canvas utils, `mapLegacyEndpointsToCanvasConnectionPort`),
 * so the tool's one output was labelled "Result". `usableAsTool.replacements` is merged into that copy
 * before the conversion; it gives the Tool variant the `outputNames: ['Tool']` that n8n's own tool
 * nodes declare (e.g. the HTTP Request Tool and the Wolfram|Alpha tool). The regular node keeps its
 * outputs and names.
 *
 * n8n-workflow types `replacements` as the base description only (no `outputNames`), although
 * n8n spreads it over the full description; hence the wider `Partial<INodeTypeDescription>` here.
 */
import type { INodeTypeDescription, UsableAsToolDescription } from 'n8n-workflow';

/** A fresh object per node: n8n spreads `replacements` into the Tool description without copying it. */
export function usableAsTool(): UsableAsToolDescription {
	const replacements: Partial<INodeTypeDescription> = { outputNames: ['Tool'] };
	return { replacements };
}
