/**
 * The tests in a real n8n 2.41.1 and a real Chromium (test/n8n/). One n8n, one livekit-server, one
 * worker and the vendor stand-ins are started once for all of them (global-setup.ts); the files run
 * one after another, since they share that n8n and the machine has two cores.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/n8n'],
	testMatch: ['**/*.test.ts'],
	globalSetup: '<rootDir>/test/n8n/global-setup.ts',
	globalTeardown: '<rootDir>/test/n8n/global-teardown.ts',
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
	testTimeout: 180000,
	maxWorkers: 1,
};
