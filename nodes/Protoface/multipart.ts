/**
 * A multipart/form-data body built in memory: a Buffer (unlike a form-data stream) can be sent again
 * as-is when the shared transport retries a 429/503.
 */
import { randomUUID } from 'node:crypto';

export interface FilePart {
	name: string;
	fileName: string;
	contentType: string;
	data: Buffer;
}

const quoted = (value: string) => value.replace(/["\r\n\\]/g, '_');

export function encodeMultipart(fields: Array<[string, string]>, files: FilePart[]): { data: Buffer; contentType: string } {
	const boundary = `----n8nProtoface${randomUUID().replace(/-/g, '')}`;
	const parts: Buffer[] = [];
	for (const [name, value] of fields) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`, 'utf8'));
	}
	for (const file of files) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(file.name)}"; filename="${quoted(file.fileName)}"\r\n` +
					`Content-Type: ${file.contentType}\r\n\r\n`,
				'utf8',
			),
			file.data,
			Buffer.from('\r\n', 'utf8'),
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { data: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** PNG or JPEG by their signature bytes (the declared MIME type of a binary is not proof). */
export function imageTypeOf(data: Buffer): 'image/png' | 'image/jpeg' | undefined {
	if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
	if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
	return undefined;
}
