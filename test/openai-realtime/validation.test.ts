/**
 * Bad typed fields fail in `prepare`, naming the field and its range, before any request: the fields
 * build a body that goes through the same vendor schema as a JSON body, so they fail with the same words.
 */
import { nodeError } from '../harness/engine';
import { isolateNetwork } from '../harness/fixtures';
import { expectRefused } from './fixtures';

isolateNetwork();

const INVALID = 'Invalid request body: ';
const GA_VAD = 'body.session.audio.input.turn_detection';

describe('ranges of the typed fields', () => {
	it.each([
		{
			name: 'temperature 1.5 (Create Session)',
			parameters: { operation: 'createSession', sessionSettings: { temperature: 1.5 } },
			message: 'body.temperature must be less than or equal to 1.2, got 1.5',
		},
		{
			name: 'temperature "0.5" given as text (Create Session)',
			parameters: { operation: 'createSession', sessionSettings: { temperature: '={{ "0.5" }}' } },
			message: 'body.temperature must be greater than or equal to 0.6, got 0.5',
		},
		{
			name: 'speed 2 (Create Client Secret)',
			parameters: { operation: 'createClientSecret', realtimeSettings: { speed: 2 } },
			message: 'body.session.audio.output.speed must be less than or equal to 1.5, got 2',
		},
		{
			name: 'speed 2 (Create Session)',
			parameters: { operation: 'createSession', sessionSettings: { speed: 2 } },
			message: 'body.speed must be less than or equal to 1.5, got 2',
		},
		{
			name: 'max tokens 5000 (GA)',
			parameters: { operation: 'createClientSecret', realtimeSettings: { maxTokens: '5000' } },
			message: 'body.session.max_output_tokens must be an integer from 1 to 4096 or "inf", got 5000',
		},
		{
			name: 'max tokens 5000 (beta)',
			parameters: { operation: 'createSession', sessionSettings: { maxTokens: '5000' } },
			message: 'body.max_response_output_tokens must be an integer from 1 to 4096 or "inf", got 5000',
		},
		{
			name: 'max tokens "lots"',
			parameters: { operation: 'createSession', sessionSettings: { maxTokens: 'lots' } },
			message: 'body.max_response_output_tokens must be an integer from 1 to 4096 or "inf", got "lots"',
		},
		{
			name: 'expires 5 s (GA)',
			parameters: { operation: 'createClientSecret', expiresAfterSeconds: 5 },
			message: 'body.expires_after.seconds must be greater than or equal to 10, got 5',
		},
		{
			name: 'expires "ten minutes" (GA)',
			parameters: { operation: 'createClientSecret', expiresAfterSeconds: '={{ "ten minutes" }}' },
			message: 'body.expires_after.seconds must be number, got string "ten minutes"',
		},
		{
			name: 'expires 7201 s (beta)',
			parameters: { operation: 'createSession', sessionSettings: { expiresAfterSeconds: 7201 } },
			message: 'body.client_secret.expires_after.seconds must be less than or equal to 7200, got 7201',
		},
		{
			name: 'expires 5 s (transcription)',
			parameters: { operation: 'createTranscriptionSession', transcriptionSessionSettings: { expiresAfterSeconds: 5 } },
			message: 'body.client_secret.expires_at.seconds must be greater than or equal to 10, got 5',
		},
		{
			name: 'VAD threshold "1.5" given as text',
			parameters: { operation: 'createClientSecret', turnDetection: { settings: { type: 'server_vad', threshold: '={{ "1.5" }}' } } },
			message: `${GA_VAD}.threshold must be less than or equal to 1, got 1.5`,
		},
		{
			name: 'a tool without a name',
			parameters: { operation: 'createClientSecret', realtimeSettings: { tools: '[{"type":"function","description":"Hang up"}]' } },
			message: 'body.session.tools.0.name is required (string)',
		},
		{
			name: 'a tool with a field the API does not know: the allowed ones of a function tool are listed',
			parameters: { operation: 'createClientSecret', realtimeSettings: { tools: '[{"type":"function","name":"hang_up","meta":1}]' } },
			message: 'body.session.tools.0 has unknown field "meta"; allowed fields: type, name, description, parameters',
		},
		{
			name: 'a custom voice with a field the API does not know (a plain union: the object option is found)',
			parameters: { operation: 'createClientSecret', voice: '={{ {"id": "voice_123", "speed": 1} }}' },
			message: 'body.session.audio.output.voice has unknown field "speed"; allowed fields: id',
		},
		{
			name: 'a key that names the prototype in a tool, refused by name',
			parameters: { operation: 'createClientSecret', realtimeSettings: { tools: '[{"type":"function","name":"hang_up","parameters":{"type":"object","__proto__":{"x":1}}}]' } },
			message: 'body.session.tools.0.parameters has the key "__proto__", which is not allowed ("__proto__", "constructor", "prototype" would change the object itself, not add data); rename it',
		},
		{
			name: 'a function tool choice without a name',
			parameters: { operation: 'createSession', sessionSettings: { toolChoice: 'function' } },
			message: 'body.tool_choice.name must not be empty, got ""',
		},
		{
			name: 'a transcription language that is not a two-letter ISO-639-1 code',
			parameters: { operation: 'createTranscriptionSession', transcriptionSessionSettings: { transcriptionLanguage: 'eng' } },
			message: 'body.input_audio_transcription.language must be a two-letter ISO-639-1 code such as "en", got "eng"',
		},
		{
			name: 'a voice that is a number (GA)',
			parameters: { operation: 'createClientSecret', voice: '={{ 42 }}' },
			message: 'body.session.audio.output.voice must be a voice name such as "marin", or a custom voice {"id":"voice_…"}, got 42',
		},
		{
			name: 'a voice that is a number (beta)',
			parameters: { operation: 'createSession', voice: '={{ 42 }}' },
			message: 'body.voice must be string, got number 42',
		},
	])('$name', async ({ parameters, message }) => {
		await expectRefused(parameters, `${INVALID}${message}`);
	});
});

describe('option values from expressions are checked, not converted', () => {
	it.each([
		{
			name: 'an unknown tracing value',
			parameters: { operation: 'createClientSecret', realtimeSettings: { tracing: '={{ "verbose" }}' } },
			message: 'body.session.tracing must be "auto", null or {"workflow_name", "group_id", "metadata"}, got "verbose"',
		},
		{
			name: 'an unknown turn detection type',
			parameters: { operation: 'createSession', turnDetection: { settings: { type: '={{ "smart_vad" }}' } } },
			message: 'body.turn_detection.type must be one of "server_vad", "semantic_vad", got "smart_vad"',
		},
		{
			name: 'a turn detection type of null',
			parameters: { operation: 'createClientSecret', turnDetection: { settings: { type: '={{ null }}' } } },
			message: `${GA_VAD}.type must be 'server_vad' | 'semantic_vad', got null`,
		},
		{
			name: 'unknown beta modalities',
			parameters: { operation: 'createSession', sessionSettings: { modalities: '={{ "video" }}' } },
			message: 'body.modalities must be array, got string "video"',
		},
		{
			name: 'an unknown noise reduction',
			parameters: { operation: 'createTranscriptionSession', transcriptionSessionSettings: { noiseReduction: '={{ "loud" }}' } },
			message: 'body.input_audio_noise_reduction.type must be one of "near_field", "far_field", got "loud"',
		},
	])('$name', async ({ parameters, message }) => {
		await expectRefused(parameters, `${INVALID}${message}`);
	});
});

describe('options that only apply with another choice', () => {
	it.each([
		{
			name: 'a tracing workflow name without Custom tracing',
			parameters: { operation: 'createClientSecret', realtimeSettings: { tracing: 'auto', tracingWorkflowName: 'support' } },
			message: '"Tracing Workflow Name" is set, but "Tracing" is not "Custom": choose Custom, or remove it',
			field: 'realtimeSettings.tracingWorkflowName',
		},
		{
			name: 'tracing metadata without any tracing choice',
			parameters: { operation: 'createSession', sessionSettings: { tracingMetadata: '{"plan":"pro"}' } },
			message: '"Tracing Metadata (JSON)" is set, but "Tracing" is not "Custom": choose Custom, or remove it',
			field: 'sessionSettings.tracingMetadata',
		},
		{
			name: 'a tool choice function name without "A Specific Function"',
			parameters: { operation: 'createSession', sessionSettings: { toolChoice: 'required', toolChoiceFunction: 'book_slot' } },
			message: '"Tool Choice Function Name" is set, but "Tool Choice" is not "A Specific Function": choose that, or remove the name',
			field: 'sessionSettings.toolChoiceFunction',
		},
		{
			name: 'a transcription language without a transcription model',
			parameters: { operation: 'createClientSecret', realtimeSettings: { transcriptionLanguage: 'en' } },
			message: '"Transcription Language" is set, but "Transcription Model" is not set: set a transcription model, or remove this setting',
			field: 'realtimeSettings.transcriptionLanguage',
		},
		{
			name: 'a transcription prompt with an empty transcription model',
			parameters: { operation: 'createTranscriptionSession', transcriptionModel: '', transcriptionSessionSettings: { transcriptionPrompt: 'Names' } },
			message: '"Transcription Prompt" is set, but "Transcription Model" is not set: set a transcription model, or remove this setting',
			field: 'transcriptionSessionSettings.transcriptionPrompt',
		},
	])('$name', async ({ parameters, message, field }) => {
		const run = await expectRefused(parameters, message);
		expect(nodeError(run, 'Node')?.context?.field).toBe(field);
	});
});

describe('JSON fields', () => {
	it.each([
		{
			name: 'tools that are not JSON',
			parameters: { operation: 'createSession', sessionSettings: { tools: '[{"type":' } },
			message: /^"Tools \(JSON\)" is not valid JSON: /,
			field: 'sessionSettings.tools',
		},
		{
			name: 'tracing metadata that is not JSON',
			parameters: { operation: 'createClientSecret', realtimeSettings: { tracing: 'custom', tracingMetadata: '{plan: pro}' } },
			message: /^"Tracing Metadata \(JSON\)" is not valid JSON: /,
			field: 'realtimeSettings.tracingMetadata',
		},
		{
			name: 'tracing metadata that is a list',
			parameters: { operation: 'createClientSecret', realtimeSettings: { tracing: 'custom', tracingMetadata: '["pro"]' } },
			message: /^"Tracing Metadata \(JSON\)" must be a JSON object \(\{ … \}\), got a list$/,
			field: 'realtimeSettings.tracingMetadata',
		},
	])('$name names the parameter', async ({ parameters, message, field }) => {
		const run = await expectRefused(parameters, message);
		expect(nodeError(run, 'Node')?.context?.field).toBe(field);
	});
});
