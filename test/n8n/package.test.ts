/**
 * The package as a real n8n 2.41.1 sees it after installing it the way its community-package
 * installer does: the node and credential types the editor is served (`/types/nodes.json`,
 * `/types/credentials.json`, which need the owner's session), their icons, and n8n's log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME, ROOT } from '../../scripts/n8n/runtime';
import { TEST_KEYS } from './fixtures';
import { rest, testState } from './state';

const state = testState();
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The action nodes: Result and Config outputs, each with a Tool variant. */
const NODES = ['upliftAiRealtime', 'realtimeVoice', 'vapi', 'openAiRealtime', 'protoface'];
/** The trigger: no input, one output, no Tool variant. */
const TRIGGER = 'realtimeVoiceTrigger';
const CREDENTIALS = ['liveKitApi', 'upliftAiApi', 'vapiApi', 'openAiRealtimeApi', 'protofaceApi', 'realtimeVoiceWebhookApi'];
/** The credential each node requires (Protoface also takes the LiveKit one, optionally, to mint worker tokens). */
const NODE_CREDENTIALS: Record<string, Array<{ name: string; required: boolean }>> = {
	upliftAiRealtime: [{ name: 'upliftAiApi', required: true }],
	realtimeVoice: [{ name: 'liveKitApi', required: true }],
	vapi: [{ name: 'vapiApi', required: true }],
	openAiRealtime: [{ name: 'openAiRealtimeApi', required: true }],
	protoface: [
		{ name: 'protofaceApi', required: true },
		{ name: 'liveKitApi', required: false },
	],
	realtimeVoiceTrigger: [{ name: 'realtimeVoiceWebhookApi', required: true }],
};

interface NodeType {
	name: string;
	displayName: string;
	group?: string[];
	webhooks?: Array<Record<string, unknown>>;
	version: number | number[];
	inputs: unknown;
	outputs: unknown;
	outputNames?: string[];
	credentials?: Array<{ name: string; required?: boolean }>;
	iconUrl?: string | { light: string; dark: string };
	usableAsTool?: unknown;
	communityNodePackageVersion?: string;
	codex?: { categories?: string[]; subcategories?: Record<string, string[]> };
}
interface CredentialType {
	name: string;
	displayName: string;
	iconUrl?: string | { light: string; dark: string };
	supportedNodes?: string[];
}

async function types<T>(path: string): Promise<T[]> {
	const response = await fetch(`${state.url}${path}`, { headers: { cookie: state.cookie } });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	return (await response.json()) as T[];
}

/** An icon URL as the editor resolves it (relative to n8n's base URL), fetched and compared with the packed file. */
async function expectIconServed(iconUrl: string) {
	expect(iconUrl).toMatch(new RegExp(`^icons/${PACKAGE_NAME}/dist/icons/[\\w.-]+\\.svg$`));
	const response = await fetch(`${state.url}/${iconUrl}`);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
	const served = await response.text();
	expect(served).toMatch(/<svg[\s>]/);
	expect(served).toBe(readFileSync(join(ROOT, iconUrl.replace(`icons/${PACKAGE_NAME}/`, '')), 'utf8'));
}

const iconUrls = (iconUrl: CredentialType['iconUrl']) => (typeof iconUrl === 'string' ? [iconUrl] : iconUrl ? [iconUrl.light, iconUrl.dark] : []);

describe('the package in a real n8n 2.41.1', () => {
	let nodeTypes: NodeType[];
	let credentialTypes: CredentialType[];
	const ours = () => nodeTypes.filter((type) => type.name.startsWith(`${PACKAGE_NAME}.`));

	beforeAll(async () => {
		nodeTypes = await types<NodeType>('/types/nodes.json');
		credentialTypes = await types<CredentialType>('/types/credentials.json');
	});

	it('serves the type lists only to a logged-in user', async () => {
		expect((await fetch(`${state.url}/types/nodes.json`)).status).toBe(401);
		expect((await fetch(`${state.url}/types/credentials.json`)).status).toBe(401);
	});

	it('/types/nodes.json lists exactly the six nodes (the five with their Tool variants, the trigger without), once each, from this package version', () => {
		const expected = [...NODES.flatMap((node) => [`${PACKAGE_NAME}.${node}`, `${PACKAGE_NAME}.${node}Tool`]), `${PACKAGE_NAME}.${TRIGGER}`];
		expect(ours().map((type) => type.name).sort()).toEqual(expected.sort());
		for (const type of ours()) {
			expect(type.version).toBe(1);
			expect(type.communityNodePackageVersion).toBe(manifest.version);
		}
	});

	it.each(NODES)('%s: Result and Config outputs, usable as a tool, its credentials', (node) => {
		const type = ours().find((candidate) => candidate.name === `${PACKAGE_NAME}.${node}`)!;
		expect(type.inputs).toEqual(['main']);
		expect(type.outputs).toEqual(['main', 'main']);
		expect(type.outputNames).toEqual(['Result', 'Config']);
		expect(type.usableAsTool).toBeTruthy();
		expect((type.credentials ?? []).map(({ name, required }) => ({ name, required: required === true }))).toEqual(NODE_CREDENTIALS[node]);

		const tool = ours().find((candidate) => candidate.name === `${PACKAGE_NAME}.${node}Tool`)!;
		expect(tool.displayName).toBe(`${type.displayName} Tool`);
		expect(tool.outputs).toEqual(['ai_tool']);
		expect(tool.outputNames).toEqual(['Tool']);
		expect((tool.credentials ?? []).map(({ name }) => name)).toEqual(NODE_CREDENTIALS[node].map(({ name }) => name));
		expect(tool.iconUrl).toEqual(type.iconUrl);

		// What the editor's node panel decides with: an AI node is searchable as a regular node only as a
		// root node; the Tool variant is filed under AI → Tools for the AI Agent.
		expect(type.codex?.categories).toEqual(expect.arrayContaining(['AI']));
		expect(type.codex?.subcategories?.AI).toEqual(expect.arrayContaining(['Root Nodes']));
		expect(tool.codex?.subcategories?.AI).toEqual(expect.arrayContaining(['Tools']));
	});

	it('realtimeVoiceTrigger: a trigger with one output and the POST webhook realtime-voice, its credential, its codex from the packed file', () => {
		const type = ours().find((candidate) => candidate.name === `${PACKAGE_NAME}.${TRIGGER}`)!;
		expect(type.displayName).toBe('Realtime Voice Trigger');
		expect(type.group).toEqual(['trigger']);
		expect(type.inputs).toEqual([]);
		expect(type.outputs).toEqual(['main']);
		expect(type.usableAsTool).toBeFalsy();
		expect(type.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'realtime-voice' })]);
		expect((type.credentials ?? []).map(({ name, required }) => ({ name, required: required === true }))).toEqual(NODE_CREDENTIALS[TRIGGER]);
		const codex = JSON.parse(readFileSync(join(ROOT, 'dist/nodes/RealtimeVoiceTrigger/RealtimeVoiceTrigger.node.json'), 'utf8')) as NodeType['codex'];
		expect(type.codex?.categories).toEqual(codex!.categories);
		expect(type.codex?.subcategories).toEqual(codex!.subcategories);
		expect(type.codex?.categories?.length).toBeGreaterThan(0);
	});

	it.each([...NODES, TRIGGER])('%s: its icon is served as SVG (the packed file)', async (node) => {
		const type = ours().find((candidate) => candidate.name === `${PACKAGE_NAME}.${node}`)!;
		const urls = iconUrls(type.iconUrl);
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) await expectIconServed(url);
	});

	it('/types/credentials.json lists the six credential types, once each, for the nodes that use them; their icons are served', async () => {
		const mine = credentialTypes.filter((type) => CREDENTIALS.includes(type.name));
		expect(mine.map((type) => type.name).sort()).toEqual([...CREDENTIALS].sort());
		// No other credential type comes from this package.
		const fromPackage = credentialTypes.filter((type) => iconUrls(type.iconUrl).some((url) => url.includes(`/${PACKAGE_NAME}/`)));
		expect(fromPackage.map((type) => type.name).sort()).toEqual([...CREDENTIALS].sort());
		for (const type of mine) {
			const users = Object.entries(NODE_CREDENTIALS)
				.filter(([, credentials]) => credentials.some(({ name }) => name === type.name))
				.map(([node]) => `${PACKAGE_NAME}.${node}`);
			expect([...(type.supportedNodes ?? [])].sort()).toEqual(users.sort());
			for (const url of iconUrls(type.iconUrl)) await expectIconServed(url);
		}
	});

	it("n8n's log has no warning or error about the package, its nodes or credentials", () => {
		const log = readFileSync(state.logFile, 'utf8');
		expect(log).toMatch(/Editor is now accessible via/);
		const names = [PACKAGE_NAME, ...NODES, TRIGGER, ...CREDENTIALS, ...ours().map((type) => type.displayName)];
		const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
		const aboutPackage = new RegExp(escaped.join('|'), 'i');
		const problem = /warn|error|fail|invalid|deprecat|unknown|unrecogni[sz]ed|could not|cannot|unable|missing|incompatible|not (be )?loaded/i;
		const lines = log.split('\n').filter((line) => aboutPackage.test(line) && problem.test(line));
		expect(lines).toEqual([]);
	});

	it("n8n's log has no community-package warning (the install keeps n8n's ledger of installed packages)", () => {
		const log = readFileSync(state.logFile, 'utf8');
		const lines = log.split('\n').filter((line) => /community (package|node)/i.test(line));
		expect(lines.filter((line) => /warn|error|fail|invalid|unusable|could not|cannot|unable|missing|incompatible|not (be )?loaded/i.test(line))).toEqual([]);
		const ledger = JSON.parse(readFileSync(join(state.userFolder, '.n8n/nodes/package.json'), 'utf8'));
		expect(ledger.dependencies).toEqual({ [PACKAGE_NAME]: manifest.version });
	});

	it("the installed package's main entry loads (the shared config schema) and its source maps carry their sources", () => {
		const installed = join(state.userFolder, '.n8n/nodes/node_modules', PACKAGE_NAME);
		const entry = require(installed) as Record<string, unknown>;
		expect(entry.DEFAULT_AGENT_NAME).toBe('n8n-realtime-voice');
		expect(typeof (entry.assistantConfigSchema as { safeParse?: unknown }).safeParse).toBe('function');
		for (const file of ['dist/nodes/Vapi/Vapi.node.js.map', 'dist/src/config/schema.js.map', 'dist/credentials/LiveKitApi.credentials.js.map']) {
			const map = JSON.parse(readFileSync(join(installed, file), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
			expect(map.sourcesContent).toHaveLength(map.sources.length);
			expect(map.sourcesContent!.every((content) => content.length > 0)).toBe(true);
		}
	});
});

describe("credential tests through n8n's own Test button (POST /rest/credentials/test)", () => {
	// n8n tests an existing credential (by id) with the form's values, as the editor's Test button does.
	const testCredential = async (id: string, type: string, data: Record<string, unknown>) => {
		const { status, body } = await rest<{ data: { status: string; message: string } }>(state, '/rest/credentials/test', {
			method: 'POST',
			body: JSON.stringify({ credentials: { id, name: `Test ${type}`, type, data } }),
		});
		expect(status).toBe(200);
		return body.data;
	};

	it("Vapi: n8n runs the node's credential test, which explains a refused key and a wrong Base URL", async () => {
		const refused = await testCredential('rtvVapiCredent01', 'vapiApi', { apiKey: 'vapi_wrong_key', baseUrl: `${state.standIns}/vapi` });
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/^Vapi refused the API key \(HTTP 401\)/);
		expect(refused.message).not.toContain('vapi_wrong_key');
		// The stand-in has no /assistant route: as a wrong Base URL would, it answers 404.
		const notFound = await testCredential('rtvVapiCredent01', 'vapiApi', { apiKey: TEST_KEYS.vapi, baseUrl: `${state.standIns}/vapi` });
		expect(notFound.status).toBe('Error');
		expect(notFound.message).toMatch(new RegExp(`^No /assistant endpoint at ${state.standIns}/vapi \\(HTTP 404\\)`));
	});

	it("Realtime Voice Webhook: n8n runs the trigger's credential test: the stack's secret passes, a short one is refused", async () => {
		const usable = await testCredential('rtvWebhookSecret', 'realtimeVoiceWebhookApi', { signingSecret: state.webhookSecret });
		expect(usable.status).toBe('OK');
		expect(usable.message).not.toContain(state.webhookSecret);
		const short = await testCredential('rtvWebhookSecret', 'realtimeVoiceWebhookApi', { signingSecret: 'short' });
		expect(short.status).toBe('Error');
	});

	it('LiveKit: the local server accepts the key pair', async () => {
		const result = await testCredential('rtvLocalLiveKit1', 'liveKitApi', { serverUrl: state.livekit.url, apiKey: state.livekit.apiKey, apiSecret: state.livekit.apiSecret, agentName: 'n8n-realtime-voice', clientUrl: '' });
		expect(result.status).toBe('OK');
	});
});
