/** Shared data for the Protoface tests: the credential, a session resource, and a one-node runner. */
import type { IDataObject } from 'n8n-workflow';

import nock from 'nock';

import { executeWorkflow, nodeError } from '../harness/engine';
import { liveKitCredentials, workflowWith } from '../harness/fixtures';

export const PROTOFACE_BASE = 'https://api.protoface.com';
export const PROTOFACE_KEY = 'test-protoface-key-5d2a9c81e4f7';
export const protofaceCredentials = { protofaceApi: { apiKey: PROTOFACE_KEY, baseUrl: PROTOFACE_BASE } };
export const auth = { authorization: `Bearer ${PROTOFACE_KEY}` };

/** A pasted worker token that is deliberately not a JWT, so only the node's own scrubbing hides it. */
export const PASTED_TOKEN = 'pasted-worker-token-93af0c2e71b4d8';

/** The session resource as the API documents it (seed 004), with overrides. */
export function session(overrides: IDataObject = {}): IDataObject {
	return {
		id: 'sess_01HXY5K8E7QYG3X8Z6N9R7S0VR',
		object: 'session',
		status: 'queued',
		avatar_id: 'av_demo',
		created_at: '2026-05-25T19:00:00.123Z',
		started_at: null,
		first_frame_at: null,
		ended_at: null,
		idle_timeout_seconds: 30,
		max_duration_seconds: 600,
		metadata: { customer_session_id: 'abc123' },
		quality: 'standard',
		transport: { type: 'livekit', url: 'wss://my-app.livekit.cloud', room_name: 'demo-room', worker_identity: 'protoface-worker', audio_source: 'data_stream', worker_token: '[redacted]' },
		usage: { billable_seconds: 0, frames: 0 },
		...overrides,
	};
}

/** The structured row of `session()` (with the same overrides applied to the matching columns). */
export function sessionRowOf(body: IDataObject): IDataObject {
	const transport = (body.transport ?? {}) as IDataObject;
	const failure = (body.failure ?? {}) as IDataObject;
	const usage = (body.usage ?? {}) as IDataObject;
	return {
		id: body.id,
		status: body.status,
		avatarId: body.avatar_id,
		quality: body.quality,
		roomName: transport.room_name ?? null,
		livekitUrl: transport.url ?? null,
		workerIdentity: transport.worker_identity ?? null,
		createdAt: body.created_at ?? null,
		startedAt: body.started_at ?? null,
		firstFrameAt: body.first_frame_at ?? null,
		endedAt: body.ended_at ?? null,
		failedAt: body.failed_at ?? null,
		failureCode: failure.code ?? null,
		failureMessage: failure.message ?? null,
		billableSeconds: usage.billable_seconds ?? null,
		frames: usage.frames ?? null,
	};
}

export interface RunExtra {
	continueOnFail?: boolean;
	/** Also give the node the LiveKit credential (for minting), optionally with some fields changed. */
	liveKit?: boolean | IDataObject;
	/** Fields of the Protoface credential to change. */
	protoface?: IDataObject;
	/** The workflow's time zone (zoneless dates are read in it). */
	timezone?: string;
}

export function runNode(parameters: IDataObject, records: IDataObject[] = [{}], extra: RunExtra = {}) {
	const credentials = extra.liveKit ? ['protofaceApi', 'liveKitApi'] : ['protofaceApi'];
	const workflow = workflowWith({ type: 'protoface', parameters, continueOnFail: extra.continueOnFail, credentials }, records);
	if (extra.timezone) workflow.settings = { timezone: extra.timezone };
	return executeWorkflow(workflow, {
		credentials: {
			protofaceApi: { ...protofaceCredentials.protofaceApi, ...extra.protoface },
			...(extra.liveKit ? liveKitCredentials(extra.liveKit === true ? {} : extra.liveKit) : {}),
		},
	});
}

/** Requests nock saw without an interceptor (each would also fail its item). */
export function unmatchedRequests() {
	const seen: string[] = [];
	const listener = (req: { method?: string; path?: string }) => seen.push(`${req.method} ${req.path}`);
	nock.emitter.on('no match', listener);
	return { seen, stop: () => nock.emitter.removeListener('no match', listener) };
}

/** Runs the node expecting it to refuse before sending anything; returns the error. */
export async function refused(parameters: IDataObject, records: IDataObject[] = [{}], extra: RunExtra = {}) {
	const unmatched = unmatchedRequests();
	const run = await runNode(parameters, records, extra);
	unmatched.stop();
	expect(unmatched.seen).toEqual([]);
	expect(nock.isDone()).toBe(true);
	return nodeError(run, 'Node')!;
}

export { jwtClaims } from '../harness/jwt';
