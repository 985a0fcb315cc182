/**
 * Delivers one request to the Realtime Voice Trigger the way n8n 2.41 does for an active workflow
 * (packages/cli webhooks/live-webhooks.ts + webhook-helpers.ts): a Workflow built from the saved
 * workflow with its static data, n8n-core's own WebhookContext over an express-like request that
 * carries `headers`, the parsed `body` and the exact `rawBody`, the node's `webhook()`, then the
 * answer n8n would send and whether an execution would start. Static data is saved after each
 * request, as n8n saves it.
 */
import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, IWebhookData, IWebhookDescription, IWebhookResponseData, Workflow } from 'n8n-workflow';

import { signedHeaders } from '../../src/events';
import { engineAdditionalData, engineWorkflow, loadNodeType, PACKAGE, type WorkflowJson } from '../harness/engine';

export const SECRET = 'test-webhook-signing-secret-5e2a9c71b4';
export const NODE = 'Realtime Voice Trigger';

/** What the test sees of the response object: n8n hands the node express's `res`. */
class RecordingResponse {
	statusCode = 200;
	body: unknown;
	headersSent = false;
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	json(body: unknown) {
		this.body = body;
		this.headersSent = true;
		return this;
	}
	end() {
		this.headersSent = true;
		return this;
	}
}

export interface Delivery {
	result: IWebhookResponseData;
	/** What the worker receives, when n8n answers before or without a run. */
	answer?: { status: number; body: unknown };
	/** Whether n8n would start an execution with `result.workflowData`. */
	started: boolean;
	/** The webhook's response mode as n8n evaluates it for this node. */
	responseMode: string;
	responseData: unknown;
}

/** A trigger workflow: the node under test alone, its credential referenced by id. */
export function triggerWorkflow(parameters: IDataObject): WorkflowJson {
	const node: INode = {
		id: 'trigger-node-1',
		name: NODE,
		type: `${PACKAGE}.realtimeVoiceTrigger`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '0d2f6a4e-1b3c-4d5e-8f90-a1b2c3d4e5f6',
		parameters: parameters as INode['parameters'],
		credentials: { realtimeVoiceWebhookApi: { id: 'cred-1', name: 'Realtime Voice Webhook' } },
	};
	return { id: 'wf-trigger', name: 'trigger test', nodes: [node], connections: {} };
}

/** One webhook description field as n8n evaluates it (WebhookExecutionContext, 2.41.1). */
function evaluate(workflow: Workflow, node: INode, description: IWebhookDescription, field: string, fallback: unknown, complex = false) {
	const { expression } = workflow;
	const value = description[field] as string | undefined;
	return complex
		? expression.getComplexParameterValue(node, value, 'webhook', {}, undefined, fallback as string)
		: expression.getSimpleParameterValue(node, value, 'webhook', {}, undefined, fallback as string);
}

export interface Sender {
	/** Signs `body` (or sends `raw` bytes as they are) and delivers it. */
	deliver(body: IDataObject, options?: SendOptions): Promise<Delivery>;
	/** The node's saved static data (what n8n keeps in the database). */
	readonly staticData: IDataObject;
}

export interface SendOptions {
	/** Sign with another secret. */
	secret?: string;
	/** The signing clock (ms); the trigger checks against the real clock. */
	signedAtMs?: number;
	/** The exact bytes sent; by default JSON.stringify(body). The signature covers `signedBytes`. */
	raw?: string;
	signedBytes?: string;
	/** Headers to drop or override after signing. */
	headers?: Record<string, string | undefined>;
	/** A request as n8n may hand it: rawBody not read yet, only `readRawBody()`. */
	lazyRawBody?: boolean;
}

/** A sender bound to one trigger workflow; static data persists across its deliveries. */
export function sender(definition: WorkflowJson, credential: IDataObject = { signingSecret: SECRET }): Sender {
	let saved: IDataObject = {};
	return {
		get staticData() {
			return saved;
		},
		async deliver(body, options = {}) {
			const raw = options.raw ?? JSON.stringify(body);
			const signed = signedHeaders(options.secret ?? SECRET, options.signedBytes ?? raw, {
				id: String(body.id ?? ''),
				type: String(body.type ?? ''),
				nowMs: options.signedAtMs,
			});
			const headers: Record<string, string> = { ...signed };
			for (const [name, value] of Object.entries(options.headers ?? {})) {
				if (value === undefined) delete headers[name];
				else headers[name] = value;
			}
			const rawBody = Buffer.from(raw, 'utf8');
			const request: IDataObject = { method: 'POST', headers, params: {}, query: {}, body: JSON.parse(raw), contentType: 'application/json' };
			if (options.lazyRawBody) request.readRawBody = async () => void (request.rawBody = rawBody);
			else request.rawBody = rawBody;
			const response = new RecordingResponse();

			const workflow = engineWorkflow(structuredClone(definition));
			// As n8n loads it from the database: observable, unchanged.
			workflow.overrideStaticData(structuredClone(saved) as Workflow['staticData']);
			workflow.staticData.__dataChanged = false;
			const node = workflow.getNode(NODE)!;
			const [description] = loadNodeType(node.type).description.webhooks!;
			const hooks = new ExecutionLifecycleHooks('webhook', 'webhook-execution', definition as never);
			const additionalData = engineAdditionalData(hooks, { realtimeVoiceWebhookApi: credential } as never, { httpRequest: request, httpResponse: response } as never);
			const webhookData: IWebhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: String(description.path),
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
				webhookId: node.webhookId,
			};
			const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
			const result = (await loadNodeType(node.type).webhook!.call(context)) as IWebhookResponseData;
			// n8n saves static data (as JSON) only when a node changed it (WorkflowStaticDataService).
			if ((workflow.staticData.__dataChanged as boolean) === true) saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;

			const responseMode = String(evaluate(workflow, node, description, 'responseMode', 'onReceived'));
			const responseData = evaluate(workflow, node, description, 'responseData', 'firstEntryJson', true);
			let answer: Delivery['answer'];
			if (result.noWebhookResponse) answer = { status: response.statusCode, body: response.body };
			else if (!result.workflowData) answer = { status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' } };
			// "onReceived" with a run: n8n answers with a truthy responseData itself, else webhookResponse.
			else if (responseMode === 'onReceived') answer = { status: 200, body: responseData || (result.webhookResponse ?? { message: 'Workflow was started' }) };
			return { result, answer, started: result.workflowData !== undefined, responseMode, responseData };
		},
	};
}
