/**
 * Fields of the shared configuration that only the bundled self-hosted worker runs. UpliftAI's cloud
 * takes the same configuration but does not know these (they are not in UpliftAI's Realtime
 * Assistants reference, seed 000), so the UpliftAI node refuses them before sending anything instead
 * of letting the cloud drop or reject them.
 */
import type { AssistantConfigPatch } from './schema';

const HINT = 'it needs the self-hosted "Realtime Voice (LiveKit)" node and its worker; UpliftAI\'s cloud does not run it';

/**
 * One message per self-hosted-only field present in `config` (complete or partial), each naming the
 * field under `root`; empty when UpliftAI can run the configuration.
 */
export function selfHostedOnlyFields(config: AssistantConfigPatch, root = 'config'): string[] {
	const problems: string[] = [];
	if (config.session?.metadata !== undefined) problems.push(`${root}.session.metadata: ${HINT}`);
	if (config.events !== undefined) problems.push(`${root}.events: ${HINT}`);
	(config.agent?.tools ?? []).forEach((tool, index) => {
		if (tool.type === 'webhook' || tool.type === 'mcp') problems.push(`${root}.agent.tools.${index}.type "${tool.type}": ${HINT}`);
	});
	if (config.llm?.default?.provider === 'webhook') problems.push(`${root}.llm.default.provider "webhook": ${HINT}`);
	return problems;
}
