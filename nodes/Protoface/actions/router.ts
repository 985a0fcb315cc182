import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { credentialSecrets } from '../../shared/fieldError';
import { route } from '../../shared/router';
import { configWithoutTokens } from '../rows';
import { CREDENTIAL } from '../transport';
import * as avatar from './avatar';
import * as session from './session';
import { LIVEKIT_CREDENTIAL } from './session/workerToken';
import * as usage from './usage';

/**
 * Pasted worker tokens are secrets like the keys: collected up front so every error path (including
 * the runner's own) scrubs them. Minted tokens are JWTs, which redaction always removes.
 */
function pastedWorkerTokens(fn: IExecuteFunctions): string[] {
	if (fn.getNodeParameter('resource', 0) !== 'session' || fn.getNodeParameter('operation', 0) !== 'create') return [];
	return fn.getInputData().flatMap((_item, index) => {
		try {
			if (fn.getNodeParameter('workerTokenSource', index, 'paste') !== 'paste') return [];
			const token = String(fn.getNodeParameter('workerToken', index, '') ?? '').trim();
			return token ? [token] : [];
		} catch {
			// An expression that fails here fails again, reported, when the item is prepared.
			return [];
		}
	});
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const tokens = pastedWorkerTokens(this);
	const secrets = [
		...(await credentialSecrets(this, CREDENTIAL, ['apiKey'])),
		...(await credentialSecrets(this, LIVEKIT_CREDENTIAL, ['apiKey', 'apiSecret'])),
		...tokens,
	];
	const [results, config] = await route.call(
		this,
		{
			avatar: { create: avatar.create, delete: avatar.delete, get: avatar.get, list: avatar.list },
			session: { create: session.create, end: session.end, get: session.get, list: session.list },
			usage: { get: usage.get },
		},
		secrets,
	);
	return [results, configWithoutTokens(config, tokens)];
}
