/**
 * What the Realtime Voice node puts into a LiveKit agent dispatch, and what the worker reads back.
 * The envelope is versioned so a worker can refuse a dispatch written by a newer node instead of
 * misreading it.
 */
import { z } from 'zod';

import { assistantConfigSchema, type AssistantConfig } from './schema';
import { formatIssues, jsonErrorWithoutExcerpt, type ValidationResult } from './validate';

export const PACKAGE_MARKER = 'n8n-nodes-realtime-voice';
export const DISPATCH_METADATA_VERSION = 1;

export const dispatchMetadataSchema = z
	.object({
		version: z.literal(DISPATCH_METADATA_VERSION),
		createdBy: z.literal(PACKAGE_MARKER),
		/** The user the agent talks to and sends tool RPCs to. */
		participant: z.object({ identity: z.string().min(1), name: z.string().min(1) }).strict(),
		config: assistantConfigSchema,
	})
	.strict();

export type DispatchMetadata = z.infer<typeof dispatchMetadataSchema>;

export function encodeDispatchMetadata(
	config: AssistantConfig,
	participant: { identity: string; name: string },
): string {
	const metadata: DispatchMetadata = {
		version: DISPATCH_METADATA_VERSION,
		createdBy: PACKAGE_MARKER,
		participant,
		config,
	};
	return JSON.stringify(metadata);
}

/** Parses `ctx.job.metadata` in the worker; errors name the field as in the nodes (`metadata.config.…`). */
export function parseDispatchMetadata(text: string): ValidationResult<DispatchMetadata> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return { ok: false, errors: [`metadata is not valid JSON: ${jsonErrorWithoutExcerpt(error)}`] };
	}
	const parsed = dispatchMetadataSchema.safeParse(value);
	if (parsed.success) return { ok: true, value: parsed.data };
	return { ok: false, errors: formatIssues(parsed.error, dispatchMetadataSchema, value, 'metadata') };
}

/** Room metadata marking rooms this package created, so List can show only those. */
export const roomMetadataSchema = z
	.object({
		createdBy: z.literal(PACKAGE_MARKER),
		agentName: z.string(),
		participantIdentity: z.string(),
		participantName: z.string(),
	})
	.passthrough();

export type RoomMetadata = z.infer<typeof roomMetadataSchema>;

export function parseRoomMetadata(text: string | undefined): RoomMetadata | undefined {
	if (!text) return undefined;
	try {
		const parsed = roomMetadataSchema.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}
