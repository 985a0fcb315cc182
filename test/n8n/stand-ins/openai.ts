/**
 * TEST STAND-IN for OpenAI Realtime, served under `/openai/v1/…` by the vendor stand-ins
 * (../vendor-stand-ins.ts). It is not OpenAI's service; it answers as ../shared/spec/apis.md § (c)
 * OpenAI Realtime documents: GA `POST /realtime/client_secrets` `{expires_after, session}` →
 * `{value: "ek_…", expires_at, session}` (the session echoed with an `id` and the server's defaults).
 */
import { randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { deepMerge } from '../../../nodes/shared/objects';
import { isObject, nowSeconds, type Answer, type Incoming, type Json, type VendorApi } from './common';

/** OpenAI — apis.md § (c). Error form: `{error: {message, type, param, code}}`. */
export function openAi(): VendorApi {
	const error = (status: number, message: string, code: string | null, param: string | null = null): Answer => ({
		status,
		body: { error: { message, type: 'invalid_request_error', param, code } },
		headers: { 'x-request-id': `req_${randomBytes(8).toString('hex')}` },
	});
	return {
		unauthorized: () => error(401, 'Incorrect API key provided.', 'invalid_api_key'),
		notFound: (req: Incoming) => error(404, `Invalid URL (${req.method} /v1${req.path.replace(/^\/v1/, '')})`, null),
		route(req: Incoming): Answer | undefined {
			if (req.method === 'POST' && req.path === '/v1/realtime/client_secrets') {
				const body = isObject(req.body) ? req.body : {};
				const seconds = Number((body.expires_after as Json | undefined)?.seconds ?? 600);
				if (!Number.isInteger(seconds) || seconds < 10 || seconds > 7200) return error(400, 'expires_after.seconds must be from 10 to 7200', 'invalid_value', 'expires_after.seconds');
				const given = isObject(body.session) ? body.session : {};
				if (given.type !== undefined && given.type !== 'realtime') return error(400, 'The stand-in answers realtime sessions only', 'invalid_value', 'session.type');
				const pcm = { type: 'audio/pcm', rate: 24000 };
				const defaults: Json = {
					type: 'realtime',
					object: 'realtime.session',
					id: `sess_${randomBytes(10).toString('hex')}`,
					model: 'gpt-realtime',
					output_modalities: ['audio'],
					instructions: '',
					tools: [],
					tool_choice: 'auto',
					max_output_tokens: 'inf',
					tracing: null,
					truncation: 'auto',
					prompt: null,
					expires_at: 0,
					include: null,
					audio: {
						input: { format: pcm, transcription: null, noise_reduction: null, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, idle_timeout_ms: null, create_response: true, interrupt_response: true } },
						output: { format: pcm, voice: 'marin', speed: 1 },
					},
				};
				// A turn detection given replaces the default one as a whole (its type decides its fields).
				const input = ((given.audio as Json | undefined)?.input as Json | undefined) ?? {};
				// The session is echoed over the server's defaults (objects merge, everything else replaces).
				const session = deepMerge(defaults as IDataObject, given as IDataObject);
				if (input.turn_detection !== undefined) ((session.audio as Json).input as Json).turn_detection = input.turn_detection;
				return { status: 200, body: { value: `ek_${randomBytes(16).toString('hex')}`, expires_at: nowSeconds() + seconds, session } };
			}
			return undefined;
		},
	};
}
