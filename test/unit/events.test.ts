/** The signature scheme of worker → n8n webhooks (src/events/signing.ts), checked against vectors computed with openssl. */
import {
	computeSignature,
	newRequestId,
	REQUEST_ID_HEADER,
	SIGNATURE_HEADER,
	signedHeaders,
	TIMESTAMP_HEADER,
	TYPE_HEADER,
	verifySignedRequest,
} from '../../src/events';

// printf '%s' '1700000000.{"id":"evt_1","type":"session.started"}' | openssl dgst -sha256 -hmac whsec_test_secret
const SECRET = 'whsec_test_secret';
const BODY = '{"id":"evt_1","type":"session.started"}';
const VECTOR = '3ae6b51dc37501f947044a8161442058198e22c9b77bda529ccbad9fa2305afb';
const AT = 1_700_000_000;

describe('signing (HMAC-SHA256 over "<timestamp>.<body>")', () => {
	it('matches known vectors', () => {
		expect(computeSignature(SECRET, AT, BODY)).toBe(VECTOR);
		expect(computeSignature(SECRET, String(AT), Buffer.from(BODY))).toBe(VECTOR);
		// printf '%s' '1700000000.' | openssl dgst -sha256 -hmac k  (an empty body)
		expect(computeSignature('k', AT, '')).toBe('5c2999a43333a6877f49c8003f235c4f6de40f85b1b7414b70bd470a8db53d97');
	});

	it('signed headers carry the timestamp, the id, the type and v1=<hex>', () => {
		expect(signedHeaders(SECRET, BODY, { id: 'evt_1', type: 'session.started', nowMs: AT * 1000 + 999 })).toEqual({
			'content-type': 'application/json',
			[TIMESTAMP_HEADER]: '1700000000',
			[REQUEST_ID_HEADER]: 'evt_1',
			[TYPE_HEADER]: 'session.started',
			[SIGNATURE_HEADER]: `v1=${VECTOR}`,
		});
	});

	it('request ids are unique and prefixed', () => {
		const ids = new Set(Array.from({ length: 1000 }, newRequestId));
		expect(ids.size).toBe(1000);
		expect([...ids][0]).toMatch(/^evt_[0-9a-f-]{36}$/);
	});
});

describe('verification', () => {
	const headers = (overrides: Record<string, string | undefined> = {}) => ({
		[TIMESTAMP_HEADER]: String(AT),
		[REQUEST_ID_HEADER]: 'evt_1',
		[SIGNATURE_HEADER]: `v1=${VECTOR}`,
		...overrides,
	});
	const now = (offsetSeconds: number) => ({ nowMs: (AT + offsetSeconds) * 1000 });

	it('accepts the exact bytes within 5 minutes either way', () => {
		expect(verifySignedRequest(SECRET, headers(), BODY, now(0))).toEqual({ ok: true, id: 'evt_1', timestamp: AT });
		expect(verifySignedRequest(SECRET, headers(), Buffer.from(BODY), now(300)).ok).toBe(true);
		expect(verifySignedRequest(SECRET, headers(), BODY, now(-300)).ok).toBe(true);
	});

	it('accepts any of several v1 signatures (secret rotation)', () => {
		const rotated = headers({ [SIGNATURE_HEADER]: `v1=${'0'.repeat(64)}, v1=${VECTOR}` });
		expect(verifySignedRequest(SECRET, rotated, BODY, now(0)).ok).toBe(true);
	});

	it.each([
		['a replayed request older than 5 minutes', headers(), BODY, now(301), 'timestamp is 301 s away from now (at most 300 s allowed)'],
		['a timestamp in the future', headers(), BODY, now(-400), 'timestamp is 400 s away from now (at most 300 s allowed)'],
		['a changed body', headers(), BODY.replace('evt_1', 'evt_2'), now(0), 'signature does not match'],
		['a re-serialised body (whitespace)', headers(), '{"id": "evt_1", "type": "session.started"}', now(0), 'signature does not match'],
		['another secret', headers({ [SIGNATURE_HEADER]: `v1=${computeSignature('other', AT, BODY)}` }), BODY, now(0), 'signature does not match'],
		['a moved timestamp', headers({ [TIMESTAMP_HEADER]: String(AT + 1) }), BODY, now(0), 'signature does not match'],
		['an unknown scheme', headers({ [SIGNATURE_HEADER]: `v0=${VECTOR}` }), BODY, now(0), 'signature does not match'],
		['a truncated signature', headers({ [SIGNATURE_HEADER]: `v1=${VECTOR.slice(0, 20)}` }), BODY, now(0), 'signature does not match'],
		['no signature', headers({ [SIGNATURE_HEADER]: undefined }), BODY, now(0), `missing ${SIGNATURE_HEADER} header`],
		['no timestamp', headers({ [TIMESTAMP_HEADER]: undefined }), BODY, now(0), `missing ${TIMESTAMP_HEADER} header`],
		['a date instead of seconds', headers({ [TIMESTAMP_HEADER]: '2023-11-14T22:13:20Z' }), BODY, now(0), `${TIMESTAMP_HEADER} must be unix seconds`],
	])('refuses %s', (_case, given, body, options, reason) => {
		const result = verifySignedRequest(SECRET, given, body, options);
		expect(result).toEqual({ ok: false, reason });
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});

	it('refuses everything when no secret is configured', () => {
		expect(verifySignedRequest('', headers(), BODY, now(0))).toEqual({ ok: false, reason: 'no signing secret is configured' });
	});
});
