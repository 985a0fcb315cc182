/**
 * The package in a real n8n editor, driven through Debian's Chromium as a user drives it: log in, open
 * a new workflow, find each node by its name in the node panel ("What happens next?"), add it through
 * one of its actions (resource + operation), see its Result and Config outputs on the canvas, open its
 * credential form; then execute an imported example from the editor. Screenshots go to out/screenshots/,
 * or, with UPDATE_SCREENSHOTS=1, to docs/screenshots/, where the README shows them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { ROOT } from '../../scripts/n8n/runtime';
import { openEditor, type EditorSession } from './browser';
import { testState } from './state';

const state = testState();
const SCREENSHOTS = join(ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'out/screenshots');

/** Each node as a user looks for it: what they type, what the panel lists, the action they pick. */
const NODES = [
	{ search: 'Vapi', name: 'Vapi', type: 'vapi', action: 'Create a session', resource: 'Session', operation: 'Create', credential: 'Vapi API', fields: ['API Key', 'Base URL'] },
	{ search: 'UpliftAI', name: 'UpliftAI Realtime', type: 'upliftAiRealtime', action: 'Create a session', resource: 'Session', operation: 'Create', credential: 'UpliftAI API', fields: ['API Key', 'Base URL'] },
	{ search: 'Protoface', name: 'Protoface', type: 'protoface', action: 'Create a session', resource: 'Session', operation: 'Create', credential: 'Protoface API', fields: ['API Key', 'Base URL'] },
	{
		search: 'OpenAI Realtime',
		name: 'OpenAI Realtime',
		type: 'openAiRealtime',
		action: 'Create a client secret',
		resource: 'Realtime Session',
		operation: 'Create Client Secret',
		credential: 'OpenAI Realtime API',
		fields: ['API Key', 'Organization ID', 'Project ID', 'Base URL'],
	},
	{
		search: 'Realtime Voice',
		name: 'Realtime Voice (LiveKit)',
		type: 'realtimeVoice',
		action: 'Create a session',
		resource: 'Session',
		operation: 'Create',
		credential: 'LiveKit API',
		fields: ['Server URL', 'API Key', 'API Secret', 'Agent Name', 'Client WebSocket URL'],
	},
];

const nodeCreatorItem = (page: Page, text: string) =>
	page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${text.replace(/[()]/g, '\\$&')}$`) });

/** Types into the node panel's search box (once it is there, so no keystroke is lost). */
async function search(page: Page, text: string) {
	const input = page.getByTestId('search-bar').locator('input');
	await input.waitFor();
	await input.fill(text);
}

async function newWorkflowWithTrigger(page: Page) {
	await page.goto(`${state.url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await search(page, 'Manual');
	await nodeCreatorItem(page, 'Manual Trigger').click();
	await page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-base.manualTrigger"]').waitFor();
}

/** Opens "What happens next?" from the trigger's + handle and types the search. */
async function searchNextNode(page: Page, text: string) {
	await page.getByTestId('canvas-handle-plus').first().click();
	await page.getByText('What happens next?').waitFor();
	await search(page, text);
}

describe('the package in the n8n editor (real n8n 2.41.1, Chromium)', () => {
	let editor: EditorSession;

	beforeAll(async () => {
		mkdirSync(SCREENSHOTS, { recursive: true });
		editor = await openEditor(state);
	});
	afterAll(async () => {
		await editor?.close();
	});

	it('the editor page asked nothing off the machine but the npm registry (aborted)', () => {
		// n8n's editor looks installed community packages up on the npm registry from the browser; the
		// server's own look-ups are switched off (scripts/n8n/runtime.ts). Anything else is new.
		expect([...new Set(editor.blocked)].filter((origin) => origin !== 'https://registry.npmjs.org')).toEqual([]);
	});

	it('finds all the Realtime nodes in the node panel when searching "Realtime"', async () => {
		const { page } = editor;
		await newWorkflowWithTrigger(page);
		await searchNextNode(page, 'Realtime');
		for (const name of ['UpliftAI Realtime', 'OpenAI Realtime', 'Realtime Voice (LiveKit)']) await nodeCreatorItem(page, name).waitFor({ timeout: 10_000 });
		await page.screenshot({ path: join(SCREENSHOTS, 'node-search.png') });
		await page.keyboard.press('Escape');
	});

	it.each(NODES)('finds $name by typing "$search", adds it with "$action", and shows Result and Config outputs', async (node) => {
		const { page } = editor;
		await newWorkflowWithTrigger(page);
		await searchNextNode(page, node.search);
		const found = nodeCreatorItem(page, node.name);
		await found.waitFor({ timeout: 10_000 }).catch(() => undefined);
		// The defect this guards against: "No results" for every node of the package.
		expect(await found.count()).toBe(1);
		await found.click();
		await nodeCreatorItem(page, node.action).first().click();

		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		await expect(page.getByTestId('parameter-input-resource').locator('input').inputValue()).resolves.toBe(node.resource);
		await expect(page.getByTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe(node.operation);
		// The credential comes first in the panel, above Resource.
		const credentialBox = await page.getByTestId('node-credentials-slot').boundingBox();
		const resourceBox = await page.getByTestId('parameter-input-resource').boundingBox();
		expect(credentialBox!.y).toBeLessThan(resourceBox!.y);

		// Its credential form, with the credential's own fields.
		// A credential of the type that already exists is preselected (the test instance has all five): edit it.
		const slot = page.getByTestId('node-credentials-slot');
		const edit = slot.getByTestId('credential-edit-button');
		if (await edit.count()) await edit.click();
		else await slot.getByText(/Connect to/).first().click();
		const dialog = page.getByTestId('editCredential-modal');
		await dialog.waitFor();
		await dialog.getByText(node.credential, { exact: true }).first().waitFor({ timeout: 10_000 });
		await dialog.getByText(node.fields[0]).first().waitFor({ timeout: 10_000 });
		const form = await dialog.innerText();
		for (const field of node.fields) expect(form).toContain(field);
		if (node.type === 'realtimeVoice') await page.screenshot({ path: join(SCREENSHOTS, 'credential-form.png') });
		// Escape closes the credential form, and the node panel under it too.
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		if (await ndv.isVisible()) await page.getByTestId('ndv-close-button').click();
		await ndv.waitFor({ state: 'hidden' });

		// On the canvas: a regular node (not a Tool) with both outputs, labelled Result and Config.
		const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-type="n8n-nodes-realtime-voice.${node.type}"]`);
		await expect(canvasNode.count()).resolves.toBe(1);
		const nodeName = await canvasNode.getAttribute('data-node-name');
		const outputs = page.locator(`[data-test-id="canvas-node-output-handle"][data-node-name="${nodeName}"][data-connection-type="main"]`);
		await expect(outputs.count()).resolves.toBe(2);
		await expect(outputs.nth(0).innerText()).resolves.toContain('Result');
		await expect(outputs.nth(1).innerText()).resolves.toContain('Config');
	});

	it('executes the imported provision-per-record example from the editor: 5 sessions on Result, 5 records on Config', async () => {
		const { page } = editor;
		await page.goto(`${state.url}/workflow/rtvProvisionRec1`);
		await page.getByTestId('execute-workflow-button').click();
		const node = page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-realtime-voice.realtimeVoice"]');
		// n8n labels each executed output with its item count.
		await expect(page.getByText('5 items').first().waitFor({ timeout: 120_000 })).resolves.toBeUndefined();
		await page.screenshot({ path: join(SCREENSHOTS, 'example-executed.png') });

		await node.dblclick();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		const output = page.getByTestId('output-panel');
		await output.getByText(/Result/).first().waitFor({ timeout: 10_000 });
		await output.getByText(/Config/).first().waitFor({ timeout: 10_000 });
		await output.getByText('Ada Lovelace').first().waitFor({ timeout: 10_000 });
		await page.screenshot({ path: join(SCREENSHOTS, 'node-parameters.png') });
		await page.getByTestId('ndv-close-button').click();
	});
});
