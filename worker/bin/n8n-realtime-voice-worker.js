#!/usr/bin/env node
// Thin launcher so the bin exists before the TypeScript build does; `npm run build` compiles the worker.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'worker', 'src', 'cli.js');
if (!existsSync(entry)) {
	console.error('The worker is not built yet: run `npm run build` in the n8n-nodes-realtime-voice folder first.');
	process.exit(1);
}
require(entry);
