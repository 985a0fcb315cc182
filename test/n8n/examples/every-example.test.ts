/**
 * examples/*.json in a real n8n 2.41.1, as a whole: there is an example test file (beside this one) for
 * each, and the n8n server's log holds no API key and no LiveKit secret. (The runs themselves print in
 * their own `n8n execute` processes; each example's file checks that output, helpers.ts.)
 */
import { readFileSync } from 'node:fs';

import { EXAMPLE_FILES, RECORD_COUNTS } from '../../harness/examples';
import { SECRETS, state, SUITE } from './helpers';

describe(SUITE, () => {
	afterAll(() => {
		process.stdout.write(`\n[real n8n] global setup steps (ms): ${JSON.stringify(state.timings)}\n`);
	});

	it('covers every example', () => {
		expect(EXAMPLE_FILES).toEqual(Object.keys(RECORD_COUNTS));
	});

	it("n8n's log holds no API key and no LiveKit secret", () => {
		const log = readFileSync(state.logFile, 'utf8');
		expect(log.length).toBeGreaterThan(0);
		for (const secret of SECRETS) expect(log).not.toContain(secret);
	});
});
