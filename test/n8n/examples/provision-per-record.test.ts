/**
 * examples/provision-per-record.json in a real n8n 2.41.1: Realtime Voice on the real livekit-server
 * and worker of the test run, one session per customer (see helpers.ts for the checks every example gets).
 */
import { AgentDispatchClient, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';

import { DEFAULT_AGENT_NAME, parseDispatchMetadata, parseRoomMetadata } from '../../../src/config';
import { describeExample, iso, json, jwtClaims, output, PACKAGE, records, state } from './helpers';

describeExample({ file: 'provision-per-record.json', title: 'examples/provision-per-record.json (Realtime Voice on the real livekit-server)' }, (example) => {
	const httpUrl = state.livekit.url.replace(/^ws/, 'http');
	const rooms = new RoomServiceClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);
	const dispatches = new AgentDispatchClient(httpUrl, state.livekit.apiKey, state.livekit.apiSecret);
	afterAll(async () => {
		// The worker joined each room: end the sessions so it is free for the next test file.
		const rows = example() ? json(output(example(), 'Realtime Voice', 0)) : [];
		await Promise.all(rows.map((row) => rooms.deleteRoom(String(row.roomName)).catch(() => undefined)));
	});

	it('returns one session per customer: room, token, dispatch, named after the customer', () => {
		const customers = records(example());
		const rows = json(output(example(), 'Realtime Voice', 0));
		customers.forEach((c, i) => {
			expect(rows[i]).toEqual({
				roomName: expect.stringMatching(/^crm-[0-9a-f]{8}-\d{10}$/),
				wsUrl: state.livekit.url,
				token: expect.any(String),
				tokenExpiresAt: expect.any(String),
				participantName: c.name,
				assistantId: null,
				mode: 'adhoc',
				dispatchId: expect.stringMatching(/^AD_/),
				agentName: DEFAULT_AGENT_NAME,
				// Wait for Agent (on by default): Create returned once the agent was in the room.
				agentJoinedAfterMs: expect.any(Number),
				participantIdentity: expect.stringMatching(/^user-[0-9a-f]{12}$/),
				roomSid: expect.stringMatching(/^RM_/),
				// No session.metadata and no events in this example.
				metadata: null,
				eventsUrl: null,
			});
			expect(rows[i].tokenExpiresAt).toBe(iso(jwtClaims(String(rows[i].token)).exp));
		});
		expect(new Set(rows.map((row) => row.roomName)).size).toBe(customers.length);
	});

	it('each room exists on livekit-server, made for its customer, with an agent dispatch carrying the personalised configuration', async () => {
		const customers = records(example());
		const rows = json(output(example(), 'Realtime Voice', 0));
		const live = await rooms.listRooms(rows.map((row) => String(row.roomName)));
		expect(live.map((room) => room.name).sort()).toEqual(rows.map((row) => row.roomName).sort());
		for (const [i, c] of customers.entries()) {
			const row = rows[i];
			const room = live.find((candidate) => candidate.name === row.roomName)!;
			expect(room.sid).toBe(row.roomSid);
			expect(room.emptyTimeout).toBe(900);
			expect(parseRoomMetadata(room.metadata)).toMatchObject({ createdBy: PACKAGE, agentName: DEFAULT_AGENT_NAME, participantName: c.name, participantIdentity: row.participantIdentity });

			const listed = await dispatches.listDispatch(String(row.roomName));
			const dispatch = listed.find((candidate) => candidate.id === row.dispatchId);
			expect(dispatch).toBeDefined();
			expect(dispatch!.agentName).toBe(DEFAULT_AGENT_NAME);
			expect(dispatch!.room).toBe(row.roomName);
			const metadata = parseDispatchMetadata(dispatch!.metadata);
			if (!metadata.ok) throw new Error(metadata.errors.join('; '));
			expect(metadata.value.participant).toEqual({ identity: row.participantIdentity, name: c.name });
			const config = metadata.value.config;
			expect(config.agent).toMatchObject({ initialGreeting: true, greetingMessage: c.greeting });
			expect(config.agent.instructions).toBe(
				`You are the account assistant of ${c.company}. The caller is ${c.name}, a customer on the ${c.plan} plan. Speak ${c.language}, keep answers to one or two sentences, and never invent account data.`,
			);
			expect(config.session).toEqual({ ttl: 900, roomPrefix: 'crm' });
			expect(config.tts.default).toMatchObject({ provider: 'espeak', voiceId: c.voice });
		}
	});

	it("each token is a JWT signed with the credential's key for the customer's own room", async () => {
		const customers = records(example());
		const rows = json(output(example(), 'Realtime Voice', 0));
		const verifier = new TokenVerifier(state.livekit.apiKey, state.livekit.apiSecret);
		for (const [i, c] of customers.entries()) {
			const token = String(rows[i].token);
			expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
			const claims = await verifier.verify(token);
			expect(claims).toMatchObject({ iss: state.livekit.apiKey, sub: rows[i].participantIdentity, name: c.name, video: { room: rows[i].roomName, roomJoin: true } });
			expect(Number(claims.exp) - Number(claims.nbf)).toBe(900);
		}
	});

	it('sent nothing to the vendor stand-ins', () => {
		expect(example().requests).toEqual([]);
	});
});
