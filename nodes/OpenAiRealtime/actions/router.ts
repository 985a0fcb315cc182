import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { credentialSecrets } from '../../shared/fieldError';
import { route } from '../../shared/router';
import { CREDENTIAL } from '../transport';
import * as session from './session';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(
		this,
		{
			session: {
				createClientSecret: session.createClientSecret,
				createSession: session.createSession,
				createTranscriptionSession: session.createTranscriptionSession,
			},
		},
		await credentialSecrets(this, CREDENTIAL, ['apiKey']),
	);
}
