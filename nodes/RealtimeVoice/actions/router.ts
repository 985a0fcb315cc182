import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { credentialSecrets } from '../../shared/fieldError';
import { route } from '../../shared/router';
import { CREDENTIAL } from '../livekit';
import * as session from './session';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(
		this,
		{ session: { create: session.create, end: session.end, get: session.get, list: session.list } },
		await credentialSecrets(this, CREDENTIAL, ['apiSecret', 'apiKey']),
	);
}
