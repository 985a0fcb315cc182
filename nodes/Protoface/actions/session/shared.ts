/** What Get, End and List share: the session id parameter and how a session response becomes a row. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemResult } from '../../../shared/runner';
import type { ApiResponse } from '../../../shared/transport/http';
import { requiredString } from '../../../shared/configInput';
import { sessionRow, withoutWorkerToken } from '../../rows';

export const sessionIdProperty: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'sess_01HXY5K8E7QYG3X8Z6N9R7S0VR',
	description: 'ID of the session (starts with sess_)',
};

export function prepareSessionId(this: IExecuteFunctions, itemIndex: number) {
	return { sessionId: requiredString(this, 'sessionId', 'Session ID', itemIndex) };
}

/** One session row; the body is scrubbed of `worker_token` whatever the API sent. */
export function sessionResult(response: ApiResponse): ItemResult {
	const body = withoutWorkerToken(response.body, []);
	return { raw: { ...response, body }, rows: [sessionRow(body)] };
}
