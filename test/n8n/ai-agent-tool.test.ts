/**
 * The Realtime Voice node's Tool variant on n8n's own AI Agent, in a real n8n: the agent's OpenAI Chat
 * Model points at the tests' scripted chat model (fixtures.ts), which asks for a voice session for a
 * named customer; the agent calls the tool, the tool creates the session on the local livekit-server,
 * and the model's last answer quotes the room. Workflow: test/n8n/workflows/ai-agent-voice-tool.json.
 */
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';

import { DEFAULT_AGENT_NAME } from '../../src/config';
import { jwtClaims } from '../harness/jwt';
import { AGENT_CUSTOMER } from './fixtures';
import { executeWorkflow, testState, type CliRun } from './state';

const state = testState();
const httpUrl = state.livekit.url.replace(/^ws/, 'http');
const rooms = new RoomServiceClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);
const dispatches = new AgentDispatchClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);

type RunData = Record<string, Array<{ data?: Record<string, Array<Array<{ json: Record<string, unknown> }>>> }>>;
const runData = (run: CliRun) => (run.raw as { data: { resultData: { runData: RunData } } }).data.resultData.runData;

describe('Realtime Voice Tool on an AI Agent (real n8n 2.41.1)', () => {
	let run: CliRun;
	let session: Record<string, unknown>;

	beforeAll(async () => {
		run = await executeWorkflow(state, 'rtvTestAgentTool');
		session = runData(run)['Start Voice Session']?.[0]?.data?.ai_tool?.[0]?.[0]?.json ?? {};
	});

	it('runs the agent to the end: model → tool call → model', () => {
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		// The chat model ran twice: once to call the tool, once with the tool's answer.
		expect(runData(run)['OpenAI Chat Model']).toHaveLength(2);
		const [answer] = run.outputs['AI Agent'][0];
		expect(answer.json.output).toBe(`The voice session for ${AGENT_CUSTOMER} is ready in room ${String(session.roomName)}.`);
	});

	it('calls the Tool with the customer the model named, and gets the session back as the tool result', () => {
		const toolInput = runData(run)['Start Voice Session'][0].data!.ai_tool[1]?.[0]?.json;
		// The Tool variant keeps the Config output: it holds what the agent passed in.
		expect(toolInput).toMatchObject({ participantName: AGENT_CUSTOMER });
		expect(session).toMatchObject({ participantName: AGENT_CUSTOMER, agentName: DEFAULT_AGENT_NAME, wsUrl: state.livekit.url, mode: 'adhoc' });
		expect(String(session.roomName)).toMatch(/^agent-/);
	});

	it('left a real session on the local LiveKit: the room, the agent dispatch and a join token for it', async () => {
		const roomName = String(session.roomName);
		const [room] = await rooms.listRooms([roomName]);
		expect(room?.name).toBe(roomName);
		// LiveKit also lists the implicit dispatch every room gets (agent name ""); ours is the named one.
		const dispatch = (await dispatches.listDispatch(roomName)).find((candidate) => candidate.agentName === DEFAULT_AGENT_NAME);
		expect(dispatch).toBeDefined();
		expect(dispatch!.id).toBe(session.dispatchId);
		const metadata = JSON.parse(dispatch!.metadata);
		expect(JSON.stringify(metadata)).toContain('You are the support voice assistant.');

		const token = jwtClaims(String(session.token));
		expect(token).toMatchObject({ name: AGENT_CUSTOMER, video: { room: roomName, roomJoin: true }, iss: state.livekit.apiKey });
		await rooms.deleteRoom(roomName);
	});
});
