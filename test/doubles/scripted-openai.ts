/**
 * TEST DOUBLE. A scripted, deterministic stand-in for an OpenAI-compatible provider (the kind of
 * server Ollama, vLLM or llama.cpp expose), bound to 127.0.0.1. It is not a model: the chat reply is
 * whatever the test's script returns for the conversation it receives, and a transcription is the
 * next line the test queued. It exists so the worker's real `openai-compatible` LLM and STT code
 * paths can be exercised end to end without a network or a key.
 *
 * Endpoints: POST /v1/chat/completions (SSE stream with usage, or one JSON answer when not streamed), POST /v1/audio/transcriptions,
 * POST /v1/audio/speech (24 kHz PCM tone, for the openai-compatible TTS provider).
 * Every request is recorded with the time the double itself spent before its first byte, so
 * benchmarks can subtract the providers' own time from what they measure; a transcription request
 * also with the seconds of audio it carried (from its WAV header), so a test can tell how much of
 * what the caller said reached the STT.
 *
 * Faults, injected per endpoint for the next requests (`fail('chat', 'status-500', 4)`):
 * `status-500` (an OpenAI-style 500 error answer), `cut` (chat: a streamed reply that stops after a
 * few words, the connection destroyed), `hang` (no answer at all; the connection stays open until the
 * client gives up or the double closes).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readBody } from './http';

export interface ChatMessage {
	role: string;
	content?: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
	stream?: boolean;
}

export interface ScriptedReply {
	content?: string;
	toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
}

export type ChatScript = (request: ChatRequest) => ScriptedReply;

export interface RecordedRequest {
	path: string;
	/** Milliseconds from receiving the request to writing the first response byte. */
	firstByteMs: number;
	body: ChatRequest | { bytes: number } | Record<string, unknown>;
}

export type Endpoint = 'chat' | 'transcription' | 'speech';
export type Fault = 'status-500' | 'cut' | 'hang';

/** A transcription request as recorded: the audio it carried and the text it was given. */
export interface TranscriptionBody {
	bytes: number;
	text: string;
	/** Seconds of audio in the uploaded WAV (0 when none could be read). */
	seconds: number;
	sampleRate?: number;
}

export interface ScriptedOpenAi {
	/** e.g. http://127.0.0.1:41234/v1 */
	baseUrl: string;
	requests: RecordedRequest[];
	/** The transcription requests so far, in order. */
	transcriptions(): TranscriptionBody[];
	/** The next `times` requests to `endpoint` fail with `fault` (added after faults already queued). */
	fail(endpoint: Endpoint, fault: Fault, times?: number): void;
	/** Requests answered with a fault so far. */
	faults: Array<{ endpoint: Endpoint; fault: Fault; path: string }>;
	/** Queue what the next transcription requests return, in order. */
	queueTranscripts(...texts: string[]): void;
	close(): Promise<void>;
}

export interface ScriptedOpenAiOptions {
	chat: ChatScript;
	/** Simulated provider latency before the first byte of every answer (default 0). */
	latencyMs?: number;
	/** Returned when no transcript is queued (default ''). */
	defaultTranscript?: string;
}

/** The text of a chat message whatever shape the client used for its content. */
export function messageText(message: ChatMessage | undefined): string {
	if (!message?.content) return '';
	if (typeof message.content === 'string') return message.content;
	return message.content.map((part) => part.text ?? '').join('');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(id: string, model: string, delta: Record<string, unknown>, finishReason: string | null = null) {
	return { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

/** Seconds of audio in the first WAV file found in a (multipart) body: RIFF header, then its data chunk. */
export function wavSeconds(body: Buffer): { seconds: number; sampleRate?: number } {
	const riff = body.indexOf('RIFF');
	if (riff < 0 || body.toString('ascii', riff + 8, riff + 12) !== 'WAVE') return { seconds: 0 };
	const channels = body.readUInt16LE(riff + 22);
	const sampleRate = body.readUInt32LE(riff + 24);
	const bits = body.readUInt16LE(riff + 34);
	const data = body.indexOf('data', riff + 12);
	if (data < 0 || !sampleRate || !channels || !bits) return { seconds: 0, sampleRate };
	const declared = body.readUInt32LE(data + 4);
	// The multipart boundary follows the file: trust the header unless the body is shorter.
	const available = Math.min(declared, body.length - (data + 8));
	return { seconds: available / (sampleRate * channels * (bits / 8)), sampleRate };
}

/** Splits a reply into word-sized deltas, the way a real model streams. */
function contentDeltas(text: string): string[] {
	return text.match(/\S+\s*/g) ?? [];
}

export async function startScriptedOpenAi(options: ScriptedOpenAiOptions): Promise<ScriptedOpenAi> {
	const transcripts: string[] = [];
	const requests: RecordedRequest[] = [];
	const queuedFaults: Record<Endpoint, Fault[]> = { chat: [], transcription: [], speech: [] };
	const faults: ScriptedOpenAi['faults'] = [];
	const hanging = new Set<ServerResponse>();
	let counter = 0;

	const server: Server = createServer(async (request, response) => {
		const received = Date.now();
		const body = await readBody(request);
		const path = (request.url ?? '').split('?')[0];
		const record = (recordedBody: RecordedRequest['body']) => requests.push({ path, firstByteMs: Date.now() - received, body: recordedBody });
		if (options.latencyMs) await sleep(options.latencyMs);
		const endpoint: Endpoint | undefined = path.endsWith('/chat/completions') ? 'chat' : path.endsWith('/audio/transcriptions') ? 'transcription' : path.endsWith('/audio/speech') ? 'speech' : undefined;
		const fault = endpoint && request.method === 'POST' ? queuedFaults[endpoint].shift() : undefined;
		if (endpoint && fault) {
			faults.push({ endpoint, fault, path });
			if (fault === 'status-500') {
				record({ fault });
				response.writeHead(500, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ error: { message: 'scripted double: injected server error', type: 'server_error' } }));
				return;
			}
			if (fault === 'hang') {
				record({ fault });
				hanging.add(response);
				response.on('close', () => hanging.delete(response));
				return;
			}
		}

		if (request.method === 'POST' && path.endsWith('/chat/completions')) {
			const chat = JSON.parse(body.toString('utf8')) as ChatRequest;
			const reply = options.chat(chat);
			const id = `chatcmpl-scripted-${++counter}`;
			const deltas = contentDeltas(reply.content ?? '');
			const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({ index, id: `call_${counter}_${index}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
			const finishReason = toolCalls.length ? 'tool_calls' : 'stop';
			const promptTokens = chat.messages.reduce((sum, message) => sum + Math.ceil(messageText(message).length / 4), 0);
			const completionTokens = deltas.length + 5 * toolCalls.length;
			const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
			const created = Math.floor(Date.now() / 1000);
			if (!chat.stream) {
				// A client that does not stream (n8n's OpenAI Chat Model inside an AI Agent) gets one JSON answer.
				record(chat);
				const message = { role: 'assistant', content: reply.content ?? null, ...(toolCalls.length ? { tool_calls: toolCalls.map(({ index: _index, ...call }) => call) } : {}) };
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ id, object: 'chat.completion', created, model: chat.model, choices: [{ index: 0, message, finish_reason: finishReason }], usage }));
				return;
			}
			response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
			send(chunk(id, chat.model, { role: 'assistant', content: '' }));
			record(chat);
			if (fault === 'cut') {
				// A few words of the reply arrive, then the connection is lost mid-stream.
				for (const piece of (deltas.length ? deltas : ['Let', 'me', 'see']).slice(0, 3)) send(chunk(id, chat.model, { content: piece.endsWith(' ') ? piece : `${piece} ` }));
				await sleep(100);
				response.socket?.destroy();
				return;
			}
			for (const piece of deltas) send(chunk(id, chat.model, { content: piece }));
			for (const call of toolCalls) send(chunk(id, chat.model, { tool_calls: [call] }));
			send(chunk(id, chat.model, {}, finishReason));
			send({ id, object: 'chat.completion.chunk', created, model: chat.model, choices: [], usage });
			response.end('data: [DONE]\n\n');
			return;
		}

		if (request.method === 'POST' && path.endsWith('/audio/transcriptions')) {
			const text = transcripts.shift() ?? options.defaultTranscript ?? '';
			record({ bytes: body.length, text, ...wavSeconds(body) } satisfies TranscriptionBody);
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ text }));
			return;
		}

		if (request.method === 'POST' && path.endsWith('/audio/speech')) {
			const speech = JSON.parse(body.toString('utf8')) as { input: string };
			// 24 kHz mono s16le, 60 ms of a soft tone per character: audible, deterministic, cheap.
			const samples = 24_000 * 0.06 * Math.max(1, speech.input.length);
			const pcm = Buffer.alloc(samples * 2);
			for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / 24_000)), i * 2);
			record(speech);
			response.writeHead(200, { 'content-type': 'audio/pcm' });
			response.end(pcm);
			return;
		}

		response.writeHead(404, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ error: { message: `scripted double has no ${request.method} ${path}`, type: 'invalid_request_error' } }));
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		queueTranscripts: (...texts) => transcripts.push(...texts),
		transcriptions: () => requests.filter((r) => r.path.endsWith('/audio/transcriptions') && 'text' in r.body).map((r) => r.body as TranscriptionBody),
		fail: (endpoint, fault, times = 1) => queuedFaults[endpoint].push(...Array<Fault>(times).fill(fault)),
		faults,
		close: () =>
			new Promise<void>((resolve) => {
				for (const response of hanging) response.destroy();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
