/**
 * examples/openai-client-secrets-per-config.json in a real n8n 2.41.1, OpenAI answered by the stand-in
 * (../stand-ins/openai.ts): one GA client secret per configuration record (see helpers.ts for the checks
 * every example gets).
 */
import { openAiExampleBody, openAiExampleInstructions } from '../../harness/examples';
import { TEST_KEYS } from '../fixtures';
import { describeExample, expectAuthenticated, iso, json, output, records, requestFor, type Rec } from './helpers';

describeExample('openai-client-secrets-per-config.json', (example) => {
	const instructionsOf = openAiExampleInstructions;

	it('gives each configuration its own client secret row, with its voice, instructions and expiry', () => {
		const configs = records(example());
		const rows = json(output(example(), 'OpenAI Client Secrets', 0));
		configs.forEach((c, i) => {
			const answer = requestFor(example().requests, (body) => body.session?.instructions === instructionsOf(c)).response as Rec;
			expect(rows[i]).toEqual({
				clientSecret: answer.value,
				expiresAt: iso(answer.expires_at),
				modalities: '["audio"]',
				instructions: instructionsOf(c),
				voice: c.voice,
				inputAudioFormat: 'pcm16',
				outputAudioFormat: 'pcm16',
				inputAudioTranscription: '{"model":"gpt-4o-mini-transcribe"}',
				turnDetection: expect.any(String),
				tools: '[]',
				toolChoice: 'auto',
				temperature: null,
				maxResponseOutputTokens: 1024,
				speed: 1,
				tracing: 'auto',
				sessionId: answer.session.id,
				type: 'realtime',
				model: 'gpt-realtime',
			});
			expect(rows[i].clientSecret).toMatch(/^ek_[0-9a-f]{32}$/);
			expect(JSON.parse(String(rows[i].turnDetection))).toEqual({ type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true });
			// The secret lives secretTtlSeconds from when it was asked for.
			const expiresMs = Date.parse(String(rows[i].expiresAt));
			expect(expiresMs).toBeGreaterThanOrEqual(example().started - 1000 + c.secretTtlSeconds * 1000);
			expect(expiresMs).toBeLessThanOrEqual(example().ended + 1000 + c.secretTtlSeconds * 1000);
		});
		expect(new Set(rows.map((row) => row.clientSecret)).size).toBe(configs.length);
	});

	it('sent one GA POST /v1/realtime/client_secrets per configuration, without OpenAI-Beta or empty org/project headers', () => {
		const configs = records(example());
		expect(example().requests.map((r) => `${r.method} ${r.path}`)).toEqual(configs.map(() => 'POST /v1/realtime/client_secrets'));
		expectAuthenticated(example().requests, 'openai', TEST_KEYS.openaiRealtime);
		for (const request of example().requests) {
			for (const header of ['openai-beta', 'openai-organization', 'openai-project']) expect(request.headers).not.toHaveProperty(header);
		}
		for (const c of configs) {
			expect(requestFor(example().requests, (body) => body.session?.instructions === instructionsOf(c)).body).toEqual(openAiExampleBody(c));
		}
	});
});
