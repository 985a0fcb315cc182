/**
 * TEST STAND-IN. What the vendor stand-ins (../vendor-stand-ins.ts and the one module per vendor
 * beside this file) share: the request a vendor module routes, the answer it gives, and small helpers.
 */
import type { IncomingMessage } from 'node:http';

export interface Answer {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface Incoming {
	method: string;
	/** The path after the vendor prefix. */
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: unknown;
}

/** One vendor's API: its answers to a missing or wrong key and to an unknown route, and its routes. */
export interface VendorApi {
	unauthorized(): Answer;
	notFound(req: Incoming): Answer;
	/** The answer of a known route; undefined for a route the vendor does not have. */
	route(req: Incoming): Answer | undefined;
}

export type Json = Record<string, unknown>;
export { isPlainObject as isObject } from '../../../nodes/shared/objects';
export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const isoNow = () => new Date().toISOString();
