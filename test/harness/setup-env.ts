// n8n-core's InstanceSettings writes an encryption key under the user folder: keep it out of $HOME.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-test-'));

// n8n-core's logger prints every node error to the console; the tests assert those errors instead.
process.env.N8N_LOG_LEVEL ??= 'silent';
