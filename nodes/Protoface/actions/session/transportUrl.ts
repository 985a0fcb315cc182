/**
 * The LiveKit URL the Protoface worker connects to. Protoface's workers run in its cloud, so a
 * loopback address (n8n's own machine) can never reach the user's LiveKit server.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../../../shared/fieldError';
import { toWsUrl } from '../../../RealtimeVoice/livekit';

export { toWsUrl };

function hostOf(url: string): string | undefined {
	try {
		return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
	} catch {
		return undefined;
	}
}

/** localhost (and *.localhost), 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6. */
export function isLoopback(url: string): boolean {
	const host = hostOf(url);
	if (!host) return false;
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		/^127(\.\d{1,3}){3}$/.test(host) ||
		host === '::1' ||
		/^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host)
	);
}

/**
 * Refuses a loopback transport URL, unless Protoface itself is reached on loopback (a local test
 * setup where the "worker" runs on this machine too).
 */
export function refuseLoopback(fn: IExecuteFunctions, url: string, protofaceBaseUrl: string, minted: boolean, itemIndex: number) {
	if (!isLoopback(url) || isLoopback(protofaceBaseUrl)) return;
	throw fieldError(fn, 'transportUrl', `LiveKit URL ${url} is a loopback address, which Protoface's cloud workers cannot reach`, {
		itemIndex,
		description: minted
			? "Set the LiveKit credential's Client WebSocket URL, or the LiveKit URL field, to the address your LiveKit server has on the internet (e.g. wss://my-app.livekit.cloud)"
			: 'Set the LiveKit URL field to the address your LiveKit server has on the internet (e.g. wss://my-app.livekit.cloud)',
	});
}
