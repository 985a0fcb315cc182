import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { credentialSecrets } from '../../shared/fieldError';
import { route } from '../../shared/router';
import { CREDENTIAL } from '../transport';
import * as assistant from './assistant';
import * as session from './session';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(
		this,
		{
			assistant: { create: assistant.create, update: assistant.update },
			session: {
				create: session.create,
				createAdhoc: session.createAdhoc,
				createPublic: session.createPublic,
				get: session.get,
				list: session.list,
			},
		},
		// Public sessions run without a credential: then there is nothing to scrub.
		await credentialSecrets(this, CREDENTIAL, ['apiKey']),
	);
}
