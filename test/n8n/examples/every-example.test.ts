/**
 * examples/*.json in a real n8n 2.41.1, as a whole: each is a provisioning example (RECORD_COUNTS:
 * Manual Trigger → records → package nodes, run headless) or one a Realtime Voice Trigger starts
 * (TRIGGERED_EXAMPLES: prepared and activated, then sent signed requests), there is an example test
 * file (beside this one) for each, and the n8n server's log holds no API key, no LiveKit secret and
 * no webhook signing secret. (The runs themselves print in their own `n8n execute` processes; each
 * example's file checks that output, helpers.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TRIGGER_NODE_TYPE } from '../../../scripts/n8n/examples';
import { EXAMPLE_FILES, loadExample, RECORD_COUNTS, TRIGGERED_EXAMPLES } from '../../harness/examples';
import { SECRETS, state, SUITE, type WorkflowFile } from './helpers';

describe(SUITE, () => {
	afterAll(() => {
		process.stdout.write(`\n[real n8n] global setup steps (ms): ${JSON.stringify(state.timings)}\n`);
	});

	it('covers every example: each is a provisioning or a triggered example, with its own test file', () => {
		expect(EXAMPLE_FILES).toEqual([...Object.keys(RECORD_COUNTS), ...Object.keys(TRIGGERED_EXAMPLES)].sort());
		for (const file of EXAMPLE_FILES) expect(existsSync(join(__dirname, file.replace(/\.json$/, '.test.ts')))).toBe(true);
	});

	it('the triggered examples are the ones a Realtime Voice Trigger starts; the provisioning ones a Manual Trigger', () => {
		for (const file of EXAMPLE_FILES) {
			const types = loadExample<WorkflowFile>(file).nodes.map((node) => node.type);
			if (TRIGGERED_EXAMPLES[file]) {
				expect(types).toContain(TRIGGER_NODE_TYPE);
				expect(types).not.toContain('n8n-nodes-base.manualTrigger');
			} else {
				expect(types).toContain('n8n-nodes-base.manualTrigger');
				expect(types).not.toContain(TRIGGER_NODE_TYPE);
			}
		}
	});

	it("n8n's log holds no API key, no LiveKit secret and no webhook signing secret", () => {
		const log = readFileSync(state.logFile, 'utf8');
		expect(log.length).toBeGreaterThan(0);
		for (const secret of SECRETS) expect(log).not.toContain(secret);
	});
});
