/**
 * Credentials the real-n8n tests import (ids and names as the example workflows reference them, base
 * URLs pointed at the tests' own stand-ins on 127.0.0.1), and the script of the chat model that
 * drives the AI Agent test.
 */
import type { ChatRequest, ScriptedReply } from '../doubles/scripted-openai';
import { messageText } from '../doubles/scripted-openai';

/** API keys of the stand-ins; the tests check none of them reaches an output or n8n's log. */
export const TEST_KEYS = {
	upliftai: 'sk_upliftai_realn8n_0123456789',
	vapi: 'vapi_realn8n_0123456789abcdef',
	openaiRealtime: 'sk-proj-realn8n-0123456789abcdef',
	protoface: 'pf_live_realn8n_0123456789',
	chatModel: 'sk-chat-realn8n-0123456789',
};

interface TestCredential {
	id: string;
	name: string;
	type: string;
	data(urls: { standIns: string; chatModel: string }): Record<string, unknown>;
}

export const TEST_CREDENTIALS: TestCredential[] = [
	{ id: 'rtvUpliftAiCred1', name: 'UpliftAI', type: 'upliftAiApi', data: ({ standIns }) => ({ apiKey: TEST_KEYS.upliftai, baseUrl: `${standIns}/upliftai/v1` }) },
	{ id: 'rtvVapiCredent01', name: 'Vapi', type: 'vapiApi', data: ({ standIns }) => ({ apiKey: TEST_KEYS.vapi, baseUrl: `${standIns}/vapi` }) },
	{
		id: 'rtvOpenAiRtCred1',
		name: 'OpenAI Realtime',
		type: 'openAiRealtimeApi',
		data: ({ standIns }) => ({ apiKey: TEST_KEYS.openaiRealtime, organizationId: '', projectId: '', baseUrl: `${standIns}/openai/v1` }),
	},
	{ id: 'rtvProtofaceCre1', name: 'Protoface', type: 'protofaceApi', data: ({ standIns }) => ({ apiKey: TEST_KEYS.protoface, baseUrl: `${standIns}/protoface` }) },
	// n8n's own OpenAI credential, for the OpenAI Chat Model inside the AI Agent test workflow.
	{ id: 'rtvTestChatModel', name: 'Scripted chat model', type: 'openAiApi', data: ({ chatModel }) => ({ apiKey: TEST_KEYS.chatModel, url: chatModel }) },
];

/** The customer the AI Agent test asks a voice session for. */
export const AGENT_CUSTOMER = 'Ada Lovelace';

/**
 * What the scripted chat model answers the AI Agent: first a call of the voice-session tool (whatever
 * n8n named it, found by "voice" in its name) for the customer named in the user's message; once the
 * tool's answer is in the conversation, a sentence quoting the room name from it.
 */
export function agentChatScript(request: ChatRequest): ScriptedReply {
	const toolAnswer = request.messages.find((message) => message.role === 'tool');
	if (toolAnswer) {
		const room = /"roomName"\s*:\s*"([^"]+)"/.exec(messageText(toolAnswer))?.[1] ?? 'unknown';
		return { content: `The voice session for ${AGENT_CUSTOMER} is ready in room ${room}.` };
	}
	const tool = request.tools?.find((candidate) => /voice/i.test(candidate.function.name));
	if (!tool) return { content: 'I have no tool to start a voice session.' };
	const asked = messageText([...request.messages].reverse().find((message) => message.role === 'user'));
	const name = /customer ([A-Z][a-z]+ [A-Z][a-z]+)/.exec(asked)?.[1] ?? AGENT_CUSTOMER;
	return { toolCalls: [{ name: tool.function.name, arguments: { participantName: name } }] };
}
