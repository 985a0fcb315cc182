import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * An error about one parameter or configuration field, raised before anything is sent. `field`
 * lands in the error's context, and from there in the continue-on-fail row.
 */
export function fieldError(
	fn: IExecuteFunctions,
	field: string,
	message: string,
	options: { itemIndex?: number; description?: string } = {},
): NodeOperationError {
	const error = new NodeOperationError(fn.getNode(), message, options);
	error.context.field = field;
	return error;
}

/** The credential's secret fields, for scrubbing from errors; none when the node runs without one. */
export async function credentialSecrets(fn: IExecuteFunctions, type: string, fields: readonly string[]): Promise<string[]> {
	try {
		const data = (await fn.getCredentials(type)) ?? {};
		// Both as stored and trimmed: a key pasted with a trailing newline is sent trimmed, and an API
		// echoing it back quotes the trimmed text.
		const values = fields.flatMap((field) => [String(data[field] ?? ''), String(data[field] ?? '').trim()]);
		return [...new Set(values.filter(Boolean))];
	} catch {
		return [];
	}
}
