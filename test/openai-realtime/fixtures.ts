/** Shared data of the OpenAI Realtime tests: credential, request headers and response bodies. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError } from '../harness/engine';
import { workflowWith } from '../harness/fixtures';

export const OPENAI_ORIGIN = 'https://api.openai.com';
export const OPENAI_KEY = 'test-openai-key-5c1d8e7a2b9f';
export const EXPIRES_AT = 1_900_000_000;
export const EXPIRES_ISO = new Date(EXPIRES_AT * 1000).toISOString();

export const openAiCredentials = (overrides: IDataObject = {}) => ({
	openAiRealtimeApi: { apiKey: OPENAI_KEY, organizationId: '', projectId: '', baseUrl: 'https://api.openai.com/v1', ...overrides },
});

export const AUTH = { authorization: `Bearer ${OPENAI_KEY}` };

/** An interceptor that also refuses the org/project headers when the credential leaves them empty. */
export const openAi = (reqheaders: Record<string, string> = AUTH, badheaders: string[] = ['openai-organization', 'openai-project']) =>
	nock(OPENAI_ORIGIN, { reqheaders, badheaders });

export interface RunOptions {
	continueOnFail?: boolean;
	/** n8n's "continue (using error output)". */
	errorOutput?: boolean;
	credentials?: IDataObject;
}

/** Runs the node once over the records with the given parameters (resource is always `session`). */
export function runNode(parameters: IDataObject, records: IDataObject[] = [{}], options: RunOptions = {}) {
	const { continueOnFail, errorOutput } = options;
	const workflow = workflowWith({ type: 'openAiRealtime', parameters: { resource: 'session', ...parameters }, continueOnFail, errorOutput }, records);
	return executeWorkflow(workflow, { credentials: openAiCredentials(options.credentials) });
}

/** Records every request nock could not match, so "nothing was sent" is asserted, not assumed. */
export function unmatchedRequests() {
	const seen: string[] = [];
	const listener = (req: { method?: string; path?: string }) => seen.push(`${req.method} ${req.path}`);
	nock.emitter.on('no match', listener);
	return { seen, stop: () => nock.emitter.removeListener('no match', listener) };
}

/** Runs the node and asserts the error message, that nothing reached the network and nock is done. */
export async function expectRefused(parameters: IDataObject, message: string | RegExp, records: IDataObject[] = [{}]) {
	const unmatched = unmatchedRequests();
	const run = await runNode(parameters, records);
	unmatched.stop();
	const actual = nodeError(run, 'Node')?.message;
	if (message instanceof RegExp) expect(actual).toMatch(message);
	else expect(actual).toEqual(message);
	expect(unmatched.seen).toEqual([]);
	expect(nock.isDone()).toBe(true);
	return run;
}

/** What the node sends for Server VAD when only the type is chosen. */
export const SERVER_VAD_DEFAULTS = { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 };

/** The GA body when nothing optional is set. */
export const GA_DEFAULT_BODY = {
	expires_after: { anchor: 'created_at', seconds: 600 },
	session: { type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'marin' } } },
};

/** The Structured Table columns in their order: seed 003's fifteen, then the node's own three. */
export const COLUMNS = [
	'clientSecret',
	'expiresAt',
	'modalities',
	'instructions',
	'voice',
	'inputAudioFormat',
	'outputAudioFormat',
	'inputAudioTranscription',
	'turnDetection',
	'tools',
	'toolChoice',
	'temperature',
	'maxResponseOutputTokens',
	'speed',
	'tracing',
	'sessionId',
	'type',
	'model',
];

/** GA `POST /realtime/client_secrets` answer for a realtime session. */
export const gaRealtimeResponse = (session: IDataObject = {}) => ({
	value: 'ek_test_client_secret_1',
	expires_at: EXPIRES_AT,
	session: {
		type: 'realtime',
		object: 'realtime.session',
		id: 'sess_ga_1',
		model: 'gpt-realtime',
		output_modalities: ['audio'],
		instructions: 'Be brief.',
		tools: [],
		tool_choice: 'auto',
		max_output_tokens: 'inf',
		tracing: null,
		audio: {
			input: {
				format: { type: 'audio/pcm', rate: 24000 },
				transcription: null,
				noise_reduction: null,
				turn_detection: { ...SERVER_VAD_DEFAULTS, idle_timeout_ms: null, create_response: true, interrupt_response: true },
			},
			output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
		},
		...session,
	},
});

/** Beta `POST /realtime/sessions` answer. */
export const betaSessionResponse = (session: IDataObject = {}) => ({
	id: 'sess_beta_1',
	object: 'realtime.session',
	model: 'gpt-4o-realtime-preview',
	modalities: ['audio', 'text'],
	instructions: 'Be brief.',
	voice: 'alloy',
	input_audio_format: 'pcm16',
	output_audio_format: 'pcm16',
	input_audio_transcription: null,
	turn_detection: SERVER_VAD_DEFAULTS,
	tools: [],
	tool_choice: 'auto',
	temperature: 0.8,
	max_response_output_tokens: 'inf',
	speed: 1,
	tracing: null,
	client_secret: { value: 'ek_test_beta_secret', expires_at: EXPIRES_AT },
	...session,
});
