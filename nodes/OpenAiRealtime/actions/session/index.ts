import type { INodeProperties } from 'n8n-workflow';

import * as createClientSecret from './createClientSecret.operation';
import * as createSession from './createSession.operation';
import * as createTranscriptionSession from './createTranscriptionSession.operation';

export { createClientSecret, createSession, createTranscriptionSession };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Create Client Secret',
				value: 'createClientSecret',
				description: 'Create an ephemeral key for a realtime or transcription session (GA endpoint)',
				action: 'Create a client secret',
			},
			{
				name: 'Create Session',
				value: 'createSession',
				description: 'Create a realtime session with an ephemeral key (legacy beta endpoint)',
				action: 'Create a session',
			},
			{
				name: 'Create Transcription Session',
				value: 'createTranscriptionSession',
				description: 'Create a transcription session with an ephemeral key (legacy beta endpoint)',
				action: 'Create a transcription session',
			},
		],
		default: 'createClientSecret',
	},
	...createClientSecret.description,
	...createSession.description,
	...createTranscriptionSession.description,
];
