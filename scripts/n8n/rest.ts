/**
 * The few calls of n8n 2.41's internal REST API (`/rest/…`, the editor's own, with the owner's
 * `n8n-auth` cookie) that `npm run n8n` and the real-n8n tests make. Routes as n8n 2.41.1 declares them:
 *
 * - `GET  /rest/projects/personal`: the user's personal project (`controllers/project.controller.js`).
 * - `GET  /rest/projects/:projectId/data-tables?filter={"name":…}`, `POST /rest/projects/:projectId/data-tables`
 *   `{name, columns: [{name, type}]}`, `GET …/data-tables/:id/columns`, `GET …/data-tables/:id/rows`
 *   (`modules/data-table/data-table.controller.js`; bodies: `@n8n/api-types` `CreateDataTableDto`,
 *   `ListDataTableQueryDto`, `ListDataTableContentQueryDto`; column types string, number, boolean, date).
 * - `GET  /rest/workflows/:id`, `POST /rest/workflows/:id/activate` `{versionId}` (required since 2.0:
 *   the version to publish; `workflows/workflows.controller.js`, `ActivateWorkflowDto`), and
 *   `GET /rest/workflows/:id/publication-status`: 2.41 publishes through an outbox
 *   (`workflows.useWorkflowPublicationService`, on by default), so activate answers before the
 *   triggers are live; the status (`workflows/publication/workflow-publication-status.service.js`)
 *   says when they are.
 * - `GET  /rest/executions?filter={"workflowId":…}&limit=…`, `GET /rest/executions/:id` (`executions/executions.controller.js`;
 *   an execution's `data` is in n8n's `flatted` form).
 *
 * Every answer is wrapped as `{data: …}`; {@link N8nApi.request} unwraps it.
 */

export class N8nRestError extends Error {
	override name = 'N8nRestError';

	constructor(
		message: string,
		readonly status: number,
	) {
		super(message);
	}
}

export type DataTableColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface DataTableColumn {
	name: string;
	type: DataTableColumnType;
}

export interface DataTable {
	id: string;
	name: string;
	projectId: string;
	columns?: Array<DataTableColumn & { id: string; index: number }>;
}

export interface StoredWorkflow {
	id: string;
	name: string;
	active: boolean;
	versionId: string;
	activeVersionId: string | null;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt?: string | null;
}

export class N8nApi {
	constructor(
		/** http://127.0.0.1:<port> */
		readonly url: string,
		/** `n8n-auth=…` */
		private readonly cookie: string,
	) {}

	/** One call; the `data` of n8n's answer, or an {@link N8nRestError} with n8n's message. */
	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) {
			let message = text;
			try {
				message = (JSON.parse(text) as { message?: string }).message ?? text;
			} catch {
				// not JSON
			}
			throw new N8nRestError(`n8n ${method} /rest${path} answered ${response.status}: ${message.slice(0, 500)}`, response.status);
		}
		return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
	}

	/** The id of the logged-in user's personal project (where `n8n import:*` puts the owner's things). */
	async personalProjectId(): Promise<string> {
		return (await this.request<{ id: string }>('GET', '/projects/personal')).id;
	}

	/** The project's data table of that name (n8n compares names case-insensitively), if any. */
	async findDataTable(projectId: string, name: string): Promise<DataTable | undefined> {
		const filter = encodeURIComponent(JSON.stringify({ name }));
		const { data } = await this.request<{ count: number; data: DataTable[] }>('GET', `/projects/${projectId}/data-tables?filter=${filter}&take=50`);
		return data.find((table) => table.name.toLowerCase() === name.toLowerCase());
	}

	/** The data table of that name, created with `columns` when the project has none. */
	async ensureDataTable(projectId: string, name: string, columns: DataTableColumn[]): Promise<{ table: DataTable; created: boolean }> {
		const existing = await this.findDataTable(projectId, name);
		if (existing) return { table: existing, created: false };
		const table = await this.request<DataTable>('POST', `/projects/${projectId}/data-tables`, { name, columns });
		return { table, created: true };
	}

	async dataTableColumns(projectId: string, tableId: string): Promise<Array<DataTableColumn & { id: string; index: number }>> {
		return await this.request('GET', `/projects/${projectId}/data-tables/${tableId}/columns`);
	}

	/** Up to 100 rows of a data table (what the editor's table view reads). */
	async dataTableRows<Row = Record<string, unknown>>(projectId: string, tableId: string): Promise<Row[]> {
		return (await this.request<{ count: number; data: Row[] }>('GET', `/projects/${projectId}/data-tables/${tableId}/rows?take=100`)).data;
	}

	async workflow(id: string): Promise<StoredWorkflow> {
		return await this.request<StoredWorkflow>('GET', `/workflows/${id}`);
	}

	/**
	 * Publishes (activates) the workflow's current version, as the editor's Publish button does, and
	 * waits until its triggers are live (its production webhooks answer). A no-op, apart from the wait,
	 * when that version is already active. Returns whether it activated anything.
	 */
	async activateWorkflow(id: string, timeoutMs = 30_000): Promise<boolean> {
		const workflow = await this.workflow(id);
		const activate = !(workflow.active && workflow.activeVersionId === workflow.versionId);
		if (activate) await this.request('POST', `/workflows/${id}/activate`, { versionId: workflow.versionId });
		await this.waitUntilPublished(id, workflow.versionId, timeoutMs);
		return activate;
	}

	/** Resolves once `versionId` of the workflow is live with every trigger activated; throws with n8n's reasons if a trigger failed. */
	async waitUntilPublished(id: string, versionId: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const status = await this.request<PublicationStatus>('GET', `/workflows/${id}/publication-status`);
			if (status.status === 'failed' || status.status === 'partial') {
				const reasons = status.triggers.filter((trigger) => trigger.status === 'failed').map((trigger) => trigger.errorMessage ?? 'unknown error');
				throw new Error(`n8n could not activate workflow ${id} (${status.status}): ${reasons.join('; ')}`);
			}
			if (status.status === 'published' && status.liveVersionId === versionId) return;
			if (Date.now() > deadline) throw new Error(`workflow ${id} was not live within ${timeoutMs} ms: ${JSON.stringify(status)}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	/** The workflow's most recent executions, newest first (at most 100). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		return (await this.request<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}&limit=100`)).results;
	}

	/** One execution with its run data still in n8n's `flatted` string form (`data`). */
	async execution(id: string): Promise<ExecutionSummary & { data: string }> {
		return await this.request('GET', `/executions/${id}`);
	}
}
