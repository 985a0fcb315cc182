/**
 * The codex files (nodes/X/X.node.json) as n8n 2.41 reads them, and how its editor sorts a node by them.
 *
 * n8n-core's DirectoryLoader.getCodex copies `categories`, `subcategories`, `alias` and the two
 * documentation lists onto the node description; it is called here as n8n calls it.
 *
 * The editor's node panel (n8n-editor-ui 2.41.0; source packages/frontend/editor-ui/src/features/
 * shared/nodeCreator/composables/useViewStacks.ts) drops AI nodes from the regular search unless the
 * canvas already holds AI nodes (`filterOutAiNodes`): a node whose categories include "AI" stays only
 * if `subcategories.AI` includes "Root Nodes". Such a node is then a root node, not a sub-node, when
 * `subcategories.AI` does not also include "Tools" (`filterAiRootNodes`). n8n's own regular AI nodes
 * declare it so: the OpenAI node `{ AI: ['Agents', 'Miscellaneous', 'Root Nodes'] }`
 * (@n8n/nodes-langchain nodes/vendors/OpenAi/OpenAi.node.ts), Message an Agent
 * `{ AI: ['Agents', 'Root Nodes'] }` (n8n-nodes-base MessageAnAgent.node.json).
 * The Tool variant gets its own codex from n8n (`setToolCodex`, packages/cli/src/tool-generation/utils.ts).
 */
import { join, resolve } from 'node:path';

import { DirectoryLoader } from 'n8n-core';
import type { CodexData } from 'n8n-workflow';

import packageJson from '../../package.json';
import { declaredTypes, loadNodeType, PACKAGE } from '../harness/engine';

const ROOT = resolve(__dirname, '../..');
const DOCS = 'https://github.com/n8n-nodes-realtime-voice/n8n-nodes-realtime-voice/blob/main/docs/nodes';

/** The docs page of each node. */
const SLUGS: Record<string, string> = {
	upliftAiRealtime: 'upliftai-realtime',
	realtimeVoice: 'realtime-voice',
	vapi: 'vapi',
	openAiRealtime: 'openai-realtime',
	protoface: 'protoface',
	realtimeVoiceTrigger: 'realtime-voice-trigger',
};

/** Trigger nodes start workflows: they have no Tool variant (not `usableAsTool`). */
const TRIGGERS = ['realtimeVoiceTrigger'];

/** n8n-core's own codex reader (private in its typings), on the .node.js path n8n would pass. */
function codexOf(entry: string): CodexData {
	const loader = DirectoryLoader.prototype as unknown as { getCodex(this: { resolvePath(file: string): string }, filePath: string): CodexData };
	return loader.getCodex.call({ resolvePath: (file) => file }, join(ROOT, entry.replace(/^dist\//, '')));
}

/** `filterOutAiNodes` (useViewStacks.ts): does the regular node search list this node? */
function listedInRegularSearch(codex: CodexData): boolean {
	if (codex.categories?.includes('AI') !== true) return true;
	return codex.subcategories?.AI?.includes('Root Nodes') === true;
}

/** `filterAiRootNodes` (useViewStacks.ts): a root node (added on its own), not a sub-node. */
function isRootNode(codex: CodexData): boolean {
	if (codex.categories?.includes('AI') !== true) return true;
	const ai = codex.subcategories?.AI ?? [];
	return ai.includes('Root Nodes') && !ai.includes('Tools');
}

/** `setToolCodex(description, 'Other Tools', true)` from n8n 2.41.1 dist/tool-generation/utils.js. */
function toolCodex(codex: CodexData): CodexData {
	return {
		categories: ['AI'],
		subcategories: { AI: ['Tools'], Tools: codex.subcategories?.Tools ?? ['Other Tools'] },
		resources: codex.resources ?? {},
		...(codex.alias && { alias: codex.alias }),
	};
}

const entries = packageJson.n8n.nodes.map((entry) => {
	const base = entry.split('/').pop()!.replace(/\.node\.js$/, '');
	return { entry, name: base[0].toLowerCase() + base.slice(1) };
});

describe('editor codex rule', () => {
	it('is the rule that hid the nodes: "AI" without subcategories was filtered out of the regular search', () => {
		const before: CodexData = { categories: ['AI', 'Communication'] };
		expect(listedInRegularSearch(before)).toBe(false);
		expect(isRootNode(before)).toBe(false);
		expect(listedInRegularSearch({ categories: ['AI'], subcategories: { AI: ['Miscellaneous'] } })).toBe(false);
		expect(listedInRegularSearch({ categories: ['Communication', 'Development'] })).toBe(true);
		expect(listedInRegularSearch({ categories: ['AI'], subcategories: { AI: ['Agents', 'Miscellaneous', 'Root Nodes'] } })).toBe(true);
	});

	it('covers every node the package declares', () => {
		expect(entries.map(({ name }) => name).sort()).toEqual(declaredTypes.nodes().sort());
		expect(Object.keys(SLUGS).sort()).toEqual(declaredTypes.nodes().sort());
	});
});

describe.each(entries)('$name codex', ({ entry, name }) => {
	const codex = codexOf(entry);
	const doc = `${DOCS}/${SLUGS[name]}.md`;

	it('names its node type', () => {
		const json = require(join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.json'))) as { node: string };
		expect(json.node).toBe(`${PACKAGE}.${name}`);
	});

	it('is a regular (root) AI and Communication node, found by name in the normal node search', () => {
		expect(codex.categories).toEqual(['AI', 'Communication']);
		expect(codex.subcategories).toEqual({ AI: ['Miscellaneous', 'Root Nodes'] });
		expect(listedInRegularSearch(codex)).toBe(true);
		expect(isRootNode(codex)).toBe(true);
	});

	it(TRIGGERS.includes(name) ? 'is a trigger: no Tool variant' : 'still has a Tool variant for the AI Agent, filed under AI → Tools', () => {
		const { usableAsTool, group } = loadNodeType(`${PACKAGE}.${name}`).description;
		if (TRIGGERS.includes(name)) {
			expect([usableAsTool, group]).toEqual([undefined, ['trigger']]);
			return;
		}
		expect(usableAsTool).toBeTruthy();
		const tool = toolCodex(codex);
		expect(tool.categories).toEqual(['AI']);
		expect(tool.subcategories).toEqual({ AI: ['Tools'], Tools: ['Other Tools'] });
		expect(tool.resources?.primaryDocumentation?.[0].url).toBe(doc);
	});

	it('links its docs page, and the page\'s Credentials section for the credential', () => {
		expect(codex.resources?.primaryDocumentation).toEqual([{ url: doc }]);
		const credentialDocs = (codex.resources?.credentialDocumentation ?? []).map((link) => link.url);
		expect(credentialDocs).toContain(`${doc}#credentials`);
		if (name === 'vapi') expect(credentialDocs).toEqual(['https://docs.vapi.ai/api-reference', `${doc}#credentials`]);
		else expect(credentialDocs).toEqual([`${doc}#credentials`]);
	});
});
