/**
 * Reads a webhook LLM's answer as it arrives, as pieces of text to speak (and the usage, when the
 * answer reports it). Accepted answers, by content type:
 *
 * - `application/x-ndjson`, or JSON whose first line is `{"type": "begin"|"item"|"end"|"error", …}`
 *   (n8n's streaming response): each `item` line's `content` is yielded as soon as its line is
 *   complete; `begin`/`end` lines are markers; an `error` line ends the answer with an error.
 * - any other JSON (read whole): a JSON string is the text; an object's text is the first string
 *   among `text`, `output` (n8n's AI Agent node), `reply`, `content`, `message`, and its `usage:
 *   {prompt_tokens, completion_tokens}` (OpenAI's names) is reported when present.
 * - anything else (`text/plain`, …): the body as text, each chunk yielded as it arrives.
 *
 * An answer that fits none of these throws `WebhookAnswerError`, whose message says what was expected.
 * An answer that stops arriving (no bytes for `idleMs` between two chunks, or before the first one
 * after the headers) throws `WebhookStallError`, and its body is cancelled.
 */
import { contentTypeOf, formatSeconds } from '../../webhooks/post';

export type AnswerPart = { text: string } | { usage: { promptTokens: number; completionTokens: number } };

/** The answer arrived but cannot be spoken (or the workflow reported an error): not worth a retry. */
export class WebhookAnswerError extends Error {
	override name = 'WebhookAnswerError';
}

/** The answer started, then nothing more arrived for `idleMs`: the workflow hangs (or the connection). */
export class WebhookStallError extends Error {
	override name = 'WebhookStallError';

	constructor(readonly idleMs: number) {
		super(`the LLM webhook's answer stalled: nothing arrived for ${formatSeconds(idleMs)}`);
	}
}

export interface ReadAnswerOptions {
	/** Milliseconds the body may go without a byte (the webhook LLM uses its `timeout`). */
	idleMs: number;
}

const TEXT_KEYS = ['text', 'output', 'reply', 'content', 'message'] as const;
const LINE_TYPES = new Set(['begin', 'item', 'end', 'error']);

export async function* readAnswer(response: Response, options: ReadAnswerOptions): AsyncGenerator<AnswerPart> {
	const type = contentTypeOf(response);
	const chunks = textChunks(response, options.idleMs);
	if (type === 'application/x-ndjson') return yield* jsonLines(chunks, '');
	if (!type.includes('json')) {
		for await (const text of chunks) if (text) yield { text };
		return;
	}
	// JSON: n8n streams JSON lines under application/json too, so look at the first line to tell.
	// (`next()` by hand: leaving a for-await loop would close the body.)
	let buffered = '';
	for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
		buffered += next.value;
		if (buffered.trimStart().includes('\n')) break;
	}
	if (isStreamLine(buffered.trimStart().split('\n')[0])) return yield* jsonLines(chunks, buffered);
	for await (const text of chunks) buffered += text;
	yield* wholeJson(buffered);
}

/** The body as text, chunk by chunk; only the wait for each chunk counts against `idleMs`. */
async function* textChunks(response: Response, idleMs: number): AsyncGenerator<string> {
	if (!response.body) return;
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	try {
		for (;;) {
			const { done, value } = await withinIdle(reader.read(), idleMs);
			if (done) break;
			yield decoder.decode(value, { stream: true });
		}
	} finally {
		// Frees the connection when the answer stalled or the reader stopped early (an interruption);
		// a no-op on a body read to its end.
		await reader.cancel().catch(() => undefined);
	}
	const rest = decoder.decode();
	if (rest) yield rest;
}

async function withinIdle<T>(read: Promise<T>, idleMs: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const stalled = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new WebhookStallError(idleMs)), idleMs)));
	try {
		return await Promise.race([read, stalled]);
	} finally {
		clearTimeout(timer);
	}
}

function isStreamLine(line: string): boolean {
	try {
		const value = JSON.parse(line) as { type?: unknown };
		return typeof value === 'object' && value !== null && LINE_TYPES.has(value.type as string);
	} catch {
		return false;
	}
}

async function* jsonLines(chunks: AsyncGenerator<string>, start: string): AsyncGenerator<AnswerPart> {
	let buffered = start;
	const take = function* (final: boolean): Generator<AnswerPart> {
		const lines = buffered.split('\n');
		buffered = final ? '' : lines.pop()!;
		for (const line of lines) yield* streamLine(line);
	};
	yield* take(false);
	for await (const text of chunks) {
		buffered += text;
		yield* take(false);
	}
	yield* take(true);
}

function* streamLine(line: string): Generator<AnswerPart> {
	if (!line.trim()) return;
	let value: { type?: unknown; content?: unknown };
	try {
		value = JSON.parse(line) as typeof value;
	} catch {
		throw new WebhookAnswerError(`the streamed answer has a line that is not JSON: ${line.slice(0, 80)}`);
	}
	if (value?.type === 'item' && value.content !== undefined && value.content !== null) {
		yield { text: typeof value.content === 'string' ? value.content : JSON.stringify(value.content) };
	} else if (value?.type === 'error') {
		throw new WebhookAnswerError(`the workflow reported an error: ${typeof value.content === 'string' ? value.content : JSON.stringify(value.content ?? null)}`);
	}
}

function* wholeJson(body: string): Generator<AnswerPart> {
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		throw new WebhookAnswerError(`the answer says it is JSON but is not: ${body.slice(0, 80)}`);
	}
	if (typeof value === 'string') {
		yield { text: value };
		return;
	}
	const object = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
	const key = TEXT_KEYS.find((name) => typeof object[name] === 'string');
	if (!key) throw new WebhookAnswerError(`the JSON answer has no text: expected a string, or an object with a string ${TEXT_KEYS.join(', ')}`);
	yield { text: object[key] as string };
	const usage = object.usage as { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined;
	if (usage && (typeof usage.prompt_tokens === 'number' || typeof usage.completion_tokens === 'number')) {
		yield { usage: { promptTokens: Number(usage.prompt_tokens) || 0, completionTokens: Number(usage.completion_tokens) || 0 } };
	}
}
