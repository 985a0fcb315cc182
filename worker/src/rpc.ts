/**
 * The agent's own RPC methods, as UpliftAI's client SDK calls them (`@upliftai/assistants-react`):
 * `update_tools` `{action, tools}` and `update_instructions` `{instructions}`. Both change the live
 * session from the next reply on. Malformed requests are answered with an RpcError that says what is
 * wrong, which rejects the client's call, so the app sees its mistake.
 */
import type { voice } from '@livekit/agents';
import { RpcError, type LocalParticipant, type RpcInvocationData } from '@livekit/rtc-node';

import type { Logger } from './sessionHelpers';
import type { ToolRegistry } from './tools/registry';

/** Only the session's user may reshape it; another participant in the room (say, an observer) may not. */
function fromUser(data: RpcInvocationData, userIdentity: string) {
	if (data.callerIdentity !== userIdentity) {
		throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, `only the session's user (${userIdentity}) may change its tools or instructions`);
	}
}

export function registerClientRpc(
	participant: LocalParticipant,
	{ tools, agent, logger, userIdentity }: { tools: ToolRegistry; agent: voice.Agent; logger: Logger; userIdentity: string },
) {
	participant.registerRpcMethod('update_tools', async (data: RpcInvocationData) => {
		fromUser(data, userIdentity);
		// Only the device's own (client) tools change; webhook and MCP tools stay offered.
		const result = tools.client.applyUpdate(data.payload);
		await agent.updateTools(tools.entries());
		logger.info({ caller: data.callerIdentity, ...result }, 'tools updated by client');
		return JSON.stringify({ status: 'ok', tools: result.tools });
	});

	participant.registerRpcMethod('update_instructions', async (data: RpcInvocationData) => {
		fromUser(data, userIdentity);
		let instructions: unknown;
		try {
			instructions = (JSON.parse(data.payload) as { instructions?: unknown }).instructions;
		} catch {
			throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, 'update_instructions payload must be JSON: {"instructions": "..."}');
		}
		if (typeof instructions !== 'string' || !instructions.trim()) {
			throw new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, 'update_instructions instructions must be a non-empty string');
		}
		await agent.updateInstructions(instructions);
		logger.info({ caller: data.callerIdentity, characters: instructions.length }, 'instructions updated by client');
		return JSON.stringify({ status: 'ok' });
	});
}
