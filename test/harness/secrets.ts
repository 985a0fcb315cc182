/**
 * R4: the secrets a run must not show. Everything a run produced is searched: every node's output
 * items, and every error's message, description and context (an Error's own fields are not
 * enumerable, so they are spelled out).
 */
import type { IRun } from 'n8n-workflow';

export function leakedSecrets(run: IRun, secrets: readonly string[]): string[] {
	const text = JSON.stringify(run.data.resultData, (_key, value: unknown) =>
		value instanceof Error ? { message: value.message, description: (value as { description?: unknown }).description, context: (value as { context?: unknown }).context } : value,
	);
	return secrets.filter((secret) => text.includes(secret));
}
