/**
 * examples/upliftai-assistant-then-sessions.json in a real n8n 2.41.1, UpliftAI answered by the
 * stand-in (../stand-ins/upliftai.ts): an assistant per customer, then a session on it (see helpers.ts
 * for the checks every example gets).
 */
import { TEST_KEYS } from '../fixtures';
import { UPLIFTAI_WS_URL } from '../vendor-stand-ins';
import { describeExample, expectAuthenticated, iso, json, jwtClaims, output, records, requestFor, type Rec } from './helpers';

describeExample('upliftai-assistant-then-sessions.json', (example) => {
	const assistantBody = (c: Rec) => ({
		name: `${c.company} concierge`,
		description: `Voice concierge for ${c.company}`,
		public: false,
		config: {
			session: { ttl: 1800 },
			agent: {
				instructions: `You are the concierge of ${c.company}. Speak ${c.language}.`,
				initialGreeting: true,
				greetingInstructions: `Welcome the caller to ${c.company}.`,
				tools: [],
			},
			stt: { default: { provider: 'groq', model: 'whisper-large-v3', language: c.languageCode } },
			tts: { default: { provider: 'upliftai', voiceId: 'v_meklc281', outputFormat: 'MP3_22050_32' } },
			llm: { default: { provider: 'groq', model: 'openai/gpt-oss-120b' } },
		},
	});
	const creates = () => example().requests.filter((r) => r.path === '/v1/realtime-assistants');
	const assistantIdFor = (c: Rec) => (requestFor(creates(), (body) => body.name === `${c.company} concierge`).response as Rec).realtimeAssistantId as string;

	it('Create Assistant: one assistant per customer, its configuration in the row', () => {
		const customers = records(example());
		const rows = json(output(example(), 'Create Assistant', 0));
		customers.forEach((c, i) => {
			expect(rows[i]).toEqual({
				assistantId: assistantIdFor(c),
				name: `${c.company} concierge`,
				description: `Voice concierge for ${c.company}`,
				public: false,
				sttProvider: 'groq',
				sttModel: 'whisper-large-v3',
				ttsProvider: 'upliftai',
				ttsVoiceId: 'v_meklc281',
				ttsOutputFormat: 'MP3_22050_32',
				llmProvider: 'groq',
				llmModel: 'openai/gpt-oss-120b',
			});
		});
		expect(new Set(rows.map((row) => row.assistantId)).size).toBe(customers.length);
	});

	it("Create Session: a session for the customer's own assistant, named after the customer ($('Customers').item pairs through)", () => {
		const customers = records(example());
		const rows = json(output(example(), 'Create Session', 0));
		const sessions = example().requests.filter((r) => r.path.endsWith('/createSession'));
		customers.forEach((c, i) => {
			const assistantId = assistantIdFor(c);
			const request = sessions.find((r) => r.path === `/v1/realtime-assistants/${assistantId}/createSession`)!;
			expect(request.body).toEqual({ participantName: c.name });
			const answer = request.response as Rec;
			const claims = jwtClaims(answer.token);
			expect(claims).toMatchObject({ name: c.name, room: answer.roomName, video: { room: answer.roomName, roomJoin: true } });
			expect(rows[i]).toEqual({
				roomName: answer.roomName,
				wsUrl: UPLIFTAI_WS_URL,
				token: answer.token,
				tokenExpiresAt: iso(claims.exp),
				participantName: c.name,
				assistantId,
				mode: 'assistant',
			});
			expect(rows[i].roomName).toMatch(/^support-[0-9a-f]{6}-\d{10}$/);
		});
	});

	it('sent the assistants first (POST /v1/realtime-assistants), then one createSession per assistant, authenticated with the UpliftAI key', () => {
		const customers = records(example());
		expect(example().requests).toHaveLength(2 * customers.length);
		expectAuthenticated(example().requests, 'upliftai', TEST_KEYS.upliftai);
		expect(example().requests.slice(0, customers.length).map((r) => `${r.method} ${r.path}`)).toEqual(customers.map(() => 'POST /v1/realtime-assistants'));
		expect(example().requests.slice(customers.length).map((r) => `${r.method} ${r.path}`).sort()).toEqual(
			customers.map((c) => `POST /v1/realtime-assistants/${assistantIdFor(c)}/createSession`).sort(),
		);
		for (const c of customers) expect(requestFor(creates(), (body) => body.name === `${c.company} concierge`).body).toEqual(assistantBody(c));
	});
});
