/** Parameters every operation shares: Result Format and the request Options. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_CONCURRENCY, MAX_CONCURRENCY } from './concurrency';

export const resultFormatProperty: INodeProperties = {
	displayName: 'Result Format',
	name: 'resultFormat',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Structured Table',
			value: 'structured',
			description: 'One flat row per result; nested fields become dotted columns',
		},
		{
			name: 'Raw Response',
			value: 'raw',
			description: 'One row with the response body and HTTP status exactly as received',
		},
	],
	default: 'structured',
	description: 'How the response is mapped to the Result output',
};

export const requestOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Include Response Headers',
			name: 'includeResponseHeaders',
			type: 'boolean',
			default: false,
			description: 'Whether to add the response headers to the Raw Response row',
		},
		{
			displayName: 'Max Concurrency',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_MAX_CONCURRENCY,
			description:
				'Most requests in flight at once. The node starts with 8, doubles every round trip while calls succeed, and settles just under the level where the API first answers 429 or 503.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description: 'How often a request answered with 429 or 503 is retried, honouring Retry-After',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description: 'Longest total time one item may wait between retries; a longer Retry-After fails the item at once',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for each response before failing the item',
		},
	],
};

/** Appended to every operation's own parameters. */
export const commonProperties: INodeProperties[] = [resultFormatProperty, requestOptionsProperty];
