/** Shared data for the Vapi tests: credential, sample responses and a runner for one Vapi node. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow } from '../harness/engine';
import { workflowWith } from '../harness/fixtures';

export const VAPI_BASE = 'https://api.vapi.ai';
export const VAPI_KEY = 'test-vapi-key-7c2e91d0a4b3';
export const vapiCredentials = { vapiApi: { apiKey: VAPI_KEY, baseUrl: VAPI_BASE } };
export const auth = { authorization: `Bearer ${VAPI_KEY}` };

/** A Session as Vapi returns it (seed 002), after completion so the artifact is present. */
export const sessionResponse = (overrides: IDataObject = {}): IDataObject => ({
	id: 'ses_1',
	orgId: 'org_1',
	createdAt: '2025-06-01T10:00:00.000Z',
	updatedAt: '2025-06-01T10:05:00.000Z',
	name: 'Ada renewal',
	status: 'active',
	expirationSeconds: 86400,
	assistantId: 'asst_1',
	customer: { number: '+14155550100', name: 'Ada Lovelace' },
	cost: 0.12,
	artifact: { transcript: 'AI: Hello Ada', recordingUrl: 'https://storage.vapi.ai/rec.wav', messages: [{ role: 'bot', message: 'Hello Ada' }] },
	...overrides,
});

/** The Structured Table row of `sessionResponse()`. */
export const sessionRowOf = (overrides: IDataObject = {}): IDataObject => ({
	id: 'ses_1',
	name: 'Ada renewal',
	status: 'active',
	assistantId: 'asst_1',
	squadId: null,
	customerNumber: '+14155550100',
	expirationSeconds: 86400,
	cost: 0.12,
	createdAt: '2025-06-01T10:00:00.000Z',
	updatedAt: '2025-06-01T10:05:00.000Z',
	transcript: 'AI: Hello Ada',
	recordingUrl: 'https://storage.vapi.ai/rec.wav',
	orgId: 'org_1',
	'customer.name': 'Ada Lovelace',
	'artifact.messages': '[{"role":"bot","message":"Hello Ada"}]',
	...overrides,
});

export const assistantResponse = (overrides: IDataObject = {}): IDataObject => ({
	id: 'asst_1',
	orgId: 'org_1',
	name: 'Renewals',
	firstMessage: 'Hi, this is Renewals.',
	firstMessageMode: 'assistant-speaks-first',
	model: { provider: 'openai', model: 'gpt-4o', temperature: 0.3, messages: [{ role: 'system', content: 'Be brief.' }] },
	voice: { provider: '11labs', voiceId: 'voice_1' },
	transcriber: { provider: 'deepgram', model: 'nova-2', language: 'en' },
	maxDurationSeconds: 600,
	server: { url: 'https://hooks.example/vapi' },
	createdAt: '2025-06-01T09:00:00.000Z',
	updatedAt: '2025-06-01T09:00:00.000Z',
	...overrides,
});

export const assistantRowOf = (overrides: IDataObject = {}): IDataObject => ({
	id: 'asst_1',
	name: 'Renewals',
	firstMessage: 'Hi, this is Renewals.',
	firstMessageMode: 'assistant-speaks-first',
	modelProvider: 'openai',
	model: 'gpt-4o',
	voiceProvider: '11labs',
	voiceId: 'voice_1',
	transcriberProvider: 'deepgram',
	maxDurationSeconds: 600,
	serverUrl: 'https://hooks.example/vapi',
	createdAt: '2025-06-01T09:00:00.000Z',
	orgId: 'org_1',
	updatedAt: '2025-06-01T09:00:00.000Z',
	'model.temperature': 0.3,
	'model.messages': '[{"role":"system","content":"Be brief."}]',
	'transcriber.model': 'nova-2',
	'transcriber.language': 'en',
	...overrides,
});

export interface RunExtra {
	continueOnFail?: boolean;
	/** Credential data instead of `vapiCredentials`. */
	credentials?: typeof vapiCredentials;
	/** The workflow's time zone (what date filters without an offset are read in). */
	timezone?: string;
}

/** Runs one Vapi node (Manual Trigger with pinned records → Vapi). */
export function runVapi(parameters: IDataObject, records: IDataObject[] = [{}], { credentials = vapiCredentials, timezone, ...extra }: RunExtra = {}) {
	const workflow = workflowWith({ type: 'vapi', parameters, ...extra }, records);
	return executeWorkflow(timezone ? { ...workflow, settings: { timezone } } : workflow, { credentials });
}

/** Records every request nock could not match, so "nothing was sent" is asserted, not assumed. */
export function unmatchedRequests() {
	const seen: string[] = [];
	const listener = (req: { method?: string; path?: string }) => seen.push(`${req.method} ${req.path}`);
	nock.emitter.on('no match', listener);
	return { seen, stop: () => nock.emitter.removeListener('no match', listener) };
}
