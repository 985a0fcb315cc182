/**
 * Request ids already taken, so a delivery the worker retries (it delivers at least once) never
 * starts a second execution: events are exactly-once from the workflow's point of view.
 *
 * Two memories, because neither suffices alone: the node's workflow static data survives restarts
 * and is shared by every n8n main, but n8n loads and saves it per request, so two requests handled at
 * once each save their own copy and the last save drops the other's id; the in-process set sees every
 * request this process handles, at once, but is lost on restart.
 */
import type { IDataObject } from 'n8n-workflow';

/** How many ids each memory keeps (the newest). */
export const KEPT_IDS = 500;

/** Static data field holding the ids, oldest first. */
export const STATIC_DATA_KEY = 'seenRequestIds';

const inProcess = new Map<string, Set<string>>();

/**
 * True the first time `id` is seen by this trigger node (and records it in both memories); false
 * for a duplicate. Synchronous, so two requests with the same id cannot both pass.
 *
 * @param node - identifies the trigger node across requests: workflow id and node id
 * @param staticData - the node's `getWorkflowStaticData('node')`
 */
export function takeOnce(node: string, staticData: IDataObject, id: string): boolean {
	const stored = Array.isArray(staticData[STATIC_DATA_KEY]) ? (staticData[STATIC_DATA_KEY] as string[]) : [];
	let seen = inProcess.get(node);
	if (!seen) inProcess.set(node, (seen = new Set()));
	if (seen.has(id) || stored.includes(id)) return false;

	seen.add(id);
	// A Set keeps insertion order: the first entry is the oldest.
	if (seen.size > KEPT_IDS) seen.delete(seen.values().next().value as string);
	// Assigned, not pushed: n8n saves static data only when a property of it is set.
	staticData[STATIC_DATA_KEY] = [...stored, id].slice(-KEPT_IDS);
	return true;
}

/** Forgets the in-process memory (tests; a restart does the same). */
export function forgetInProcess(): void {
	inProcess.clear();
}
