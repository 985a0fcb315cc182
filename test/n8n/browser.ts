/**
 * Debian's Chromium driven by playwright-core, as a person uses the n8n editor. Every request that
 * is not for 127.0.0.1 is aborted and listed (the editor page asks the npm registry about installed
 * community packages), and Chromium's own background networking is off.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import type { N8nTestState } from './state';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Installs Debian's chromium on first use (scripts/setup-browser.sh). */
export function ensureChromium() {
	if (!process.env.CHROMIUM_PATH) execFileSync('bash', [join(__dirname, '../../scripts/setup-browser.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

export interface EditorSession {
	browser: Browser;
	page: Page;
	/** Requests the page tried to send off the machine (aborted). */
	blocked: string[];
	close(): Promise<void>;
}

/** Launches Chromium and logs into the editor through its sign-in form. */
export async function openEditor(state: N8nTestState): Promise<EditorSession> {
	// n8n's components carry data-test-id (playwright's default is data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const blocked: string[] = [];
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
		blocked.push(url.origin);
		return route.abort();
	});
	const page = await context.newPage();
	page.setDefaultTimeout(30_000);
	await page.goto(`${state.url}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(state.owner.email);
	await page.getByTestId('password').locator('input').fill(state.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL(/\/home\//);
	return { browser, page, blocked, close: () => browser.close() };
}
