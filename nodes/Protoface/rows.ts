/** Structured Table columns of the Protoface operations, and the scrubbing of write-only fields. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { asObject } from '../shared/objects';
import { REDACTED, replaceSecrets } from '../shared/transport/errors';

const value = (v: unknown) => (v === undefined ? null : (v as IDataObject[keyof IDataObject]));

/** Session columns, in the order the spec digest lists them. */
export function sessionRow(body: unknown): IDataObject {
	const session = asObject(body);
	const transport = asObject(session.transport);
	const failure = asObject(session.failure);
	const usage = asObject(session.usage);
	return {
		id: value(session.id),
		status: value(session.status),
		avatarId: value(session.avatar_id),
		quality: value(session.quality),
		roomName: value(transport.room_name),
		livekitUrl: value(transport.url),
		workerIdentity: value(transport.worker_identity),
		createdAt: value(session.created_at),
		startedAt: value(session.started_at),
		firstFrameAt: value(session.first_frame_at),
		endedAt: value(session.ended_at),
		failedAt: value(session.failed_at),
		failureCode: value(failure.code),
		failureMessage: value(failure.message),
		billableSeconds: value(usage.billable_seconds),
		frames: value(usage.frames),
	};
}

export function avatarRow(body: unknown): IDataObject {
	const avatar = asObject(body);
	const failure = asObject(avatar.failure);
	return {
		id: value(avatar.id),
		name: value(avatar.name),
		status: value(avatar.status),
		runtimeType: value(avatar.runtime_type),
		isDemo: value(avatar.is_demo),
		voice: value(avatar.voice),
		createdAt: value(avatar.created_at),
		failureReason: value(avatar.failure_reason ?? failure.message),
	};
}

/** Usage columns first, then every other field of the summary (nested ones become dotted columns). */
export function usageRow(body: unknown): IDataObject {
	const { period_start, period_end, sessions, billable_seconds, credits_charged, object: _object, ...rest } = asObject(body);
	return {
		periodStart: value(period_start),
		periodEnd: value(period_end),
		sessions: value(sessions),
		billableSeconds: value(billable_seconds),
		creditsCharged: value(credits_charged),
		...rest,
	};
}

/** The entries of a `{object: "list", data: [...]}` page. */
export const listEntries = (body: unknown): IDataObject[] => {
	const data = asObject(body).data;
	return Array.isArray(data) ? (data as IDataObject[]) : [];
};

/** Where the next page starts: `next_cursor`, else the last entry's id, only while `has_more`. */
export function nextCursor(body: unknown): string | undefined {
	const page = asObject(body);
	if (page.has_more !== true) return undefined;
	const entries = listEntries(body);
	const cursor = page.next_cursor ?? entries[entries.length - 1]?.id;
	return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
}

export { REDACTED };

/**
 * A copy of a response with the worker token gone: `transport.worker_token` always reads
 * "[redacted]", and the token text is replaced wherever else it might be echoed.
 */
export function withoutWorkerToken<T>(body: T, tokens: readonly string[]): T {
	return replaceSecrets(body, tokens, 'worker_token') as T;
}

/**
 * The Config output without pasted worker tokens: it re-emits the input items, and a token pasted
 * through an expression (`{{ $json.workerToken }}`) sits in them as plain text.
 */
export function configWithoutTokens(items: INodeExecutionData[], tokens: readonly string[]): INodeExecutionData[] {
	if (!tokens.length) return items;
	return items.map((item) => ({ ...item, json: replaceSecrets(item.json, tokens) as IDataObject }));
}
