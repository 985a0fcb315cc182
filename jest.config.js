/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The tests in a real n8n have their own config (jest.n8n.config.js) and run after these.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/n8n/'],
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
	setupFiles: ['<rootDir>/test/harness/setup-env.ts'],
	globalSetup: '<rootDir>/test/harness/global-setup.ts',
	globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
	testTimeout: 30000,
	// Two cores: two workers keep the LiveKit server and the suites from starving each other.
	maxWorkers: 2,
};
