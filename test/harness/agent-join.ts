/**
 * Waits for the agent in a caller's room, making a lost dispatch again.
 *
 * livekit-server offers a dispatch's job once, to a worker under its target load (0.7 CPU by default),
 * and drops it otherwise ("no worker available to handle job … no workers with sufficient capacity";
 * ../shared/spec/livekit-cluster.md §3). On two busy cores (a test suite, `n8n execute`) the worker's
 * machine-wide CPU figure crosses that often enough to lose a dispatch now and then: it then has no
 * job in its state and never gets an agent. Such a dispatch is made again with the node's own
 * metadata, as LiveKit would have run it on a free worker, and a line says so. (The capacity model
 * that removes the cause is a separate piece of work; the tests here are about what happens once the
 * agent is in the room.)
 */
import { AgentDispatchClient } from 'livekit-server-sdk';

import type { TestCaller } from '../../scripts/local-stack/caller';

export async function waitForAgent(
	caller: TestCaller,
	server: { url: string; apiKey: string; apiSecret: string },
	room: string,
	agentName: string,
	timeoutMs = 90_000,
): Promise<void> {
	const dispatches = new AgentDispatchClient(server.url.replace(/^ws/, 'http'), server.apiKey, server.apiSecret);
	const deadline = Date.now() + timeoutMs;
	while (caller.agent === undefined) {
		await caller.waitFor(() => caller.agent !== undefined, 5_000, 'the agent to join').catch(() => undefined);
		if (caller.agent !== undefined) return;
		if (Date.now() > deadline) throw new Error(`no agent joined ${room} within ${timeoutMs / 1000} s`);
		const dispatch = (await dispatches.listDispatch(room)).find((candidate) => candidate.agentName === agentName);
		if (!dispatch || (dispatch.state?.jobs ?? []).length > 0) continue;
		process.stdout.write(`\n[test] the dispatch in ${room} got no job (the worker was at capacity when it was made): dispatching it again\n`);
		await dispatches.deleteDispatch(dispatch.id, room);
		await dispatches.createDispatch(room, agentName, { metadata: dispatch.metadata });
	}
}
