/**
 * The assistant configuration (UpliftAI Realtime Assistants `config`, seed 000), as one zod schema.
 *
 * The n8n nodes validate with it before sending anything, and the bundled LiveKit worker parses the
 * dispatch metadata with the very same module, so what a node accepts is exactly what the worker runs.
 * This file depends on zod alone: importing it never pulls the worker's LiveKit dependencies in.
 */
import { z } from 'zod';

import { SESSION_EVENT_TYPES } from '../events/types';
import {
	LLM_PROVIDERS,
	MAX_SESSION_TTL_SECONDS,
	STT_PROVIDERS,
	TTS_OUTPUT_FORMATS,
	TTS_PROVIDERS,
} from './providers';

/** OpenAI-style function names: the same tool name is the LLM function and the client's RPC method. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
export const TOOL_NAME_PATTERN = TOOL_NAME;

/**
 * A URL the nodes or the worker send requests to: http or https only. zod's `.url()` alone takes any
 * scheme (`javascript:`, `file:`, `ftp:`, `ws:`), although the message promises http(s).
 */
/** Whether `value` starts with `http://` or `https://` and a host. */
export const isHttpUrl = (value: string) => /^https?:\/\/[^/]/i.test(value);

const httpUrl = (example = '') =>
	z
		.string()
		.url(`must be an http(s) URL${example}`)
		.refine(isHttpUrl, `must start with http:// or https://${example}`);

const baseUrl = httpUrl(', e.g. http://127.0.0.1:11434/v1');

/** A JSON Schema for the tool's arguments: an object schema, as function calling requires. */
const toolParametersSchema = z
	.object({
		type: z.literal('object'),
		properties: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
		required: z.array(z.string()).optional(),
	})
	.passthrough();

/** Where the worker may send requests: events, webhook tools, the webhook LLM and MCP servers. */
export const webhookUrl = httpUrl();

const toolName = z.string().regex(TOOL_NAME, 'must be 1-64 characters of letters, digits, "_" or "-"');
const toolTimeout = z.number().positive().max(300);

/**
 * A tool that runs on the user's device over LiveKit RPC (UpliftAI's client protocol). A tool without
 * `type` is one of these, so every UpliftAI configuration stays valid as it is.
 */
export const toolSchema = z
	.object({
		type: z.literal('client').optional(),
		name: toolName,
		description: z.string().min(1, 'must not be empty'),
		parameters: toolParametersSchema,
		/** Seconds the agent waits for the client's RPC answer. */
		timeout: toolTimeout.optional(),
	})
	.strict();

/**
 * A tool answered by an HTTP endpoint, typically an n8n workflow started by the Realtime Voice Trigger
 * in Tool Call mode: the worker POSTs the validated arguments (signed) and the answer is the result.
 */
export const webhookToolSchema = z
	.object({
		type: z.literal('webhook'),
		name: toolName,
		description: z.string().min(1, 'must not be empty'),
		parameters: toolParametersSchema,
		url: webhookUrl,
		/** Seconds the agent waits for the answer (default DEFAULT_TOOL_TIMEOUT_SECONDS). */
		timeout: toolTimeout.optional(),
	})
	.strict();

/**
 * An MCP server (streamable HTTP) whose tools are offered to the LLM; the list is read when the
 * session starts and again whenever the server announces `notifications/tools/list_changed`.
 */
export const mcpToolSourceSchema = z
	.object({
		type: z.literal('mcp'),
		url: webhookUrl,
		/** Sent with every request to the server, e.g. `{"Authorization": "Bearer …"}`. */
		headers: z.record(z.string().min(1), z.string()).optional(),
		/** Only these of the server's tools are offered; all when absent. */
		allowedTools: z.array(toolName).min(1).optional(),
		/** Seconds one tool call may take (default DEFAULT_TOOL_TIMEOUT_SECONDS). */
		timeout: toolTimeout.optional(),
	})
	.strict();

/** `client` (or no `type`), `webhook` or `mcp`. */
export const toolEntrySchema = z.discriminatedUnion('type', [toolSchema, webhookToolSchema, mcpToolSourceSchema]);

/** Per-session values returned in the Create output and in every event: flat, JSON ≤ 8 KB. */
export const MAX_SESSION_METADATA_BYTES = 8 * 1024;
export const sessionMetadataSchema = z
	.record(
		z.string().min(1).max(64),
		z.custom<string | number | boolean>(
			(value) => typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)),
			'must be a string, number or boolean (metadata is flat)',
		),
	)
	.superRefine((metadata, ctx) => {
		const bytes = Buffer.byteLength(JSON.stringify(metadata), 'utf8');
		if (bytes > MAX_SESSION_METADATA_BYTES) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be at most ${MAX_SESSION_METADATA_BYTES} bytes as JSON; it is ${bytes} bytes` });
		}
	});

/** Where the session's events are POSTed (signed) and which of them. */
export const eventsSchema = z
	.object({
		webhookUrl,
		/** Event types to send; all when absent. */
		types: z.array(z.enum(SESSION_EVENT_TYPES)).min(1).optional(),
	})
	.strict();

/** `openai-compatible` has no fixed endpoint, so it needs a base URL; other providers must not guess one. */
function requireBaseUrlFor(section: string) {
	return (value: { provider?: string; baseUrl?: string }, ctx: z.RefinementCtx) => {
		if (value.provider === 'openai-compatible' && !value.baseUrl) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['baseUrl'],
				message: `is required when ${section}.provider is "openai-compatible"`,
			});
		}
	};
}

/**
 * Builds the schema. `partial` gives the update (patch) variant: every field optional at every level,
 * but each field present is checked exactly as in a complete configuration.
 */
function buildConfigSchema<Partial extends boolean>(partial: Partial) {
	type Required<T extends z.ZodTypeAny> = Partial extends true ? z.ZodOptional<T> : T;
	const req = <T extends z.ZodTypeAny>(schema: T) => (partial ? schema.optional() : schema) as Required<T>;

	const session = z
		.object({
			ttl: z.number().int().min(1).max(MAX_SESSION_TTL_SECONDS).optional(),
			roomPrefix: z
				.string()
				.regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 characters of letters, digits, "_" or "-"')
				.optional(),
			metadata: sessionMetadataSchema.optional(),
		})
		.strict();

	const agent = z
		.object({
			instructions: req(z.string().min(1, 'must not be empty')),
			initialGreeting: z.boolean().optional(),
			greetingInstructions: z.string().optional(),
			/** Spoken verbatim as the greeting (no LLM call); an extension the bundled worker implements. */
			greetingMessage: z.string().max(2000).optional(),
			allowInterruptions: z.boolean().optional(),
			/**
			 * Said verbatim (no LLM call) when a provider fault cost the user their answer (the LLM failed
			 * or was cut off, the TTS did not answer) and the session goes on; "" says nothing.
			 */
			errorMessage: z.string().max(500).optional(),
			tools: z
				.array(toolEntrySchema)
				.superRefine((tools, ctx) => {
					const seen = new Set<string>();
					tools.forEach((tool, index) => {
						if (tool.type === 'mcp') return;
						if (seen.has(tool.name)) {
							ctx.addIssue({
								code: z.ZodIssueCode.custom,
								path: [index, 'name'],
								message: `duplicates another tool named "${tool.name}"`,
							});
						}
						seen.add(tool.name);
					});
				})
				.optional(),
		})
		.strict();

	const stt = z
		.object({
			provider: req(z.enum(STT_PROVIDERS)),
			model: req(z.string().min(1, 'must not be empty')),
			language: z.string().min(2).max(16).optional(),
			baseUrl: baseUrl.optional(),
		})
		.strict()
		.superRefine(requireBaseUrlFor('stt.default'));

	const tts = z
		.object({
			provider: req(z.enum(TTS_PROVIDERS)),
			voiceId: req(z.string().min(1, 'must not be empty')),
			outputFormat: z.enum(TTS_OUTPUT_FORMATS).optional(),
			model: z.string().min(1).optional(),
			baseUrl: baseUrl.optional(),
		})
		.strict()
		.superRefine(requireBaseUrlFor('tts.default'));

	const llm = z
		.object({
			provider: req(z.enum(LLM_PROVIDERS)),
			// Required for every provider but `webhook`, whose brain is the workflow behind `url`.
			model: z.string().min(1, 'must not be empty').optional(),
			baseUrl: baseUrl.optional(),
			temperature: z.number().min(0).max(2).optional(),
			/** `webhook` only: where each turn's conversation is POSTed (signed). */
			url: webhookUrl.optional(),
			/** `webhook` only: seconds to wait for the answer to start (default 30). */
			timeout: z.number().positive().max(120).optional(),
		})
		.strict()
		.superRefine(requireBaseUrlFor('llm.default'))
		.superRefine((value, ctx) => {
			const webhook = value.provider === 'webhook';
			if (webhook && !value.url) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['url'], message: 'is required when llm.default.provider is "webhook"' });
			if (!webhook && value.provider !== undefined && value.model === undefined && !partial) {
				ctx.addIssue({ code: z.ZodIssueCode.invalid_type, expected: 'string', received: 'undefined', path: ['model'], message: 'Required' });
			}
			for (const field of ['url', 'timeout'] as const) {
				if (!webhook && value.provider !== undefined && value[field] !== undefined) {
					ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: 'is only used when llm.default.provider is "webhook"' });
				}
			}
		});

	const events = partial ? eventsSchema.partial().strict() : eventsSchema;

	return z
		.object({
			session: session.optional(),
			agent: req(agent),
			stt: req(z.object({ default: req(stt) }).strict()),
			tts: req(z.object({ default: req(tts) }).strict()),
			llm: req(z.object({ default: req(llm) }).strict()),
			events: events.optional(),
		})
		.strict();
}

/** A complete configuration: what ad-hoc sessions and new assistants need. */
export const assistantConfigSchema = buildConfigSchema(false);
/** A partial configuration: what an assistant update sends. */
export const assistantConfigPatchSchema = buildConfigSchema(true);

export type AssistantConfig = z.infer<typeof assistantConfigSchema>;
export type AssistantConfigPatch = z.infer<typeof assistantConfigPatchSchema>;
/** A client (RPC) tool, the only kind a device may add with `update_tools`. */
export type ToolDefinition = z.infer<typeof toolSchema>;
export type WebhookToolDefinition = z.infer<typeof webhookToolSchema>;
export type McpToolSource = z.infer<typeof mcpToolSourceSchema>;
export type ToolEntry = z.infer<typeof toolEntrySchema>;
export type SessionMetadata = z.infer<typeof sessionMetadataSchema>;
export type EventsConfig = z.infer<typeof eventsSchema>;
