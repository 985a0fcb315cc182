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
			assistant: {
				create: assistant.create,
				delete: assistant.deleteAssistant,
				get: assistant.get,
				list: assistant.list,
				update: assistant.update,
			},
			session: {
				create: session.create,
				delete: session.deleteSession,
				get: session.get,
				list: session.list,
				update: session.update,
			},
		},
		await credentialSecrets(this, CREDENTIAL, ['apiKey']),
	);
}
