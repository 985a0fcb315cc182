import nock from 'nock';

import { nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { assistantResponse, assistantRowOf, auth, runVapi, unmatchedRequests, VAPI_BASE } from './fixtures';

isolateNetwork();

const assistant = (parameters: object) => ({ resource: 'assistant', ...parameters });

describe('Vapi › Assistant › Create', () => {
	it('sends the typed fields merged over Additional Fields (JSON); typed fields win on the same key', async () => {
		const body = {
			name: 'Renewals',
			firstMessage: 'Hi, this is Renewals.',
			firstMessageMode: 'assistant-speaks-first',
			model: {
				provider: 'openai',
				model: 'gpt-4o',
				temperature: 0.3,
				messages: [{ role: 'system', content: 'Be brief.' }],
				toolIds: ['tool_1'],
			},
			voice: { provider: '11labs', voiceId: 'voice_1' },
			transcriber: { provider: 'deepgram', model: 'nova-2', language: 'en' },
			maxDurationSeconds: 600,
			server: { url: 'https://hooks.example/vapi' },
			metadata: { crmId: 'crm-1' },
			backgroundSound: 'office',
			endCallPhrases: ['goodbye'],
		};
		nock(VAPI_BASE, { reqheaders: { ...auth, 'content-type': /application\/json/ } })
			.post('/assistant', body)
			.reply(201, assistantResponse());

		const run = await runVapi(
			assistant({
				operation: 'create',
				name: 'Renewals',
				firstMessage: 'Hi, this is Renewals.',
				additionalFields: {
					firstMessageMode: 'assistant-speaks-first',
					modelProvider: 'openai',
					model: 'gpt-4o',
					modelJson: '{"toolIds": ["tool_1"], "model": "gpt-3.5-turbo"}',
					systemPrompt: 'Be brief.',
					temperature: 0.3,
					voiceProvider: '11labs',
					voiceId: 'voice_1',
					transcriberProvider: 'deepgram',
					transcriberModel: 'nova-2',
					transcriberLanguage: 'en',
					maxDurationSeconds: 600,
					serverUrl: 'https://hooks.example/vapi',
					metadata: '{"crmId": "crm-1"}',
				},
				additionalJson: '{"backgroundSound": "office", "endCallPhrases": ["goodbye"], "name": "overridden by the typed Name"}',
			}),
		);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(outputItems(run, 'Node')).toEqual([{ json: assistantRowOf(), pairedItem: { item: 0 } }]);
		expect(outputJson(run, 'Node', 1)).toEqual([{}]);
	});

	it('returns the raw response on request', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).post('/assistant', { name: 'Bare' }).reply(201, assistantResponse({ name: 'Bare' }));
		const run = await runVapi(assistant({ operation: 'create', name: 'Bare', resultFormat: 'raw' }));
		expect(outputJson(run, 'Node')).toEqual([{ body: assistantResponse({ name: 'Bare' }), status: 201 }]);
	});

	it.each([
		[{ name: 'x'.repeat(41) }, {}, 'Invalid Vapi request: body.name must contain at most 40 character(s), got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'],
		[{}, { maxDurationSeconds: 5 }, 'Invalid Vapi request: body.maxDurationSeconds must be greater than or equal to 10, got 5'],
		[{}, { modelProvider: 'openai' }, 'Set "Model" too: Vapi replaces the whole model object, so every model setting (Temperature, System Prompt, Model (JSON)) is sent with the provider and model name'],
		[{}, { voiceProvider: 'polly', voiceId: 'v' }, 'Invalid Vapi request: body.voice.provider must be one of "azure", "cartesia", "custom-voice", "deepgram", "11labs", "hume", "lmnt", "neuphonic", "openai", "playht", "wellsaid", "rime-ai", "smallest-ai", "tavus", "vapi", "sesame", "inworld", "minimax", "xai", got "polly"'],
		[{}, { serverUrl: 'not a url' }, 'Invalid Vapi request: body.server.url must be an http(s) URL, got "not a url"'],
		[{}, { metadata: '[1]' }, '"Metadata (JSON)" must be a JSON object ({ … }), got a list'],
	])('refuses bad fields before sending: %j %j', async (top, additionalFields, message) => {
		const unmatched = unmatchedRequests();
		const run = await runVapi(assistant({ operation: 'create', ...top, additionalFields }));
		unmatched.stop();
		expect(nodeError(run, 'Node')?.message).toBe(message);
		expect(unmatched.seen).toEqual([]);
	});

	it.each([
		['{"name": ', /^"Additional Fields \(JSON\)" is not valid JSON: /],
		['["not", "an object"]', /^"Additional Fields \(JSON\)" must be a JSON object \(\{ … \}\), got a list$/],
	])('refuses Additional Fields (JSON) that is not a JSON object: %s', async (additionalJson, message) => {
		const run = await runVapi(assistant({ operation: 'create', name: 'A', additionalJson }));
		expect(nodeError(run, 'Node')?.message).toMatch(message);
	});
});

describe('Vapi › Assistant › Get, Update, Delete', () => {
	it('gets an assistant; Config re-emits the input', async () => {
		nock(VAPI_BASE, { reqheaders: { ...auth, accept: 'application/json' } }).get('/assistant/asst_1').reply(200, assistantResponse());
		const run = await runVapi(assistant({ operation: 'get', assistantId: '={{ $json.id }}' }), [{ id: 'asst_1' }]);
		expect(outputJson(run, 'Node')).toEqual([assistantRowOf()]);
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: { id: 'asst_1' }, pairedItem: { item: 0 } }]);
	});

	it('gets the raw response', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).get('/assistant/asst_1').reply(200, assistantResponse());
		const run = await runVapi(assistant({ operation: 'get', assistantId: 'asst_1', resultFormat: 'raw' }));
		expect(outputJson(run, 'Node')).toEqual([{ body: assistantResponse(), status: 200 }]);
	});

	it('patches only the fields set', async () => {
		nock(VAPI_BASE, { reqheaders: auth })
			.patch('/assistant/asst_1', { firstMessage: 'Hello again', voice: { provider: 'vapi', voiceId: 'Elliot' }, analysisPlan: { summaryPlan: { enabled: false } } })
			.reply(200, assistantResponse({ firstMessage: 'Hello again', voice: { provider: 'vapi', voiceId: 'Elliot' } }));

		const run = await runVapi(
			assistant({
				operation: 'update',
				assistantId: 'asst_1',
				updateFields: { firstMessage: 'Hello again', voiceProvider: 'vapi', voiceId: 'Elliot' },
				additionalJson: '{"analysisPlan": {"summaryPlan": {"enabled": false}}}',
			}),
		);

		expect(outputJson(run, 'Node')).toEqual([assistantRowOf({ firstMessage: 'Hello again', voiceProvider: 'vapi', voiceId: 'Elliot' })]);
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
	});

	it('gives the raw response of an update', async () => {
		nock(VAPI_BASE, { reqheaders: { ...auth, 'content-type': /^application\/json/ } })
			.patch('/assistant/asst_1', { name: 'Renamed' })
			.reply(200, assistantResponse({ name: 'Renamed' }));
		const run = await runVapi(assistant({ operation: 'update', assistantId: 'asst_1', updateFields: { name: 'Renamed' }, resultFormat: 'raw' }));
		expect(outputJson(run, 'Node')).toEqual([{ body: assistantResponse({ name: 'Renamed' }), status: 200 }]);
	});

	it('refuses a model setting without Model Provider and Model (Vapi replaces the whole model)', async () => {
		const run = await runVapi(assistant({ operation: 'update', assistantId: 'asst_1', updateFields: { temperature: 0.2 } }));
		expect(nodeError(run, 'Node')?.message).toBe(
			'Set "Model Provider" and "Model" too: Vapi replaces the whole model object, so every model setting (Temperature, System Prompt, Model (JSON)) is sent with the provider and model name',
		);
	});

	it('refuses an update with nothing to change', async () => {
		const run = await runVapi(assistant({ operation: 'update', assistantId: 'asst_1' }));
		expect(nodeError(run, 'Node')?.message).toBe('Nothing to update: add a field under "Update Fields" or set "Additional Fields (JSON)"');
	});

	it('deletes an assistant and returns what was deleted (raw and structured)', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).delete('/assistant/asst_1').twice().reply(200, assistantResponse());
		const raw = await runVapi(assistant({ operation: 'delete', assistantId: 'asst_1', resultFormat: 'raw' }));
		expect(outputJson(raw, 'Node')).toEqual([{ body: assistantResponse(), status: 200 }]);
		const structured = await runVapi(assistant({ operation: 'delete', assistantId: 'asst_1' }));
		expect(outputItems(structured, 'Node')).toEqual([{ json: assistantRowOf(), pairedItem: { item: 0 } }]);
	});

	it('an empty delete answer (204) becomes {id, deleted: true}', async () => {
		nock(VAPI_BASE, { reqheaders: auth }).delete('/assistant/asst_1').reply(204);
		const run = await runVapi(assistant({ operation: 'delete', assistantId: 'asst_1' }));
		expect(outputJson(run, 'Node')).toEqual([{ id: 'asst_1', deleted: true }]);
	});

	it('requires the Assistant ID', async () => {
		const run = await runVapi(assistant({ operation: 'get', assistantId: ' ' }));
		expect(nodeError(run, 'Node')?.message).toBe('Assistant ID is required');
	});
});
