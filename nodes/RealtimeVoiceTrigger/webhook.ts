/**
 * One signed request from the worker → at most one execution. In order:
 * 1. the signature over the exact raw bytes and the timestamp (±5 min): else 401, nothing emitted;
 * 2. a JSON envelope whose `type` this node's mode takes: else 400 naming the mode and the type;
 * 3. Event Types / Tool Names: an event of another type is answered 200 `{received, ignored}`, a
 *    call for another tool 400;
 * 4. Session Events: the id not seen before (dedup.ts): else 200 `{received, duplicate}`;
 * 5. one item (requests.ts `itemJson`). Events are answered 200 `{received: true, id}` at once; a
 *    tool call or LLM turn is answered by the workflow (Respond parameter).
 * A refusal is written on the response here and returned as `noWebhookResponse`, so n8n sends
 * nothing more and starts nothing; `webhookResponse` without `workflowData` answers without a run.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { verifySignedRequest } from '../../src/events';
import { MODE_LABELS, type TriggerMode } from './description';
import { takeOnce } from './dedup';
import { expectedTypes, itemJson, modeTakes, parseEnvelope } from './requests';

export const CREDENTIAL = 'realtimeVoiceWebhookApi';

const quote = (values: string[]) => values.map((value) => `"${value}"`).join(', ');

function refuse(fn: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	fn.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** The exact bytes received: n8n 2.x keeps them as `rawBody` (read on demand by `readRawBody`). */
async function rawBodyOf(fn: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = fn.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') await request.readRawBody();
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

const listParameter = (value: unknown): string[] =>
	String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);

export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const mode = this.getNodeParameter('mode', 'events') as TriggerMode;
	const rawBody = await rawBodyOf(this);
	if (!rawBody) return refuse(this, 400, { error: 'invalid request', reason: 'n8n did not provide the raw request body' });

	const { signingSecret } = await this.getCredentials<{ signingSecret?: string }>(CREDENTIAL);
	const verified = verifySignedRequest(String(signingSecret ?? ''), this.getHeaderData(), rawBody);
	if (!verified.ok) return refuse(this, 401, { error: 'invalid signature', reason: verified.reason });

	const parsed = parseEnvelope(rawBody);
	if (!parsed.ok) return refuse(this, 400, { error: 'invalid request', reason: parsed.reason });
	const { envelope } = parsed;
	const { id, type } = envelope;

	if (!modeTakes(mode, type)) {
		return refuse(this, 400, {
			error: 'wrong request type',
			reason: `This Realtime Voice Trigger is in ${MODE_LABELS[mode]} mode: it takes ${quote(expectedTypes(mode))}, not "${type}"`,
			mode,
			type,
		});
	}
	if (mode === 'events') {
		const wanted = this.getNodeParameter('eventTypes', []) as string[];
		if (wanted.length && !wanted.includes(type)) return { webhookResponse: { received: true, ignored: type } };
	}
	if (mode === 'toolCall') {
		const tools = listParameter(this.getNodeParameter('toolNames', ''));
		const tool = String(envelope.data.name);
		if (tools.length && !tools.includes(tool)) {
			return refuse(this, 400, { error: 'tool not handled here', reason: `This Realtime Voice Trigger answers the tools ${quote(tools)}, not "${tool}"`, tool });
		}
	}

	// Only events are retried with the same id; a tool call or LLM turn is sent once (a retried LLM turn
	// gets a new id), so checking them would only add a static-data write to every turn.
	const node = this.getNode();
	if (mode === 'events' && !takeOnce(`${this.getWorkflow().id}:${node.id || node.name}`, this.getWorkflowStaticData('node'), id)) {
		return { webhookResponse: { received: true, duplicate: true, id } };
	}

	const workflowData = [[{ json: itemJson(mode, envelope) }]];
	return mode === 'events' ? { workflowData, webhookResponse: { received: true, id } } : { workflowData };
}
