#!/usr/bin/env node
// The worker's command: `n8n-realtime-voice-worker start`. The published package ships dist/ (the
// worker and its own build of the nodes' config and events code); in the repository, dist/ exists
// once `npm run build` (or `npm run build:worker`) has run.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'worker', 'src', 'cli.js');
if (!existsSync(entry)) {
	console.error('The worker is not built yet: run `npm run build` in the n8n-nodes-realtime-voice folder first.');
	process.exit(1);
}
require(entry);
