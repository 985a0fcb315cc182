/** Following n8n workflow JSON's `connections`, for the engine harness and the tests that read examples. */

export type MainConnections = Record<string, { main?: Array<Array<{ node: string }> | null> } | undefined>;

/** The names of the nodes that node `name` feeds on its main outputs, in output order. */
export const targetsOf = (workflow: { connections: object }, name: string): string[] =>
	((workflow.connections as MainConnections)[name]?.main ?? []).flatMap((output) => (output ?? []).map((connection) => connection.node));
