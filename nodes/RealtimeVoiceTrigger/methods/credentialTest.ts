import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/** Shorter secrets are refused: an HMAC key is only as strong as it is long and random. */
export const MIN_SECRET_LENGTH = 16;

/**
 * Nothing to call: the secret is only used to check the worker's signatures, and whether it matches
 * the worker's shows on the first request (401 `signature does not match`). The test catches what
 * would make every request fail or the signatures weak: empty, short, stray spaces.
 */
export async function realtimeVoiceWebhookApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String((credential.data ?? {}).signingSecret ?? '');
	if (!secret) return { status: 'Error', message: 'Signing Secret is empty: set the value of the worker\'s N8N_VOICE_WEBHOOK_SECRET' };
	if (secret.trim() !== secret) {
		return { status: 'Error', message: 'Signing Secret starts or ends with a space or line break; the worker\'s N8N_VOICE_WEBHOOK_SECRET must match it exactly' };
	}
	if (secret.length < MIN_SECRET_LENGTH) {
		return { status: 'Error', message: `Signing Secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random ones, e.g. from "openssl rand -hex 32"` };
	}
	return { status: 'OK', message: `Secret usable (${secret.length} characters); the worker's N8N_VOICE_WEBHOOK_SECRET must be the same` };
}
