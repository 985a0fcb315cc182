/**
 * The example workflows (examples/*.json) as the tests that run them read them: the engine's
 * (test/workflows/, test/openai-realtime/) and the real n8n's (test/n8n/examples/).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { exampleWorkflowFiles } from '../../scripts/n8n/stack';

export const EXAMPLES = join(__dirname, '../../examples');
/** Every examples/*.json, by file name, sorted. */
export const EXAMPLE_FILES = exampleWorkflowFiles().map((file) => basename(file));
/** One examples/<file>, parsed, as the caller's workflow type. */
export const loadExample = <T>(file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as T;

/**
 * How many records each provisioning example's Code node holds (Manual Trigger → Code node holding
 * the records → package nodes).
 */
export const RECORD_COUNTS: Record<string, number> = {
	'openai-client-secrets-per-config.json': 3,
	'protoface-avatar-session.json': 2,
	'provision-per-record.json': 5,
	'provision-per-record-with-events.json': 5,
	'upliftai-assistant-then-sessions.json': 2,
	'vapi-sessions-per-record.json': 3,
};

/**
 * Examples a Realtime Voice Trigger starts (active workflows answering the worker's signed requests),
 * with the node their trigger is, rather than a Manual Trigger and records.
 */
export const TRIGGERED_EXAMPLES: Record<string, { trigger: string }> = {
	'session-outcome-to-data-table.json': { trigger: 'Realtime Voice Trigger' },
};

export { targetsOf } from '../../scripts/local-stack/workflow-graph';

type Rec = Record<string, any>;

/** The instructions examples/openai-client-secrets-per-config.json gives a configuration record. */
export const openAiExampleInstructions = (c: Rec) => `You are the support agent of ${c.company}. Greet ${c.customer} by name and answer in ${c.language}.`;

/** The GA `POST /v1/realtime/client_secrets` body examples/openai-client-secrets-per-config.json sends for a configuration record. */
export const openAiExampleBody = (c: Rec) => ({
	expires_after: { anchor: 'created_at', seconds: c.secretTtlSeconds },
	session: {
		type: 'realtime',
		model: 'gpt-realtime',
		instructions: openAiExampleInstructions(c),
		audio: {
			output: { voice: c.voice },
			input: {
				transcription: { model: 'gpt-4o-mini-transcribe' },
				noise_reduction: { type: 'near_field' },
				turn_detection: { type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true },
			},
		},
		max_output_tokens: 1024,
		tracing: 'auto',
	},
});
