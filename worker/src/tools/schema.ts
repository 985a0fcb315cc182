/**
 * Tool arguments checked against the tool's own JSON Schema before a call leaves the agent (to the
 * device, a webhook). A bad call becomes a tool error the LLM can recover from, never a request.
 */
import { llm } from '@livekit/agents';
import Ajv, { type ValidateFunction } from 'ajv';

/** Tool arguments as the LLM sends them (the agents package does not export its own alias). */
export type JsonValue = null | string | number | boolean | JsonObject | JsonValue[];
export type JsonObject = { [key: string]: JsonValue };

// User schemas may carry annotations (examples, format, …) that strict mode would reject.
const ajv = new Ajv({ allErrors: true, strict: false });

/** `arguments.days must be >= 1; arguments must have required property 'city'`. */
export function describeSchemaErrors(validate: ValidateFunction): string {
	return (validate.errors ?? [])
		.map((error) => `${error.instancePath ? `arguments${error.instancePath.replace(/\//g, '.')}` : 'arguments'} ${error.message}`)
		.join('; ');
}

/** Compiling checks the schema itself: a broken schema must not reach the LLM (throws, naming the tool). */
export function compileParameters(name: string, parameters: object): ValidateFunction {
	try {
		return ajv.compile(parameters);
	} catch (error) {
		throw new Error(`tools["${name}"].parameters is not a valid JSON Schema: ${(error as Error).message}`);
	}
}

/** Throws the `llm.ToolError` the LLM sees when `args` break the tool's schema. */
export function assertArguments(name: string, validate: ValidateFunction, args: unknown): void {
	if (!validate(args)) throw new llm.ToolError(`Invalid arguments for ${name}: ${describeSchemaErrors(validate)}`);
}

/** An answer that is JSON becomes the parsed value (object, string, number …); anything else stays text. */
export function parseAnswer(answer: string): unknown {
	try {
		return JSON.parse(answer);
	} catch {
		return answer;
	}
}
