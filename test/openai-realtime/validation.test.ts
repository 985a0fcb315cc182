/**
 * Bad input fails in `prepare`, naming the field and its range, before any request: typed fields and
 * JSON bodies go through the same vendor schema, so they fail with the same words.
 */
import nock from 'nock';

import { nodeError, outputItems } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { gaRealtimeResponse, openAi, runNode, unmatchedRequests } from './fixtures';

isolateNetwork();

const VOICE_LIST = '"alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"';

/** Runs the node and asserts the error message, that nothing reached the network and nock is done. */
async function expectRefused(parameters: object, message: string, records: object[] = [{}]) {
	const unmatched = unmatchedRequests();
	const run = await runNode(parameters as never, records as never);
	unmatched.stop();
	expect(nodeError(run, 'Node')?.message).toEqual(message);
	expect(unmatched.seen).toEqual([]);
	expect(nock.isDone()).toBe(true);
	return run;
}

describe('ranges of the typed fields', () => {
	it.each([
		['temperature 1.5 (Create Session)', { operation: 'createSession', sessionSettings: { temperature: 1.5 } }, 'Invalid request body: body.temperature must be less than or equal to 1.2, got 1.5'],
		['temperature 0.5 (Create Session)', { operation: 'createSession', sessionSettings: { temperature: 0.5 } }, 'Invalid request body: body.temperature must be greater than or equal to 0.6, got 0.5'],
		['speed 2 (Create Client Secret)', { operation: 'createClientSecret', realtimeSettings: { speed: 2 } }, 'Invalid request body: body.session.audio.output.speed must be less than or equal to 1.5, got 2'],
		['speed 2 (Create Session)', { operation: 'createSession', sessionSettings: { speed: 2 } }, 'Invalid request body: body.speed must be less than or equal to 1.5, got 2'],
		['max tokens 5000 (GA)', { operation: 'createClientSecret', realtimeSettings: { maxTokens: '5000' } }, 'Invalid request body: body.session.max_output_tokens must be an integer from 1 to 4096 or "inf", got 5000'],
		['max tokens 5000 (beta)', { operation: 'createSession', sessionSettings: { maxTokens: '5000' } }, 'Invalid request body: body.max_response_output_tokens must be an integer from 1 to 4096 or "inf", got 5000'],
		['max tokens "lots"', { operation: 'createSession', sessionSettings: { maxTokens: 'lots' } }, 'Invalid request body: body.max_response_output_tokens must be an integer from 1 to 4096 or "inf", got "lots"'],
		['expires 5 s (GA)', { operation: 'createClientSecret', expiresAfterSeconds: 5 }, 'Invalid request body: body.expires_after.seconds must be greater than or equal to 10, got 5'],
		['expires 7201 s (beta)', { operation: 'createSession', sessionSettings: { expiresAfterSeconds: 7201 } }, 'Invalid request body: body.client_secret.expires_after.seconds must be less than or equal to 7200, got 7201'],
		['expires 5 s (transcription)', { operation: 'createTranscriptionSession', transcriptionSessionSettings: { expiresAfterSeconds: 5 } }, 'Invalid request body: body.client_secret.expires_at.seconds must be greater than or equal to 10, got 5'],
		['VAD threshold 1.5', { operation: 'createClientSecret', turnDetection: { settings: { type: 'server_vad', threshold: 1.5 } } }, 'Invalid request body: body.session.audio.input.turn_detection.threshold must be less than or equal to 1, got 1.5'],
		['tools that are not JSON', { operation: 'createSession', sessionSettings: { tools: '[{"type":' } }, expect.stringMatching(/^Invalid request body: body\.tools must be array, got string "invalid JSON \(/)],
		['a tool without description', { operation: 'createClientSecret', realtimeSettings: { tools: '[{"type":"function","name":"a","parameters":{"type":"object"}}]' } }, 'Invalid request body: body.session.tools.0.description is required (string)'],
		['a function tool choice without a name', { operation: 'createSession', sessionSettings: { toolChoice: 'function' } }, 'Invalid request body: body.tool_choice.name must not be empty, got ""'],
		['a transcription language that is not ISO-639-1', { operation: 'createTranscriptionSession', transcriptionSessionSettings: { transcriptionLanguage: 'English' } }, 'Invalid request body: body.input_audio_transcription.language must be an ISO-639-1 code such as "en", got "English"'],
	])('%s', async (_name, parameters, message) => {
		await expectRefused(parameters, message as string);
	});

	it('refuses a voice that is not in the list, read from the item', async () => {
		await expectRefused(
			{ operation: 'createClientSecret', voice: '={{ $json.voice }}' },
			`Invalid request body: body.session.audio.output.voice must be one of ${VOICE_LIST}, got "robot"`,
			[{ voice: 'robot' }],
		);
		await expectRefused({ operation: 'createSession', voice: '={{ $json.voice }}' }, `Invalid request body: body.voice must be one of ${VOICE_LIST}, got "robot"`, [{ voice: 'robot' }]);
	});
});

describe('JSON body override: the same schema', () => {
	it('gives the JSON body the same message as the typed field', async () => {
		await expectRefused({ operation: 'createSession', bodySource: 'json', sessionJson: '{"temperature": 1.5}' }, 'Invalid request body: body.temperature must be less than or equal to 1.2, got 1.5');
		await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: '{"expires_after":{"anchor":"created_at","seconds":5}}' },
			'Invalid request body: body.expires_after.seconds must be greater than or equal to 10, got 5',
		);
	});

	it('reports JSON that does not parse, in a parameter or in an input field', async () => {
		await expectRefused({ operation: 'createSession', bodySource: 'inputField', bodyField: 'body' }, 'Invalid request body: body is not valid JSON: Unexpected end of JSON input', [{ body: '{"model": ' }]);
		await expectRefused({ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: '{"session": {' }, expect.stringMatching(/^Invalid request body: body is not valid JSON: /) as never);
	});

	it('refuses temperature on the GA endpoint, saying why and what to use instead', async () => {
		const run = await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify({ session: { type: 'realtime', temperature: 0.9 } }) },
			'Invalid request body: body.session.temperature is not accepted by POST /realtime/client_secrets: GA realtime sessions have no temperature. Remove it, or use the Create Session (beta) operation, which takes 0.6–1.2, got 0.9',
		);
		expect(nodeError(run, 'Node')?.context?.field).toBe('body.session.temperature');
	});

	it('names unknown fields with the allowed ones, and every problem in the description', async () => {
		const run = await expectRefused(
			{ operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify({ temprature: 0.8, voice: 'robot' }) },
			`Invalid request body: body.voice must be one of ${VOICE_LIST}, got "robot" (and 1 more problem)`,
		);
		expect(nodeError(run, 'Node')?.description).toBe(
			`body.voice must be one of ${VOICE_LIST}, got "robot"\n` +
				'body has unknown field "temprature"; allowed fields: model, modalities, instructions, voice, input_audio_format, output_audio_format, ' +
				'input_audio_transcription, input_audio_noise_reduction, turn_detection, tools, tool_choice, temperature, max_response_output_tokens, speed, tracing, client_secret',
		);
	});

	it('refuses fields of the other VAD type and GA-only fields on beta', async () => {
		await expectRefused(
			{ operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify({ turn_detection: { type: 'semantic_vad', threshold: 0.5 } }) },
			'Invalid request body: body.turn_detection.threshold applies only to server_vad, not semantic_vad, got 0.5',
		);
		await expectRefused(
			{ operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify({ turn_detection: { type: 'server_vad', idle_timeout_ms: 100 } }) },
			'Invalid request body: body.turn_detection has unknown field "idle_timeout_ms"; allowed fields: type, threshold, prefix_padding_ms, silence_duration_ms, create_response, interrupt_response, eagerness',
		);
	});

	it('refuses a GA session of unknown type and a missing input field', async () => {
		await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify({ session: { type: 'voice' } }) },
			'Invalid request body: body.session.type must be one of "realtime", "transcription", got "voice"',
		);
		await expectRefused({ operation: 'createClientSecret', bodySource: 'inputField', bodyField: 'openai' }, 'Input item 1 has no field "openai" holding a request body', [{ other: 1 }]);
	});
});

describe('every item is validated before the first request', () => {
	it('stops the run with nothing sent when any item is bad', async () => {
		await expectRefused(
			{ operation: 'createClientSecret', voice: '={{ $json.voice }}' },
			`Invalid request body: body.session.audio.output.voice must be one of ${VOICE_LIST}, got "robot"`,
			[{ voice: 'ash' }, { voice: 'robot' }, { voice: 'sage' }],
		);
	});

	it('under continue-on-fail, the bad item becomes a paired error row naming the field; the others are sent', async () => {
		openAi().post('/v1/realtime/client_secrets').times(2).reply(200, gaRealtimeResponse());

		const run = await runNode({ operation: 'createClientSecret', voice: '={{ $json.voice }}' }, [{ voice: 'ash' }, { voice: 'robot' }, { voice: 'sage' }], { continueOnFail: true });

		const items = outputItems(run, 'Node');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.clientSecret).toBe('ek_test_client_secret_1');
		expect(items[1].json).toEqual({
			error: `Invalid request body: body.session.audio.output.voice must be one of ${VOICE_LIST}, got "robot"`,
			description: `body.session.audio.output.voice must be one of ${VOICE_LIST}, got "robot"`,
			field: 'body.session.audio.output.voice',
		});
		expect(items[2].json.clientSecret).toBe('ek_test_client_secret_1');
	});
});
