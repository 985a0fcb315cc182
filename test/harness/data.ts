/**
 * Test data that needs no nock: what the benchmarks and child-process tests use too (fixtures.ts,
 * which loads nock, re-exports it).
 */
import type { IDataObject } from 'n8n-workflow';

/** A complete configuration in UpliftAI's documented shape (seed 000). */
export const completeConfig = () => ({
	session: { ttl: 1800 },
	agent: {
		instructions: 'You are a specialized assistant for this specific session.',
		initialGreeting: true,
		greetingInstructions: 'Welcome! This is a custom session.',
		tools: [],
	},
	stt: { default: { provider: 'groq', model: 'whisper-large-v3', language: 'en' } },
	tts: { default: { provider: 'upliftai', voiceId: 'v_meklc281', outputFormat: 'MP3_22050_32' } },
	llm: { default: { provider: 'groq', model: 'openai/gpt-oss-120b' } },
});

/** A LiveKit-style JWT whose payload carries `exp` (the signature is not checked by the node). */
export function fakeJwt(payload: IDataObject): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}
