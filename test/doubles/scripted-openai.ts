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
 * benchmarks can subtract the providers' own time from what they measure.
 */
import { createServer, type Server } from 'node:http';
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

export interface ScriptedOpenAi {
	/** e.g. http://127.0.0.1:41234/v1 */
	baseUrl: string;
	requests: RecordedRequest[];
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

/** Splits a reply into word-sized deltas, the way a real model streams. */
function contentDeltas(text: string): string[] {
	return text.match(/\S+\s*/g) ?? [];
}

export async function startScriptedOpenAi(options: ScriptedOpenAiOptions): Promise<ScriptedOpenAi> {
	const transcripts: string[] = [];
	const requests: RecordedRequest[] = [];
	let counter = 0;

	const server: Server = createServer(async (request, response) => {
		const received = Date.now();
		const body = await readBody(request);
		const path = (request.url ?? '').split('?')[0];
		const record = (recordedBody: RecordedRequest['body']) => requests.push({ path, firstByteMs: Date.now() - received, body: recordedBody });
		if (options.latencyMs) await sleep(options.latencyMs);

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
			for (const piece of deltas) send(chunk(id, chat.model, { content: piece }));
			for (const call of toolCalls) send(chunk(id, chat.model, { tool_calls: [call] }));
			send(chunk(id, chat.model, {}, finishReason));
			send({ id, object: 'chat.completion.chunk', created, model: chat.model, choices: [], usage });
			response.end('data: [DONE]\n\n');
			return;
		}

		if (request.method === 'POST' && path.endsWith('/audio/transcriptions')) {
			const text = transcripts.shift() ?? options.defaultTranscript ?? '';
			record({ bytes: body.length, text });
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
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
