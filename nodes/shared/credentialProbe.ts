/**
 * The request behind a credential's "Test" button: one read-only call with the credential's headers,
 * answered by status, the vendor's error envelope and whether the answer was JSON (an HTML 404 means
 * a wrong Base URL, not a refused key). The key is scrubbed from anything reported.
 */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { parseErrorEnvelope, redact, type ErrorDetails } from './transport/errors';

export type ProbeAnswer =
	| { reached: true; statusCode: number; json: boolean; details: ErrorDetails; reason: string }
	| { reached: false; reason: string };

function parsed(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

export async function probeCredential(
	fn: ICredentialTestFunctions,
	{ url, headers, secrets }: { url: string; headers: Record<string, string>; secrets: readonly string[] },
): Promise<ProbeAnswer> {
	try {
		const response = (await fn.helpers.request({
			method: 'GET',
			uri: url,
			headers: { Accept: 'application/json', ...headers },
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: 15000,
		})) as { statusCode: number; body?: unknown; headers?: Record<string, string> };
		const responseHeaders = response.headers ?? {};
		const details = parseErrorEnvelope(parsed(response.body), responseHeaders);
		const code = details.code ? ` [${details.code}]` : '';
		const said = details.message ? `: ${redact(details.message, secrets).slice(0, 300)}` : '';
		return {
			reached: true,
			statusCode: response.statusCode,
			json: /json/i.test(String(responseHeaders['content-type'] ?? '')),
			details,
			reason: `${code}${said}`,
		};
	} catch (error) {
		return { reached: false, reason: redact((error as Error).message, secrets) };
	}
}
