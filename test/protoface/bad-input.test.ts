/** Bad input fails in prepare, before any request: nock has no interceptor, so a request would fail too. */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError, outputJson } from '../harness/engine';
import { isolateNetwork, workflowWith } from '../harness/fixtures';
import { PASTED_TOKEN, PROTOFACE_BASE, protofaceCredentials, refused, runNode, session } from './fixtures';

isolateNetwork();

const create = (extra: IDataObject = {}) => ({
	resource: 'session',
	operation: 'create',
	avatarId: 'av_demo',
	roomName: 'demo-room',
	transportUrl: 'wss://my-app.livekit.cloud',
	workerToken: PASTED_TOKEN,
	...extra,
});

const bigMetadata = JSON.stringify({ notes: 'x'.repeat(8200) });

describe('Protoface › Session › Create refuses bad input before sending', () => {
	it.each(['pipecat', 'websocket'])('transport type %s, with the API\'s own code and wording', async (type) => {
		const error = await refused(create({ transportType: type }));
		expect(error.message).toBe(`[transport.unsupported] transport.type=${type} is reserved and not yet available`);
		expect(error.context).toMatchObject({ field: 'transportType', code: 'transport.unsupported' });
	});

	it.each([
		// An expression that resolves to nothing passes n8n's static "required" check; prepare catches it.
		[{ avatarId: '={{ $json.missing }}' }, 'Avatar ID is required'],
		[{ avatarId: 'demo' }, 'Invalid Avatar ID: session.avatar_id must be an avatar id starting "av_", got "demo"'],
		[{ idleTimeoutSeconds: 0 }, 'Invalid Idle Timeout (Seconds): session.idle_timeout_seconds must be a whole number from 1 to 600, got 0'],
		[{ idleTimeoutSeconds: 601 }, 'Invalid Idle Timeout (Seconds): session.idle_timeout_seconds must be a whole number from 1 to 600, got 601'],
		[{ additionalFields: { maxDurationSeconds: 3601 } }, 'Invalid Max Duration (Seconds): session.max_duration_seconds must be a whole number from 1 to 3600, got 3601'],
		[{ quality: 'ultra' }, 'Invalid Quality: session.quality must be one of "mock", "lite", "standard", "pro", got "ultra"'],
		[{ transportUrl: 'ftp://my-app.livekit.cloud' }, 'Invalid LiveKit URL: session.transport.url must be a ws:// or wss:// URL, e.g. wss://my-app.livekit.cloud, got "ftp://my-app.livekit.cloud"'],
		[{ transportUrl: 'ws://127.0.0.1:7880' }, "LiveKit URL ws://127.0.0.1:7880 is a loopback address, which Protoface's cloud workers cannot reach"],
		[{ workerToken: '={{ $json.missing }}' }, 'Invalid Worker Token: session.transport.worker_token is required, got ""'],
		[{ roomName: ' ' }, 'Room Name is required'],
		[{ additionalFields: { subscribeToIdentity: 'visitor' } }, 'Invalid Subscribe To Identity: session.transport.subscribe_to_identity is used only with audio_source "track"; set Audio Source to Track or clear it, got "visitor"'],
		[{ additionalFields: { metadata: '[1,2]' } }, '"Metadata" must be a JSON object ({ … }), got a list'],
		[{ additionalFields: { metadata: '{"a": ' } }, '"Metadata" is not valid JSON: Unexpected end of JSON input'],
		[
			{ additionalFields: { metadata: '{"plan":"pro","customer":{"id":7}}' } },
			'Invalid Metadata: session.metadata.customer must be a string, number, boolean or null (Protoface metadata is flat: no nested objects or lists), got {"id":7}',
		],
		[
			{ additionalFields: { metadata: '{"tags":["a","b"]}' } },
			'Invalid Metadata: session.metadata.tags must be a string, number, boolean or null (Protoface metadata is flat: no nested objects or lists), got ["a","b"]',
		],
		// A key that names the prototype would be dropped when the object is copied: refused by name.
		[
			{ additionalFields: { metadata: '{"__proto__":{"polluted":1},"a":"b"}' } },
			'Invalid Metadata: session.metadata has the key "__proto__", which is not allowed ("__proto__", "constructor", "prototype" would change the object itself, not add data); rename it',
		],
		[
			{ additionalFields: { metadata: '{"plan":"pro","constructor":"x"}' } },
			'Invalid Metadata: session.metadata has the key "constructor", which is not allowed ("__proto__", "constructor", "prototype" would change the object itself, not add data); rename it',
		],
		[{ additionalFields: { idempotencyKey: 'k'.repeat(256) } }, 'Idempotency Key must be 1 to 255 printable ASCII characters (letters, digits, spaces and punctuation), got 256 characters'],
		[{ additionalFields: { idempotencyKey: 'bestellung-ü-42' } }, 'Idempotency Key must be 1 to 255 printable ASCII characters (letters, digits, spaces and punctuation), got "bestellung-ü-42"'],
		[{ additionalFields: { idempotencyKey: 'order\t42' } }, 'Idempotency Key must be 1 to 255 printable ASCII characters (letters, digits, spaces and punctuation), got "order\\t42"'],
	])('%j → %s', async (extra, message) => {
		expect((await refused(create(extra))).message).toBe(message);
	});

	it('metadata over 8 KB (serialized bytes) and reserved _avatar. keys', async () => {
		const big = await refused(create({ additionalFields: { metadata: bigMetadata } }));
		expect(big.message).toMatch(/^Invalid Metadata: session\.metadata is 8212 bytes as JSON; at most 8192 bytes \(8 KB\) are allowed/);
		// Multi-byte characters count as the API counts them: UTF-8 bytes, not characters.
		const wide = await refused(create({ additionalFields: { metadata: JSON.stringify({ n: 'é'.repeat(4095) }) } }));
		expect(wide.message).toMatch(/^Invalid Metadata: session\.metadata is 8198 bytes as JSON/);
		const reserved = await refused(create({ additionalFields: { metadata: '{"_avatar.voice":"x"}' } }));
		expect(reserved.message).toBe('Invalid Metadata: session.metadata uses reserved key "_avatar.voice"; keys starting "_avatar." belong to Protoface, got {"_avatar.voice":"x"}');
	});

	it('with continue-on-fail the bad item becomes an error row and the others are still sent', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions').times(2).reply(201, (_uri, body: any) => session({ avatar_id: body.avatar_id }));

		const run = await executeWorkflow(
			workflowWith({ type: 'protoface', parameters: create({ avatarId: '={{ $json.avatar }}', transportType: '={{ $json.transport }}' }), continueOnFail: true }, [
				{ avatar: 'av_one', transport: 'livekit' },
				{ avatar: 'av_two', transport: 'pipecat' },
				{ avatar: 'av_three', transport: 'livekit' },
			]),
			{ credentials: protofaceCredentials },
		);

		const items = run.data.resultData.runData.Node[0].data!.main[0]!;
		expect(items.map((item) => [item.json.avatarId ?? item.json.error, item.json.code ?? null, item.pairedItem])).toEqual([
			['av_one', null, { item: 0 }],
			['[transport.unsupported] transport.type=pipecat is reserved and not yet available', 'transport.unsupported', { item: 1 }],
			['av_three', null, { item: 2 }],
		]);
	});

	it('one Idempotency Key shared by two items is refused (the second would get the first one\'s session)', async () => {
		const error = await refused(create({ additionalFields: { idempotencyKey: 'same-key' } }), [{}, {}]);
		expect(error.message).toBe('Idempotency Key "same-key" is also used by item 1');
	});

	it('reads numbers that arrive as text (CSV rows) and still checks their range', async () => {
		nock(PROTOFACE_BASE).post('/v1/sessions', (body) => body.idle_timeout_seconds === 45 && body.max_duration_seconds === 120).reply(201, session());
		const run = await runNode(create({ idleTimeoutSeconds: '={{ $json.idle }}', additionalFields: { maxDurationSeconds: '={{ $json.max }}' } }), [{ idle: '45', max: '120' }]);
		expect(nodeError(run, 'Node')).toBeUndefined();
		const error = await refused(create({ idleTimeoutSeconds: '={{ $json.idle }}' }), [{ idle: '700' }]);
		expect(error.message).toMatch(/idle_timeout_seconds must be a whole number from 1 to 600, got 700/);
	});

	it('an error in one item stops the run before anything is sent', async () => {
		const error = await refused(create({ idleTimeoutSeconds: '={{ $json.idle }}' }), [{ idle: 30 }, { idle: 900 }]);
		expect(error.message).toMatch(/idle_timeout_seconds must be a whole number from 1 to 600, got 900/);
	});
});

describe('Protoface › other operations refuse bad input before sending', () => {
	it.each([
		[{ resource: 'session', operation: 'get', sessionId: '={{ $json.missing }}' }, 'Session ID is required'],
		[{ resource: 'session', operation: 'list', limit: 101 }, 'Limit must be a whole number from 1 to 100, got 101'],
		[{ resource: 'session', operation: 'list', filters: { createdAfter: 'yesterday' } }, `Created After must be a date and time such as 2026-05-01T10:00:00 (in the workflow's time zone) or 2026-05-01T10:00:00+02:00, got "yesterday"`],
		[{ resource: 'session', operation: 'list', filters: { createdBefore: '2026-02-30T10:00:00' } }, `Created Before must be a date and time such as 2026-05-01T10:00:00 (in the workflow's time zone) or 2026-05-01T10:00:00+02:00, got "2026-02-30T10:00:00"`],
		[{ resource: 'session', operation: 'list', filters: { createdAfter: '2026-05-02T00:00:00Z', createdBefore: '2026-05-01T00:00:00Z' } }, 'Created Before (2026-05-01T00:00:00.000Z) must be after Created After (2026-05-02T00:00:00.000Z)'],
		[{ resource: 'session', operation: 'list', filters: { avatarId: 'demo' } }, 'Avatar ID must be an avatar id starting "av_", got "demo"'],
		[{ resource: 'usage', operation: 'get', period: 'custom', periodStart: 'last monday', periodEnd: '2026-05-17T00:00:00Z' }, `Period Start must be a date and time such as 2026-05-01T10:00:00 (in the workflow's time zone) or 2026-05-01T10:00:00+02:00, got "last monday"`],
		[{ resource: 'usage', operation: 'get', period: 'custom', periodStart: '2026-05-17T00:00:00Z', periodEnd: '2026-05-10T00:00:00Z' }, 'Period End (2026-05-10T00:00:00.000Z) must be after Period Start (2026-05-17T00:00:00.000Z)'],
		[{ resource: 'avatar', operation: 'list', scope: '={{ "everything" }}' }, 'Scope must be one of "all", "org", "platform", got "everything"'],
		[{ resource: 'usage', operation: 'get', period: 'custom', periodStart: '2026-05-01T00:00:00Z', periodEnd: '={{ $json.missing }}' }, 'Period End is required for Period "Custom Range"'],
		[{ resource: 'usage', operation: 'get', timeZone: 'Mars/Olympus' }, 'Time Zone must be an IANA time zone such as "Europe/Berlin" or "UTC", got "Mars/Olympus"'],
	])('%j → %s', async (parameters, message) => {
		expect(outputJson(await runNode(parameters, [{}], { continueOnFail: true }), 'Node')[0].error).toBe(message);
		expect(nock.isDone()).toBe(true);
	});
});
