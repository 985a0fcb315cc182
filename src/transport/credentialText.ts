/**
 * Credential values as they are sent or signed with: without the spaces and line breaks a copy from a
 * dashboard often brings along. A key pasted as `"  sk_…\n"` would otherwise go out as
 * `Authorization: Bearer   sk_…` and be refused (401), or sign a LiveKit token no server accepts,
 * while the credential test, which trims, said the key works.
 */
export function credentialText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** `Authorization: Bearer <key>`, the key trimmed (credentialText). */
export function bearerHeader(apiKey: unknown): { Authorization: string } {
	return { Authorization: `Bearer ${credentialText(apiKey)}` };
}
