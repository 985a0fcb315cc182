/** What a 409 on Session → Create most likely means, given where the Idempotency-Key and token came from. */
import { CONFLICT_HINT } from '../../transport';

const NOT_READY = 'Conflict: either the resource is not ready (e.g. the avatar is still processing; retry later) or';

export function conflictHint(keyGiven: boolean, tokenMinted: boolean): string {
	// A generated key is new for every item and run, so it cannot have been used before.
	if (!keyGiven) return CONFLICT_HINT;
	if (tokenMinted) {
		return (
			`${NOT_READY} this Idempotency-Key was already used within 24 h: every run mints a new worker token, so a re-run ` +
			'with the same key sends a different body, which Protoface refuses. Use a key that is new for each run, or leave it empty to generate one'
		);
	}
	return `${NOT_READY} this Idempotency-Key was already used with a different body within 24 h (use a new key, or leave it empty to generate one)`;
}
