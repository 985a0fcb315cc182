/**
 * The assistant configuration (UpliftAI Realtime Assistants `config`, seed 000), as one zod schema.
 *
 * The n8n nodes validate with it before sending anything, and the bundled LiveKit worker parses the
 * dispatch metadata with the very same module, so what a node accepts is exactly what the worker runs.
 * This file depends on zod alone: importing it never pulls the worker's LiveKit dependencies in.
 */
import { z } from 'zod';

import {
	LLM_PROVIDERS,
	MAX_SESSION_TTL_SECONDS,
	STT_PROVIDERS,
	TTS_OUTPUT_FORMATS,
	TTS_PROVIDERS,
} from './providers';

/** OpenAI-style function names: the same tool name is the LLM function and the client's RPC method. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const baseUrl = z.string().url('must be an http(s) URL, e.g. http://127.0.0.1:11434/v1');

/** A JSON Schema for the tool's arguments: an object schema, as function calling requires. */
const toolParametersSchema = z
	.object({
		type: z.literal('object'),
		properties: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
		required: z.array(z.string()).optional(),
	})
	.passthrough();

export const toolSchema = z
	.object({
		name: z.string().regex(TOOL_NAME, 'must be 1-64 characters of letters, digits, "_" or "-"'),
		description: z.string().min(1, 'must not be empty'),
		parameters: toolParametersSchema,
		/** Seconds the agent waits for the client's RPC answer. */
		timeout: z.number().positive().max(300).optional(),
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
			tools: z
				.array(toolSchema)
				.superRefine((tools, ctx) => {
					const seen = new Set<string>();
					tools.forEach((tool, index) => {
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
			model: req(z.string().min(1, 'must not be empty')),
			baseUrl: baseUrl.optional(),
			temperature: z.number().min(0).max(2).optional(),
		})
		.strict()
		.superRefine(requireBaseUrlFor('llm.default'));

	return z
		.object({
			session: session.optional(),
			agent: req(agent),
			stt: req(z.object({ default: req(stt) }).strict()),
			tts: req(z.object({ default: req(tts) }).strict()),
			llm: req(z.object({ default: req(llm) }).strict()),
		})
		.strict();
}

/** A complete configuration: what ad-hoc sessions and new assistants need. */
export const assistantConfigSchema = buildConfigSchema(false);
/** A partial configuration: what an assistant update sends. */
export const assistantConfigPatchSchema = buildConfigSchema(true);

export type AssistantConfig = z.infer<typeof assistantConfigSchema>;
export type AssistantConfigPatch = z.infer<typeof assistantConfigPatchSchema>;
export type ToolDefinition = z.infer<typeof toolSchema>;
