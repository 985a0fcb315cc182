/**
 * What n8n reads when it installs the package: every node and credential that package.json's `n8n`
 * block declares loads under its declared type name, with the conventions the pack promises
 * (Result + Config outputs, usable as an AI tool, icons and codex files that the build copies).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import packageJson from '../../package.json';
import { declaredTypes, loadCredentialType, loadNodeType, PACKAGE } from '../harness/engine';

const ROOT = resolve(__dirname, '../..');

/** `file:` icon paths resolve against the compiled file in dist/; the build copies icons/ to dist/icons. */
function iconSource(compiledFile: string, icon: unknown): string {
	const value = typeof icon === 'string' ? icon : (icon as { light: string }).light;
	const inDist = resolve(ROOT, dirname(compiledFile), value.replace(/^file:/, ''));
	return join(ROOT, 'icons', inDist.slice(join(ROOT, 'dist', 'icons').length + 1));
}

describe('package.json n8n block', () => {
	const credentialNames = declaredTypes.credentials();

	const nodeOf = (entry: string) => {
		const name = entry.split('/').pop()!.replace(/\.node\.js$/, '');
		return loadNodeType(`${PACKAGE}.${name[0].toLowerCase()}${name.slice(1)}`);
	};
	const isTrigger = (entry: string) => (nodeOf(entry).description as INodeTypeDescription).group.includes('trigger');
	const actionNodes = packageJson.n8n.nodes.filter((entry) => !isTrigger(entry));
	const triggerNodes = packageJson.n8n.nodes.filter(isTrigger);

	it('declares five action nodes and one trigger', () => {
		expect(actionNodes).toHaveLength(5);
		expect(triggerNodes).toEqual(['dist/nodes/RealtimeVoiceTrigger/RealtimeVoiceTrigger.node.js']);
	});

	/** Icon, codex and credentials: the same for every node. */
	function expectDeclared(entry: string, description: INodeTypeDescription) {
		for (const credential of description.credentials ?? []) expect(credentialNames).toContain(credential.name);
		expect(existsSync(iconSource(entry, description.icon))).toBe(true);
		const codex = JSON.parse(readFileSync(join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.json')), 'utf8'));
		expect(codex.node).toBe(`${PACKAGE}.${description.name}`);
	}

	it.each(actionNodes)('%s loads with the pack conventions', (entry) => {
		const description = nodeOf(entry).description as INodeTypeDescription;

		// Usable as an AI tool; the Tool variant's one output is named Tool (test/unit/tool-variant.test.ts).
		expect(description.usableAsTool).toEqual({ replacements: { outputNames: ['Tool'] } });
		expect(description.outputs).toEqual(['main', 'main']);
		expect(description.outputNames).toEqual(['Result', 'Config']);
		expectDeclared(entry, description);
		const properties = description.properties.map((property) => property.name);
		expect(properties).toEqual(expect.arrayContaining(['resultFormat', 'options']));
	});

	it.each(triggerNodes)('%s loads as a webhook trigger: no input, one output, not a tool', (entry) => {
		const node = nodeOf(entry);
		const description = node.description as INodeTypeDescription;

		expect(description.usableAsTool).toBeUndefined();
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.webhooks?.map(({ name, httpMethod, path }) => ({ name, httpMethod, path }))).toEqual([{ name: 'default', httpMethod: 'POST', path: 'realtime-voice' }]);
		expect(typeof node.webhook).toBe('function');
		expect(description.credentials).toEqual([{ name: 'realtimeVoiceWebhookApi', required: true, testedBy: 'realtimeVoiceWebhookApiTest' }]);
		expectDeclared(entry, description);
	});

	it.each(packageJson.n8n.credentials)('%s loads, documents itself and can be tested', (entry) => {
		const name = entry.split('/').pop()!.replace(/\.credentials\.js$/, '');
		const credential = loadCredentialType(`${name[0].toLowerCase()}${name.slice(1)}`)!;
		expect(credential).toBeDefined();
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(existsSync(iconSource(entry, credential.icon))).toBe(true);
		const testedByNode = packageJson.n8n.nodes.some((nodeEntry) => {
			const base = nodeEntry.split('/').pop()!.replace(/\.node\.js$/, '');
			const description = loadNodeType(`${PACKAGE}.${base[0].toLowerCase()}${base.slice(1)}`).description;
			return description.credentials?.some((c) => c.name === credential.name && c.testedBy);
		});
		expect(Boolean(credential.test) || testedByNode).toBe(true);
	});
});
