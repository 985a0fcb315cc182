/**
 * Runs one operation over all input items:
 * 1. every item's parameters are read and validated first, so bad input fails before any request
 *    is sent (or becomes that item's error row under continue-on-fail);
 * 2. the valid items are sent concurrently through the adaptive limiter;
 * 3. results come back in input order, each output item paired with its input item.
 * The router adds the passthrough `Config` output.
 */
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { setMaxListeners } from 'node:events';

import { AdaptiveLimiter, DEFAULT_MAX_CONCURRENCY, MAX_CONCURRENCY } from './concurrency';
import { fieldError } from './fieldError';
import { runContext } from './runContext';
import { formatResult, type RawResult, type ResultFormat } from './output';
import { redact, replaceSecrets } from './transport/errors';
import { KeepAliveConnection } from './transport/connection';
import type { RequestSettings } from './transport/http';

export interface ItemResult {
	raw: RawResult;
	/** Structured Table rows (nested objects are flattened by the formatter). */
	rows: IDataObject[];
	/**
	 * A wait that follows the requests (e.g. until an agent joined the session it created): run after
	 * the item has left the concurrency window, so waiting items never hold up the requests of others.
	 * Its result replaces this one; it throws to fail the item.
	 */
	settle?: () => Promise<ItemResult>;
}

export interface Operation<Prepared> {
	/** Reads and validates the item's parameters. Throws to reject the item; sends nothing. */
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared | Promise<Prepared>;
	send(this: IExecuteFunctions, prepared: Prepared, context: SendContext): Promise<ItemResult>;
	/**
	 * Secrets the item itself carries (e.g. MCP server headers in a configuration), scrubbed from
	 * every error of the run like the credential's; read once the item is prepared.
	 */
	secretsOf?(prepared: Prepared): string[];
}

export interface SendContext {
	itemIndex: number;
	settings: RequestSettings;
}

export interface RunOptions {
	secrets: readonly string[];
}

interface Settings {
	format: ResultFormat;
	includeHeaders: boolean;
	ceiling: number;
	request: RequestSettings;
}

/** A numeric option, checked: a bad value (NaN, out of range) must fail clearly, not hang or retry forever. */
function numberOption(fn: IExecuteFunctions, options: IDataObject, name: string, label: string, fallback: number, min: number, max: number) {
	const value = options[name] ?? fallback;
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(number) || number < min || number > max || value === '') {
		throw fieldError(fn, name, `Option "${label}" must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
	}
	return Math.floor(number);
}

function readSettings(fn: IExecuteFunctions, secrets: readonly string[]): Settings {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		format: fn.getNodeParameter('resultFormat', 0, 'structured') as ResultFormat,
		includeHeaders: options.includeResponseHeaders === true,
		ceiling: numberOption(fn, options, 'maxConcurrency', 'Max Concurrency', DEFAULT_MAX_CONCURRENCY, 1, MAX_CONCURRENCY),
		request: {
			retry: {
				maxRetries: numberOption(fn, options, 'maxRetries', 'Max Retries', 3, 0, 10),
				maxTotalWaitMs: numberOption(fn, options, 'maxRetryWait', 'Max Retry Wait (Seconds)', 60, 0, 86_400) * 1000,
			},
			timeoutMs: numberOption(fn, options, 'timeout', 'Timeout (Ms)', 30_000, 1, 3_600_000),
			secrets,
		},
	};
}

type ItemError = Error & { description?: string | null; context?: IDataObject; httpCode?: string | null };

/**
 * Removes secrets from everything an error carries, in place: message, description and the string
 * values of its context (n8n saves the context with the execution; a vendor's failure text copied
 * there could quote a token).
 */
function scrub(error: ItemError, secrets: readonly string[]): ItemError {
	error.message = redact(error.message, secrets);
	if (error.description) error.description = redact(error.description, secrets);
	for (const [key, value] of Object.entries(error.context ?? {})) {
		if (typeof value === 'string') error.context![key] = redact(value, secrets);
	}
	return error;
}

function errorRow(error: ItemError, secrets: readonly string[]): IDataObject {
	const { message, description, context = {}, httpCode } = scrub(error, secrets);
	const row: IDataObject = { error: message };
	if (description) row.description = description;
	// `sessionId`, `idempotencyKey`: an item that failed after creating something (e.g. while waiting)
	// names it, so it can be ended or safely retried.
	for (const key of ['httpCode', 'type', 'code', 'param', 'requestId', 'field', 'sessionId', 'idempotencyKey'] as const) {
		if (context[key] !== undefined && context[key] !== null) row[key] = context[key];
	}
	if (row.httpCode === undefined && httpCode && /^\d+$/.test(httpCode)) row.httpCode = Number(httpCode);
	return row;
}

export async function runOperation<Prepared>(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: Operation<Prepared>,
	{ secrets: credentialSecrets }: RunOptions,
): Promise<INodeExecutionData[]> {
	// One list for the whole run, grown by each prepared item's own secrets before anything is sent:
	// the request settings, error rows and the stopping error all read this same array.
	const secrets = [...credentialSecrets];
	const settings = readSettings(this, secrets);
	const continueOnFail = this.continueOnFail();
	// What cannot differ between items is worked out once (runContext.ts).
	const context = runContext(this);
	const outcomes: Array<IDataObject[] | Error> = new Array(items.length);

	// 1. Validate everything before the first request.
	const prepared: Array<{ index: number; value: Prepared }> = [];
	for (let index = 0; index < items.length; index++) {
		try {
			const value = await operation.prepare.call(context, index);
			secrets.push(...(operation.secretsOf?.(value) ?? []).filter(Boolean));
			prepared.push({ index, value });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error as Error, index, secrets);
			outcomes[index] = error as Error;
		}
	}

	// 2. Send concurrently. After a failure without continue-on-fail, or when the execution is
	//    cancelled, nothing new starts and no throttled item waits for another retry.
	const stop = new AbortController();
	// Every request in flight listens for the stop: more than Node's default 10 listeners is expected.
	setMaxListeners(0, stop.signal);
	const cancelled = this.getExecutionCancelSignal?.();
	cancelled?.addEventListener('abort', () => stop.abort(), { once: true });
	const limiter = new AdaptiveLimiter(settings.ceiling);
	const connection = KeepAliveConnection.forRun(this);
	const credentials = new Map<string, Promise<ICredentialDataDecryptedObject>>();
	const shared: RequestSettings = {
		...settings.request,
		signal: stop.signal,
		connection,
		// Read once per run: n8n decrypts a credential on every read.
		credentials: (type, itemIndex) => {
			if (!credentials.has(type)) credentials.set(type, this.getCredentials<ICredentialDataDecryptedObject>(type, itemIndex));
			return credentials.get(type)!;
		},
		onAnswer: (headers) => limiter.observe(headers),
	};
	let firstFailure: number | undefined;
	try {
		await Promise.all(
			prepared.map(async ({ index, value }) => {
				try {
					let result = await limiter.run(async (slot) => {
						if (stop.signal.aborted) return undefined;
						// Throttled attempts cut the window; their Retry-After wait is spent outside it.
						const request: RequestSettings = { ...shared, onThrottle: slot.throttled, wait: (ms) => slot.pause(ms, stop.signal) };
						const sent = await operation.send.call(context, value, { itemIndex: index, settings: request });
						limiter.onSuccess();
						return sent;
					});
					if (!result) return;
					// Outside the limiter: a waiting item does not take a request slot.
					while (result.settle) result = await result.settle();
					// A vendor may echo what it was sent (an Authorization header, a key in a URL): success rows are
					// scrubbed like error rows. Session tokens, the operation's product, are not on the list.
					outcomes[index] = replaceSecrets(formatResult(settings.format, result.raw, result.rows, settings.includeHeaders), secrets) as IDataObject[];
				} catch (error) {
					outcomes[index] = error as Error;
					// A failure that comes after the stop is its consequence (an aborted request or wait),
					// not the cause: the run reports the lowest-numbered item among the real failures.
					const consequence = stop.signal.aborted && firstFailure !== undefined;
					if (!consequence && (firstFailure === undefined || index < firstFailure)) firstFailure = index;
					if (!continueOnFail) stop.abort();
				}
			}),
		);
	} finally {
		connection?.close();
	}
	if (firstFailure !== undefined && !continueOnFail) {
		throw asNodeError(this, outcomes[firstFailure] as Error, firstFailure, secrets);
	}
	if (cancelled?.aborted) throw new NodeOperationError(this.getNode(), 'The execution was cancelled');

	// 3. Input order, every item paired. With "continue (using error output)" an error row is
	//    `{error, details}`, the shape n8n moves to the error output; otherwise it is one flat row
	//    that maps straight onto a table. (Setting `item.error` instead would make n8n cut the row
	//    down to its message.)
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	return outcomes.flatMap((outcome, index) => {
		if (!(outcome instanceof Error)) return (outcome ?? []).map((json) => ({ json, pairedItem: { item: index } }));
		const { error, ...details } = errorRow(outcome, secrets);
		return [{ json: toErrorOutput ? { error, details } : { error, ...details }, pairedItem: { item: index } }];
	});
}

/** The error that stops the run, scrubbed like an error row (a validation message may quote a value). */
function asNodeError(fn: IExecuteFunctions, error: Error, itemIndex: number, secrets: readonly string[]) {
	if (!(error instanceof NodeOperationError || error instanceof NodeApiError)) {
		return new NodeOperationError(fn.getNode(), redact(error.message, secrets), { itemIndex });
	}
	return scrub(error, secrets);
}

/** Re-emits every input item unchanged on the `Config` output, paired, so nodes chain like ports. */
export function passthrough(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
}
