/**
 * The `authenticate` of each credential the HTTP layer sends with, by n8n credential type name, so a
 * request sent over this run's own connection carries exactly what n8n's
 * `httpRequestWithAuthentication` would add (the credential class stays the one definition).
 */
import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';

import { OpenAiRealtimeApi } from '../../../credentials/OpenAiRealtimeApi.credentials';
import { ProtofaceApi } from '../../../credentials/ProtofaceApi.credentials';
import { UpliftAiApi } from '../../../credentials/UpliftAiApi.credentials';
import { VapiApi } from '../../../credentials/VapiApi.credentials';

type Authenticate = (credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

const AUTHENTICATE = new Map<string, Authenticate>(
	[new OpenAiRealtimeApi(), new ProtofaceApi(), new UpliftAiApi(), new VapiApi()].map((credential: ICredentialType) => [credential.name, credential.authenticate as Authenticate]),
);

/** The credential type's `authenticate` function, or undefined when only n8n knows how to apply it. */
export const authenticatorOf = (credentialType: string): Authenticate | undefined => AUTHENTICATE.get(credentialType);
