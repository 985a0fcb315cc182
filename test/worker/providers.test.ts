/**
 * The provider registry builds every provider the shared schema allows, takes keys only from the
 * worker's environment (with errors naming the variable), and the two PCM providers produce audio:
 * espeak-ng offline, UpliftAI with the documented request (nock).
 */
import { initializeLogger, type tts } from '@livekit/agents';
import nock from 'nock';

import { LLM_PROVIDERS, STT_PROVIDERS, TTS_PROVIDERS } from '../../src/config';
import { buildLlm, buildStt, buildTts } from '../../worker/src/providers/registry';
import { postForPcm } from '../../worker/src/providers/tts/httpPcm';
import { PcmTts } from '../../worker/src/providers/tts/pcmTts';
import { isolateNetwork } from '../harness/fixtures';

initializeLogger({ pretty: false, level: 'silent' });
isolateNetwork();

const base = 'http://127.0.0.1:9/v1';
const keys = { OPENAI_API_KEY: 'test-openai-key', GROQ_API_KEY: 'test-groq-key', DEEPGRAM_API_KEY: 'test-deepgram-key', UPLIFTAI_API_KEY: 'test-uplift-key', N8N_VOICE_ALLOWED_BASE_URLS: `https://proxy.example/v1, ${base}` };

async function collect(stream: tts.ChunkedStream) {
	const frames = [];
	for await (const audio of stream) frames.push(audio);
	return frames;
}

describe('provider registry', () => {
	// The webhook LLM (a workflow, not a model) has its own tests: webhook-llm.test.ts.
	it.each(LLM_PROVIDERS.filter((provider) => provider !== 'webhook'))('builds the %s LLM', (provider) => {
		expect(buildLlm({ provider, model: 'm', baseUrl: base }, keys).label()).toBe('openai.LLM');
	});
	it.each(STT_PROVIDERS)('builds the %s STT', (provider) => {
		expect(buildStt({ provider, model: 'whisper-1', baseUrl: base }, keys).label).toMatch(/STT/);
	});
	it.each(TTS_PROVIDERS)('builds the %s TTS', (provider) => {
		expect(buildTts({ provider, voiceId: provider === 'espeak' ? 'en-us' : 'alloy', baseUrl: base }, keys).sampleRate).toBeGreaterThan(0);
	});

	it.each([
		[() => buildLlm({ provider: 'openai', model: 'gpt-4o-mini' }, {}), 'llm.default.provider "openai" needs OPENAI_API_KEY in the worker\'s environment'],
		[() => buildLlm({ provider: 'groq', model: 'llama' }, {}), 'llm.default.provider "groq" needs GROQ_API_KEY in the worker\'s environment'],
		[() => buildStt({ provider: 'deepgram', model: 'nova-3' }, {}), 'stt.default.provider "deepgram" needs DEEPGRAM_API_KEY in the worker\'s environment'],
		[() => buildTts({ provider: 'upliftai', voiceId: 'v_meklc281' }, {}), 'tts.default.provider "upliftai" needs UPLIFTAI_API_KEY in the worker\'s environment'],
	])('names the missing key (%#)', (build, message) => {
		expect(build).toThrow(message);
	});

	it.each([
		[() => buildLlm({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: 'https://collector.example/v1' }, keys), 'llm.default.baseUrl'],
		[() => buildStt({ provider: 'groq', model: 'whisper-large-v3', baseUrl: 'https://collector.example/v1' }, keys), 'stt.default.baseUrl'],
		[() => buildTts({ provider: 'upliftai', voiceId: 'v_meklc281', baseUrl: 'https://collector.example/v1' }, keys), 'tts.default.baseUrl'],
	])('never sends an operator key to a base URL the operator did not allow (%#)', (build, field) => {
		expect(build).toThrow(`${field} "https://collector.example/v1" is not allowed for provider`);
		expect(build).toThrow('N8N_VOICE_ALLOWED_BASE_URLS');
	});

	it('accepts an allowed base URL for a keyed provider, and any for openai-compatible', () => {
		expect(() => buildLlm({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: 'https://proxy.example/v1/' }, keys)).not.toThrow();
		expect(() => buildLlm({ provider: 'openai-compatible', model: 'llama3.2', baseUrl: 'https://anywhere.example/v1' }, {})).not.toThrow();
	});

	it('frames PCM that arrives in odd-sized pieces: 20 ms first, then 100 ms, nothing lost but a trailing odd byte', async () => {
		const engine = new PcmTts({
			label: 'test',
			provider: 'test',
			model: 'test',
			sampleRate: 22_050,
			source: async function* () {
				const pcm = Buffer.alloc(22_050 * 2 * 0.3 + 1); // 0.3 s plus one stray byte
				for (let i = 0; i < Math.floor(pcm.length / 2); i++) pcm.writeInt16LE(i % 1000, i * 2);
				let offset = 0;
				for (const size of [1, 3, 881, 4410, 100_000]) {
					yield pcm.subarray(offset, offset + size);
					offset += size;
				}
			},
		});
		const audio = await collect(engine.synthesize('x'));
		expect(audio.map((a) => a.frame.samplesPerChannel)).toEqual([441, 2205, 2205, 1764]);
		const samples = audio.flatMap((a) => [...a.frame.data]);
		expect(samples.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
		expect(samples[999]).toBe(999);
		expect(samples[1000]).toBe(0);
	});

	it('speaks offline with espeak-ng: 22.05 kHz mono frames, the last one final', async () => {
		const engine = buildTts({ provider: 'espeak', voiceId: 'en-us' }, {});
		const audio = await collect(engine.synthesize('Hello from the bundled worker.'));
		const samples = audio.reduce((sum, a) => sum + a.frame.samplesPerChannel, 0);
		expect(audio[0].frame.sampleRate).toBe(22_050);
		expect(samples / 22_050).toBeGreaterThan(1);
		expect(audio.map((a) => a.final)).toEqual([...Array(audio.length - 1).fill(false), true]);
	});

	it('refuses a voice espeak-ng does not have (it would silently use its default)', () => {
		expect(() => buildTts({ provider: 'espeak', voiceId: 'no-such-voice' }, {})).toThrow('tts.default.voiceId "no-such-voice" is not an espeak-ng voice');
		expect(() => buildTts({ provider: 'espeak', voiceId: 'en-gb+f3' }, {})).not.toThrow();
	});

	it('asks UpliftAI for PCM_22050_16 with the worker key and frames the stream', async () => {
		const pcm = Buffer.alloc(22_050 * 2 * 0.5, 1); // 0.5 s
		const scope = nock('https://api.upliftai.org', { reqheaders: { authorization: 'Bearer test-uplift-key', 'content-type': 'application/json' } })
			.post('/v1/synthesis/text-to-speech', { voiceId: 'v_meklc281', text: 'Salaam!', outputFormat: 'PCM_22050_16' })
			.reply(200, pcm, { 'content-type': 'audio/pcm' });
		const engine = buildTts({ provider: 'upliftai', voiceId: 'v_meklc281', outputFormat: 'MP3_22050_32' }, keys);
		const audio = await collect(engine.synthesize('Salaam!'));
		expect(audio.reduce((sum, a) => sum + a.frame.samplesPerChannel, 0)).toBe(11_025);
		scope.done();
	});

	it('streams OpenAI speech as 24 kHz PCM with the worker key', async () => {
		const scope = nock('https://api.openai.com', { reqheaders: { authorization: 'Bearer test-openai-key' } })
			.post('/v1/audio/speech', { model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello!', response_format: 'pcm' })
			.reply(200, Buffer.alloc(24_000 * 2 * 0.25), { 'content-type': 'audio/pcm' });
		const audio = await collect(buildTts({ provider: 'openai', voiceId: 'coral' }, keys).synthesize('Hello!'));
		expect(audio[0].frame.sampleRate).toBe(24_000);
		expect(audio.reduce((sum, a) => sum + a.frame.samplesPerChannel, 0)).toBe(6_000);
		scope.done();
	});

	it('turns a speech API error into an APIStatusError with the status (retryable only for 429/5xx)', async () => {
		nock('https://api.upliftai.org').post('/v1/synthesis/text-to-speech').reply(401, { detail: 'invalid api key' }).post('/v1/synthesis/text-to-speech').reply(503, 'busy');
		const read = async () => {
			for await (const chunk of postForPcm('https://api.upliftai.org/v1/synthesis/text-to-speech', 'k', { text: 'Hi' }, new AbortController().signal)) void chunk;
		};
		await expect(read()).rejects.toMatchObject({ message: 'https://api.upliftai.org/v1/synthesis/text-to-speech answered 401: {"detail":"invalid api key"}', statusCode: 401, retryable: false });
		await expect(read()).rejects.toMatchObject({ statusCode: 503, retryable: true });
	});

	it('gives a speech server the session TTS timeout for its first byte, then fails without a retry', async () => {
		nock('https://api.upliftai.org').post('/v1/synthesis/text-to-speech').delay(2_000).reply(200, Buffer.alloc(100));
		const read = async () => {
			for await (const chunk of postForPcm('https://api.upliftai.org/v1/synthesis/text-to-speech', 'k', { text: 'Hi' }, new AbortController().signal, 200)) void chunk;
		};
		await expect(read()).rejects.toMatchObject({ message: 'https://api.upliftai.org/v1/synthesis/text-to-speech did not answer within 0.2 s', statusCode: 504, retryable: false });
		nock.abortPendingRequests();
	});
});
