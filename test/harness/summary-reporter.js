/**
 * Appends each jest run's totals to out/jest-summary.jsonl, so `.ci/run` can print one
 * "N passed, N failed" line for `npm test`, which runs jest twice (engine suites, then real n8n).
 */
const { appendFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
	}
	onRunComplete(_contexts, results) {
		const dir = join(this.rootDir, 'out');
		mkdirSync(dir, { recursive: true });
		const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numFailedTestSuites: failedSuites, numRuntimeErrorTestSuites: brokenSuites } = results;
		appendFileSync(join(dir, 'jest-summary.jsonl'), `${JSON.stringify({ passed, failed, skipped, failedSuites, brokenSuites })}\n`);
	}
}
module.exports = SummaryReporter;
