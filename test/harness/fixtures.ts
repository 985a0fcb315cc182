/** Shared test data: credentials, a complete configuration, and a one-node workflow builder. */
import nock from 'nock';
import type { ICredentialsDecrypted, ICredentialTestFunctions, IDataObject, INode } from 'n8n-workflow';

import { PACKAGE, type WorkflowJson } from './engine';

export const UPLIFT_BASE = 'https://api.upliftai.org';
export const UPLIFT_KEY = 'test-upliftai-secret-key-4f1e9c2a7b';
export const upliftCredentials = { upliftAiApi: { apiKey: UPLIFT_KEY, baseUrl: 'https://api.upliftai.org/v1' } };

export { completeConfig, fakeJwt } from './data';

/** The credential each node of the package authenticates with. */
export const NODE_CREDENTIAL = {
	upliftAiRealtime: 'upliftAiApi',
	realtimeVoice: 'liveKitApi',
	vapi: 'vapiApi',
	openAiRealtime: 'openAiRealtimeApi',
	protoface: 'protofaceApi',
} as const;

export interface NodeUnderTest {
	type: keyof typeof NODE_CREDENTIAL;
	parameters: IDataObject;
	continueOnFail?: boolean;
	/** n8n's "continue (using error output)": failed items go to an extra, last output. */
	errorOutput?: boolean;
	/** false: no credential; a list: exactly these credential types (e.g. Protoface + LiveKit). */
	credentials?: boolean | string[];
}

/** Manual Trigger (pinned records) → the node under test. */
export function workflowWith(node: NodeUnderTest, records: IDataObject[] = [{}]): WorkflowJson {
	const credentialTypes = Array.isArray(node.credentials) ? node.credentials : node.credentials === false ? [] : [NODE_CREDENTIAL[node.type]];
	const nodeJson: INode = {
		id: 'node-under-test',
		name: 'Node',
		type: `${PACKAGE}.${node.type}`,
		typeVersion: 1,
		position: [220, 0],
		parameters: node.parameters as INode['parameters'],
		...(credentialTypes.length ? { credentials: Object.fromEntries(credentialTypes.map((type) => [type, { id: type, name: 'Test account' }])) } : {}),
		...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(node.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
	};
	return {
		name: 'node test',
		nodes: [
			{ id: 'trigger', name: 'Records', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			nodeJson,
		],
		connections: { Records: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
		pinData: { Records: records.map((json) => ({ json })) },
	};
}

/** Every test starts with no interceptors and no way out to the network except loopback. */
export function isolateNetwork() {
	beforeEach(() => {
		nock.cleanAll();
		nock.disableNetConnect();
		nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
	});
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		if (pending.length) throw new Error(`expected requests were not sent: ${pending.join(', ')}`);
	});
	// Jest gives each test file a fresh nock, but Node's http and fetch are shared by the whole worker:
	// the previous file's interceptors must be removed or they answer (and refuse) this file's calls.
	afterAll(() => nock.restore());
}

export const LIVEKIT_HOST = 'http://livekit.test:7880';
export const LIVEKIT_KEY = 'APIfixturekey01';
export const LIVEKIT_SECRET = 'fixture-livekit-secret-8d3f2a91c4e7b6a5d0f1';
export const liveKitCredentials = (overrides: IDataObject = {}) => ({
	liveKitApi: { serverUrl: 'ws://livekit.test:7880', apiKey: LIVEKIT_KEY, apiSecret: LIVEKIT_SECRET, agentName: 'n8n-realtime-voice', clientUrl: '', ...overrides },
});

/** A credential as n8n hands it to a credential test. */
export const decryptedCredential = (type: string, data: object) => ({ id: '1', name: 'test', type, data }) as unknown as ICredentialsDecrypted;

/** n8n gives credential tests its legacy `request` helper; this one speaks the same options over fetch (so nock answers). */
export const credentialTestFunctions = {
	helpers: {
		async request(options: { uri: string; method: string; headers: Record<string, string> }) {
			const response = await fetch(options.uri, { method: options.method, headers: options.headers });
			return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
		},
	},
} as unknown as ICredentialTestFunctions;
