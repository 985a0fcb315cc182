/**
 * Serves trigger workflows' webhooks through n8n-core's engine, the way n8n serves an active
 * workflow's production webhooks:
 *
 *   POST /webhook/<node.webhookId>/<webhook path>
 *     → raw body kept as `req.rawBody`, JSON parsed into `req.body` (n8n's body parser does the same)
 *     → n8n-core's WebhookContext → the trigger node's `webhook()`
 *     → nothing returned to run: its `webhookResponse` (or the response the node already sent)
 *     → else the workflow runs from the trigger with the returned items, and the answer follows the
 *       webhook's `responseMode`: "onReceived" at once, "lastNode" the first item's JSON of the last
 *       node that ran (the only two the Realtime Voice Trigger uses).
 *
 * Used by `npm start` (the events of each session come back into the outcome workflow) and by the
 * end-to-end tests (a webhook tool and the webhook LLM answered by workflows).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

import express, { type Request, type Response } from 'express';
import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type IRun,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type Workflow,
} from 'n8n-workflow';

import { engineAdditionalData, engineWorkflow, loadNodeType, type WorkflowJson } from './n8n-engine';

export interface WebhookRun {
	workflow: string;
	run: IRun;
}

/** One request the host answered, in arrival order. */
export interface ReceivedRequest {
	path: string;
	/** The `x-realtime-voice-id` and `-type` headers, when sent. */
	id?: string;
	type?: string;
	status: number;
	receivedAt: number;
}

export interface WebhookHost {
	/** http://127.0.0.1:<port> */
	baseUrl: string;
	/** The production URL of a trigger node (the first webhook trigger of the workflow by default). */
	urlOf(workflow: WorkflowJson, nodeName?: string): string;
	/** Every finished workflow run, in the order they finished. */
	readonly runs: WebhookRun[];
	/** Every request answered, in the order they arrived. */
	readonly requests: ReceivedRequest[];
	/** Resolves once no workflow run is in flight. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

interface Route {
	definition: WorkflowJson;
	node: INode;
	webhook: IWebhookDescription;
}

function webhookPath(webhook: IWebhookDescription): string {
	const path = String(webhook.path);
	if (path.startsWith('=')) throw new Error(`the webhook host serves fixed webhook paths only, got "${path}"`);
	return path;
}

function routesOf(definitions: WorkflowJson[]): Map<string, Route> {
	const routes = new Map<string, Route>();
	for (const definition of definitions) {
		for (const node of definition.nodes) {
			if (node.disabled) continue;
			const webhooks = loadNodeType(node.type).description.webhooks ?? [];
			for (const webhook of webhooks) {
				if (!node.webhookId) throw new Error(`node "${node.name}" of "${definition.name}" has no webhookId`);
				routes.set(`/webhook/${node.webhookId}/${webhookPath(webhook)}`, { definition, node, webhook });
			}
		}
	}
	return routes;
}

/** The webhook description's value for one node (its expressions evaluated as n8n does). */
function describe(workflow: Workflow, node: INode, value: unknown, fallback: string): string {
	return String(workflow.expression.getSimpleParameterValue(node, value as string, 'webhook', {}, undefined, fallback) ?? fallback);
}

/**
 * Starts the host on 127.0.0.1 (`port` 0 picks a free one). `credentials` by type name, e.g.
 * `{ realtimeVoiceWebhookApi: { signingSecret } }`.
 */
export async function startWebhookHost(
	workflows: WorkflowJson[],
	options: { credentials?: Record<string, ICredentialDataDecryptedObject>; port?: number } = {},
): Promise<WebhookHost> {
	const routes = routesOf(workflows);
	const runs: WebhookRun[] = [];
	const requests: ReceivedRequest[] = [];
	const inFlight = new Set<Promise<unknown>>();
	const app = express();
	// n8n keeps the exact bytes for signature checks and parses JSON from them.
	app.use(express.raw({ type: () => true, limit: '16mb' }), (req, _res, next) => {
		const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
		(req as Request & { rawBody: Buffer }).rawBody = raw;
		try {
			req.body = raw.length && /json/i.test(req.headers['content-type'] ?? '') ? JSON.parse(raw.toString('utf8')) : {};
		} catch {
			req.body = {};
		}
		next();
	});

	app.post('/webhook/*rest', (req, res) => {
		const received: Omit<ReceivedRequest, 'status'> = {
			path: req.path,
			id: req.get('x-realtime-voice-id'),
			type: req.get('x-realtime-voice-type'),
			receivedAt: Date.now(),
		};
		const index = requests.push({ ...received, status: 0 }) - 1;
		res.on('finish', () => (requests[index].status = res.statusCode));
		const route = routes.get(req.path);
		if (!route) return void res.status(404).json({ message: `The requested webhook "POST ${req.path}" is not registered.` });
		const handling = handle(route, req, res).catch((error: Error) => {
			if (!res.headersSent) res.status(500).json({ message: error.message });
		});
		inFlight.add(handling);
		void handling.finally(() => inFlight.delete(handling));
	});

	async function handle({ definition, node, webhook }: Route, req: Request, res: Response) {
		const workflow = engineWorkflow(structuredClone(definition));
		const hooks = new ExecutionLifecycleHooks('webhook', 'webhook-execution', definition as never);
		const responseMode = describe(workflow, node, webhook.responseMode, 'onReceived');
		if (responseMode !== 'onReceived' && responseMode !== 'lastNode') throw new Error(`the webhook host answers "onReceived" and "lastNode" webhooks only, not "${responseMode}"`);
		let answered = false;
		const answer = (status: number, body: unknown) => {
			if (answered || res.headersSent) return;
			answered = true;
			if (typeof body === 'string') res.status(status).type('text/plain').send(body);
			else res.status(status).json(body ?? {});
		};
		const additionalData = engineAdditionalData(hooks, options.credentials, { httpRequest: req, httpResponse: res } as never);
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: webhookPath(webhook),
			webhookDescription: webhook,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
		const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
		const nodeType = loadNodeType(node.type);
		const result = (await nodeType.webhook!.call(context)) as IWebhookResponseData;

		if (result.noWebhookResponse) return void (res.headersSent || res.end());
		if (!result.workflowData) return answer(200, result.webhookResponse ?? { message: 'Workflow was started' });
		if (responseMode === 'onReceived') answer(200, result.webhookResponse ?? { message: 'Workflow was started' });

		let finished!: (run: IRun) => void;
		const done = new Promise<IRun>((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node, data: { main: result.workflowData }, source: null }] },
		} as never);
		await new WorkflowExecute(additionalData, 'webhook', runExecutionData).processRunExecutionData(workflow);
		const run = await done;
		runs.push({ workflow: definition.name ?? String(definition.id), run });

		const error = run.data.resultData.error;
		if (error) return answer(500, { message: `Error in workflow: ${error.message}` });
		if (responseMode === 'lastNode') {
			const last = run.data.resultData.lastNodeExecuted;
			const first = last ? run.data.resultData.runData[last]?.at(-1)?.data?.main?.[0]?.[0]?.json : undefined;
			answer(200, (first as IDataObject | undefined) ?? {});
		}
	}

	const server = app.listen(options.port ?? 0, '127.0.0.1');
	await once(server, 'listening');
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const idle = async () => {
		while (inFlight.size) await Promise.allSettled([...inFlight]);
	};
	return {
		baseUrl,
		runs,
		requests,
		idle,
		urlOf(definition, nodeName) {
			for (const [path, route] of routes) {
				if (route.definition === definition && (!nodeName || route.node.name === nodeName)) return `${baseUrl}${path}`;
			}
			throw new Error(`no webhook of ${nodeName ? `node "${nodeName}" in ` : ''}workflow "${definition.name}" is served here`);
		},
		async close() {
			await idle();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
