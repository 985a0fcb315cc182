/**
 * A JSON body (parameter or input item field) goes through the same schema as the typed fields; every
 * item is validated before the first request, and a bad item under continue-on-fail is its own row.
 */
import { nodeError, outputItems } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { expectRefused, GA_DEFAULT_BODY, gaRealtimeResponse, openAi, runNode } from './fixtures';

isolateNetwork();

const BETA_FIELDS =
	'model, modalities, instructions, voice, input_audio_format, output_audio_format, input_audio_transcription, input_audio_noise_reduction, ' +
	'turn_detection, tools, tool_choice, temperature, max_response_output_tokens, speed, tracing, client_secret';
const GA_VOICE_MESSAGE = 'body.session.audio.output.voice must be a voice name such as "marin", or a custom voice {"id":"voice_…"}';
/** The GA body the typed fields build for a voice. */
const gaBodyWithVoice = (voice: string) => ({ ...GA_DEFAULT_BODY, session: { ...GA_DEFAULT_BODY.session, audio: { output: { voice } } } });

describe('JSON body override: the same schema', () => {
	it('gives the JSON body the same message as the typed field', async () => {
		await expectRefused(
			{ operation: 'createSession', bodySource: 'json', sessionJson: '{"temperature": 1.5}' },
			'Invalid request body: body.temperature must be less than or equal to 1.2, got 1.5',
		);
		await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: '{"expires_after":{"anchor":"created_at","seconds":5}}' },
			'Invalid request body: body.expires_after.seconds must be greater than or equal to 10, got 5',
		);
	});

	it('reports JSON that does not parse, in a parameter or in an input field', async () => {
		await expectRefused(
			{ operation: 'createSession', bodySource: 'inputField', bodyField: 'body' },
			'Invalid request body: body is not valid JSON: Unexpected end of JSON input',
			[{ body: '{"model": ' }],
		);
		await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: '{"session": {' },
			/^Invalid request body: body is not valid JSON: /,
		);
	});

	it('refuses temperature on the GA endpoint, saying why and what to use instead', async () => {
		const run = await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify({ session: { type: 'realtime', temperature: 0.9 } }) },
			'Invalid request body: body.session.temperature is not accepted by POST /realtime/client_secrets: GA realtime sessions have no temperature. ' +
				'Remove it, or use the Create Session (beta) operation, which takes 0.6–1.2, got 0.9',
		);
		expect(nodeError(run, 'Node')?.context?.field).toBe('body.session.temperature');
	});

	it('names unknown fields with the allowed ones, and every problem in the description', async () => {
		const run = await expectRefused(
			{ operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify({ temprature: 0.8, voice: '' }) },
			'Invalid request body: body.voice must not be empty, got "" (and 1 more problem)',
		);
		expect(nodeError(run, 'Node')?.description).toBe(`body.voice must not be empty, got ""\nbody has unknown field "temprature"; allowed fields: ${BETA_FIELDS}`);
	});

	it('refuses fields of the other VAD type and GA-only fields on beta', async () => {
		await expectRefused(
			{ operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify({ turn_detection: { type: 'semantic_vad', threshold: 0.5 } }) },
			'Invalid request body: body.turn_detection.threshold applies only to server_vad, not semantic_vad, got 0.5',
		);
		await expectRefused(
			{ operation: 'createSession', bodySource: 'json', sessionJson: JSON.stringify({ turn_detection: { type: 'server_vad', idle_timeout_ms: 100 } }) },
			'Invalid request body: body.turn_detection has unknown field "idle_timeout_ms"; allowed fields: ' +
				'type, threshold, prefix_padding_ms, silence_duration_ms, create_response, interrupt_response, eagerness',
		);
	});

	it('refuses create_response / interrupt_response on transcription sessions, beta and GA', async () => {
		await expectRefused(
			{
				operation: 'createTranscriptionSession',
				bodySource: 'json',
				transcriptionSessionJson: JSON.stringify({ turn_detection: { type: 'server_vad', create_response: true } }),
			},
			'Invalid request body: body.turn_detection.create_response is not available for transcription sessions (they never answer); remove it, got true',
		);
		const session = { type: 'transcription', audio: { input: { turn_detection: { type: 'semantic_vad', interrupt_response: false } } } };
		await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify({ session }) },
			'Invalid request body: body.session.audio.input.turn_detection.interrupt_response is not available for transcription sessions ' +
				'(they never answer); remove it, got false',
		);
	});

	it('refuses a GA session of unknown type, a bad custom voice and a missing input field', async () => {
		await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'json', clientSecretJson: JSON.stringify({ session: { type: 'voice' } }) },
			'Invalid request body: body.session.type must be one of "realtime", "transcription", got "voice"',
		);
		await expectRefused(
			{
				operation: 'createClientSecret',
				bodySource: 'json',
				clientSecretJson: JSON.stringify({ session: { type: 'realtime', audio: { output: { voice: { name: 'x' } } } } }),
			},
			`Invalid request body: ${GA_VOICE_MESSAGE}, got {"name":"x"}`,
		);
		await expectRefused(
			{ operation: 'createClientSecret', bodySource: 'inputField', bodyField: 'openai' },
			'Input item 1 has no field "openai" holding a request body',
			[{ other: 1 }],
		);
	});
});

describe('every item is validated before the first request', () => {
	const records = [{ voice: 'ash' }, { voice: 42 }, { voice: 'sage' }];

	it('stops the run with nothing sent when any item is bad', async () => {
		await expectRefused({ operation: 'createClientSecret', voice: '={{ $json.voice }}' }, `Invalid request body: ${GA_VOICE_MESSAGE}, got 42`, records);
	});

	it('under continue-on-fail, the bad item becomes a paired error row naming the field; the others are sent', async () => {
		openAi()
			.post('/v1/realtime/client_secrets', gaBodyWithVoice('ash'))
			.reply(200, gaRealtimeResponse())
			.post('/v1/realtime/client_secrets', gaBodyWithVoice('sage'))
			.reply(200, gaRealtimeResponse());

		const run = await runNode({ operation: 'createClientSecret', voice: '={{ $json.voice }}' }, records, { continueOnFail: true });

		const items = outputItems(run, 'Node');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.clientSecret).toBe('ek_test_client_secret_1');
		expect(items[1].json).toEqual({
			error: `Invalid request body: ${GA_VOICE_MESSAGE}, got 42`,
			description: `${GA_VOICE_MESSAGE}, got 42`,
			field: 'body.session.audio.output.voice',
		});
		expect(items[2].json.clientSecret).toBe('ek_test_client_secret_1');
	});

	it('with "continue (using error output)", the bad item goes to the error output, paired; the others to Result', async () => {
		openAi()
			.post('/v1/realtime/client_secrets', gaBodyWithVoice('ash'))
			.reply(200, gaRealtimeResponse())
			.post('/v1/realtime/client_secrets', gaBodyWithVoice('sage'))
			.reply(200, gaRealtimeResponse());

		const run = await runNode({ operation: 'createClientSecret', voice: '={{ $json.voice }}' }, records, { errorOutput: true });

		expect(outputItems(run, 'Node', 0).map((item) => [item.json.clientSecret, item.pairedItem])).toEqual([
			['ek_test_client_secret_1', { item: 0 }],
			['ek_test_client_secret_1', { item: 2 }],
		]);
		expect(outputItems(run, 'Node', 1)).toHaveLength(3);
		const failed = outputItems(run, 'Node', 2);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(failed[0].json).toMatchObject({
			voice: 42,
			error: `Invalid request body: ${GA_VOICE_MESSAGE}, got 42`,
			details: { field: 'body.session.audio.output.voice' },
		});
	});
});
