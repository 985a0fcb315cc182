/** Small pieces the tests' own HTTP servers (the doubles and the real-n8n vendor stand-ins) share. */
import type { IncomingMessage } from 'node:http';

/** The whole body of a request, as bytes. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}
