/**
 * `webhook`: every reply is written by an HTTP endpoint, typically an n8n workflow (Realtime Voice
 * Trigger in LLM mode → AI Agent → Respond to Webhook, or the trigger's streaming response).
 *
 * Each LLM turn POSTs a signed `LlmReplyRequest` `{id, type: "llm.reply", sequence: 0, time, session,
 * metadata, data: {messages: [{role: "system"|"user"|"assistant", content}]}}` to `llm.default.url`:
 * the conversation so far, oldest first (the agent's instructions are the system message; tool calls
 * are not sent: the workflow has its own tools, and tools in `agent.tools` are not offered to this
 * LLM). The answer is spoken as it arrives; its forms are in `./webhookAnswer`.
 *
 * - Timeout: `llm.default.timeout` s (default 30) until the answer starts, and again between any two
 *   chunks of it: a streamed answer may take as long as it needs while it keeps arriving.
 * - Errors go through the framework's LLM retry (`connOptions.maxRetry`): a connection error or a 5xx
 *   answer is retried while nothing has been spoken yet; a timeout (the caller has already waited),
 *   a 4xx, or an answer that cannot be read is not.
 * - An answer that stalls (nothing for the timeout between chunks) ends the turn with what was
 *   spoken so far and an `llm_error` that is `recoverable: true` (→ `session.error`): not retried, as
 *   the user has waited already and what was said must not be said twice, and not counted toward
 *   closing the session, as the next turn may well work.
 * - Metrics: the framework's `llm_metrics` (time to first token = request → first text). Token counts
 *   are the answer's `usage: {prompt_tokens, completion_tokens}` when a JSON answer has one, else 0:
 *   the worker does not guess token counts for a model it does not know.
 */
import { APIConnectionError, APIStatusError, APITimeoutError, DEFAULT_API_CONNECT_OPTIONS, llm, type APIConnectOptions } from '@livekit/agents';

import { WEBHOOK_SECRET_ENV } from '../../../../src/events/signing';
import { LLM_REPLY_TYPE, type LlmReplyRequest } from '../../../../src/events/types';
import { describeUrl, formatSeconds, openSignedPost, WebhookError } from '../../webhooks/post';
import { envelope, type SessionScope } from '../../webhooks/session';
import { ProviderSetupError, requireEnv, type LlmProviderModule } from '../types';
import { readAnswer, WebhookAnswerError, WebhookStallError } from './webhookAnswer';

/** Seconds to wait for a webhook LLM's answer to start when `llm.default.timeout` is not set. */
export const DEFAULT_WEBHOOK_LLM_TIMEOUT_SECONDS = 30;

export interface WebhookLlmOptions {
	url: string;
	/** Milliseconds until the answer starts, and between two chunks of it. */
	timeoutMs: number;
	secret: string;
	scope: SessionScope;
}

type Message = LlmReplyRequest['data']['messages'][number];

/** The conversation as the webhook gets it: text messages only, `developer` sent as `system`. */
export function conversationOf(chatCtx: llm.ChatContext): Message[] {
	return chatCtx.items.flatMap((item): Message[] => {
		if (item.type !== 'message') return [];
		const content = item.textContent;
		if (!content) return [];
		return [{ role: item.role === 'developer' ? 'system' : item.role, content }];
	});
}

export class WebhookLLM extends llm.LLM {
	constructor(readonly options: WebhookLlmOptions) {
		super();
	}

	label(): string {
		return 'n8n-realtime-voice.WebhookLLM';
	}

	override get model(): string {
		return describeUrl(this.options.url);
	}

	override get provider(): string {
		return 'webhook';
	}

	chat({ chatCtx, toolCtx, connOptions = DEFAULT_API_CONNECT_OPTIONS }: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContextLike; connOptions?: APIConnectOptions }): llm.LLMStream {
		return new WebhookLLMStream(this, { chatCtx, toolCtx, connOptions });
	}
}

class WebhookLLMStream extends llm.LLMStream {
	readonly #owner: WebhookLLM;

	constructor(owner: WebhookLLM, options: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContextLike; connOptions: APIConnectOptions }) {
		super(owner, options);
		this.#owner = owner;
	}

	protected async run(): Promise<void> {
		const { url, timeoutMs, secret, scope } = this.#owner.options;
		const signal = this.abortController.signal;
		// A new id per attempt: each is its own request.
		const body: LlmReplyRequest = envelope(scope, LLM_REPLY_TYPE, { messages: conversationOf(this.chatCtx) });
		let spoken = false;
		try {
			const response = await openSignedPost(url, body, { secret, timeoutMs, signal });
			for await (const part of readAnswer(response, { idleMs: timeoutMs })) {
				if (signal.aborted) return;
				if ('usage' in part) {
					const { promptTokens, completionTokens } = part.usage;
					this.queue.put({ id: body.id, usage: { promptTokens, completionTokens, promptCachedTokens: 0, totalTokens: promptTokens + completionTokens } });
				} else if (part.text) {
					spoken = true;
					this.queue.put({ id: body.id, delta: { role: 'assistant', content: part.text } });
				}
			}
		} catch (error) {
			// An interruption cancels the request: not an error.
			if (signal.aborted) return;
			if (error instanceof WebhookStallError) {
				// Emitted here rather than thrown: a thrown error is retried or counted as unrecoverable.
				this.#owner.emit('error', { type: 'llm_error', timestamp: Date.now(), label: this.#owner.label(), error, recoverable: true });
				return;
			}
			throw asApiError(error as Error, spoken, timeoutMs);
		}
	}
}

/** The framework retries `retryable` API errors; anything already spoken must not be said twice. */
function asApiError(error: Error, spoken: boolean, timeoutMs: number): Error {
	if (error instanceof WebhookAnswerError) return error;
	if (error instanceof WebhookError) {
		if (error.kind === 'timeout') return new APITimeoutError({ message: `the LLM webhook did not answer within ${formatSeconds(timeoutMs)}`, options: { retryable: false } });
		if (error.kind === 'status') return new APIStatusError({ message: error.message, options: { statusCode: error.status, retryable: !spoken && error.retryable } });
		return new APIConnectionError({ message: error.message, options: { retryable: !spoken } });
	}
	// The body broke off while it was being read.
	return new APIConnectionError({ message: `the LLM webhook's answer broke off: ${error.message}`, options: { retryable: !spoken } });
}

export const webhookLlm: LlmProviderModule = {
	create: (config, env, context) => {
		const secret = requireEnv(env, WEBHOOK_SECRET_ENV, 'llm.default', 'webhook');
		if (!config.url) throw new ProviderSetupError('llm.default.url is required when llm.default.provider is "webhook"');
		if (!context) throw new ProviderSetupError('llm.default.provider "webhook" needs the session it answers for (the worker passes it)');
		return new WebhookLLM({ url: config.url, timeoutMs: (config.timeout ?? DEFAULT_WEBHOOK_LLM_TIMEOUT_SECONDS) * 1000, secret, scope: context.scope });
	},
};
