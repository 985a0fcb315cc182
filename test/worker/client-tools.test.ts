/**
 * Client tools speak UpliftAI's RPC protocol: exact performRpc call, JSON Schema checks before
 * anything is sent, graceful tool errors, and `update_tools` add/remove/replace semantics.
 */
import { initializeLogger, llm } from '@livekit/agents';
import { RpcError, type LocalParticipant } from '@livekit/rtc-node';

import { ClientTools } from '../../worker/src/tools/clientTools';

initializeLogger({ pretty: false, level: 'silent' });

const weather = {
	name: 'get_weather',
	description: 'Current weather',
	parameters: { type: 'object' as const, properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } }, required: ['city'] },
	timeout: 5,
};

function fakeParticipant(answer: (call: Record<string, unknown>) => Promise<string>) {
	const calls: Array<Record<string, unknown>> = [];
	const participant = { performRpc: async (call: Record<string, unknown>) => (calls.push(call), answer(call)) } as unknown as LocalParticipant;
	return { participant, calls };
}

const execute = (tools: ClientTools, name: string, args: Record<string, unknown>) => {
	const tool = tools.functionTools().find((t) => (t as { name?: string }).name === name)!;
	return tool.execute(args as never, {} as never);
};

describe('ClientTools', () => {
	it('calls the user participant with the tool name, UpliftAI payload and the tool timeout', async () => {
		const { participant, calls } = fakeParticipant(async () => JSON.stringify({ result: 'sunny', presentationInstructions: 'say it warmly' }));
		const records: unknown[] = [];
		const tools = new ClientTools(() => participant, 'user-1', [weather], { onCall: (r) => records.push(r) });

		await expect(execute(tools, 'get_weather', { city: 'Paris' })).resolves.toEqual({ result: 'sunny', presentationInstructions: 'say it warmly' });
		expect(calls).toEqual([{ destinationIdentity: 'user-1', method: 'get_weather', payload: '{"arguments":{"raw_arguments":{"city":"Paris"}}}', responseTimeout: 5000 }]);
		expect(records).toEqual([{ name: 'get_weather', ms: expect.any(Number), ok: true }]);
	});

	it('uses the default 10 s timeout and passes plain-text answers through', async () => {
		const { participant, calls } = fakeParticipant(async () => 'done');
		const tools = new ClientTools(() => participant, 'user-1', [{ ...weather, timeout: undefined }]);
		await expect(execute(tools, 'get_weather', { city: 'Oslo' })).resolves.toBe('done');
		expect(calls[0].responseTimeout).toBe(10_000);
	});

	it('rejects arguments that break the JSON Schema without calling the device', async () => {
		const { participant, calls } = fakeParticipant(async () => 'never');
		const tools = new ClientTools(() => participant, 'user-1', [weather]);
		const error = await execute(tools, 'get_weather', { days: 0 }).catch((e: Error) => e);
		expect(error).toBeInstanceOf(llm.ToolError);
		expect((error as Error).message).toBe("Invalid arguments for get_weather: arguments must have required property 'city'; arguments.days must be >= 1");
		expect(calls).toEqual([]);
	});

	it('turns an RPC timeout into a tool error the LLM can talk about', async () => {
		const { participant } = fakeParticipant(async () => {
			throw new RpcError(RpcError.ErrorCode.RESPONSE_TIMEOUT, 'Response timeout');
		});
		const tools = new ClientTools(() => participant, 'user-1', [weather]);
		await expect(execute(tools, 'get_weather', { city: 'Paris' })).rejects.toThrow("The user's device could not run get_weather: no answer within 5 s");
	});

	it('drops a tool the device no longer serves (UNSUPPORTED_METHOD) and says so', async () => {
		const { participant } = fakeParticipant(async () => {
			throw new RpcError(RpcError.ErrorCode.UNSUPPORTED_METHOD, 'Method not supported at destination');
		});
		const tools = new ClientTools(() => participant, 'user-1', [weather]);
		const stale: string[] = [];
		tools.onStale = (name) => stale.push(name);
		await expect(execute(tools, 'get_weather', { city: 'Paris' })).rejects.toThrow("The user's device could not run get_weather: Method not supported at destination");
		expect(stale).toEqual(['get_weather']);
		expect(tools.names).toEqual([]);
	});

	it('applies update_tools: add, replace by name (keeping the rest), remove', () => {
		const tools = new ClientTools(() => ({}) as LocalParticipant, 'user-1', [weather]);
		const time = { name: 'get_time', description: 'Local time', parameters: { type: 'object', properties: {} }, timeout: 2 };
		expect(tools.applyUpdate(JSON.stringify({ action: 'add', tools: [time] }))).toEqual({ action: 'add', tools: ['get_weather', 'get_time'] });
		// The React SDK sends "replace" with a single changed tool: the other tools stay.
		expect(tools.applyUpdate(JSON.stringify({ action: 'replace', tools: [{ ...time, description: 'Time now', handler: {} }] }))).toEqual({ action: 'replace', tools: ['get_weather', 'get_time'] });
		expect(tools.functionTools().find((t) => (t as { name?: string }).name === 'get_time')!.description).toBe('Time now');
		expect(tools.applyUpdate(JSON.stringify({ action: 'remove', tools: [{ name: 'get_weather' }] }))).toEqual({ action: 'remove', tools: ['get_time'] });
	});

	it('refuses malformed update_tools requests with an RpcError and leaves the set unchanged', () => {
		const tools = new ClientTools(() => ({}) as LocalParticipant, 'user-1', [weather]);
		expect(() => tools.applyUpdate('not json')).toThrow('update_tools payload must be JSON');
		expect(() => tools.applyUpdate(JSON.stringify({ action: 'upsert', tools: [] }))).toThrow('update_tools action must be one of add, remove, replace; got "upsert"');
		expect(() => tools.applyUpdate(JSON.stringify({ action: 'add', tools: [{ name: 'bad name!', description: 'x', parameters: { type: 'object' } }] }))).toThrow(
			'update_tools tools[0].name must be 1-64 characters of letters, digits, "_" or "-"',
		);
		expect(() => tools.applyUpdate(JSON.stringify({ action: 'add', tools: [{ name: 'ok', description: 'x', parameters: { type: 'object', properties: { a: { type: 'nonsense' } } } }] }))).toThrow(
			'update_tools tools["ok"].parameters is not a valid JSON Schema',
		);
		expect(tools.names).toEqual(['get_weather']);
	});
});
