/**
 * Sessions whose job process died (killed, out of memory, a native crash) while a caller was in the room.
 *
 * The framework forgets such a job at once, but LiveKit keeps its agent participant in the room until
 * the dead connection times out (about 20 s), and after that the caller sits in a room no agent will
 * join again, until its empty or TTL timeout. The worker's main process closes that room instead:
 *
 * - with every load report (every 2.5 s, cli.ts) it compares the running jobs with the last ones;
 * - for a job that is gone it asks LiveKit whether that job's agent is still in the room. A job that
 *   ended normally has left (its room disconnect runs before the process exits) or deleted the room;
 *   an agent still listed is one whose process died under it;
 * - it then deletes the room, which disconnects the caller at once (the browser SDK reports the
 *   disconnect, so the page can say the call ended instead of waiting on silence), and logs an error
 *   with the job and room.
 *
 * So a dead job's room is closed within about 3 s of the process exiting (one load interval and two
 * API calls). The session's `session.ended` event is not sent: its sequence and transcript died with
 * the process; the error log line is the record.
 */
import { log } from '@livekit/agents';
import { RoomServiceClient } from 'livekit-server-sdk';

/** What the watch reads of the framework's `RunningJobInfo` (`AgentServer.activeJobs`). */
export interface RunningJob {
	job: { id: string; room?: { name: string } };
	acceptArguments: { identity: string };
}

/** The LiveKit room API calls the watch makes (livekit-server-sdk's RoomServiceClient). */
export interface RoomService {
	listParticipants(room: string): Promise<Array<{ identity: string }>>;
	deleteRoom(room: string): Promise<void>;
}

export interface LostJobWatch {
	/** Called with the running jobs at every load report; never throws, the checks run in the background. */
	observe(jobs: readonly RunningJob[]): void;
}

interface Seen {
	jobId: string;
	roomName: string;
	agentIdentity: string;
}

/**
 * @param makeRoomService Called once, on first use: the server URL and keys are final only once the
 *   framework has read its command line (cli.ts passes a function over the ServerOptions it mutates).
 */
export function createLostJobWatch(makeRoomService: () => RoomService, logger: () => ReturnType<typeof log> = log): LostJobWatch {
	let seen = new Map<string, Seen>();
	let service: RoomService | undefined;
	const roomService = () => (service ??= makeRoomService());

	const check = async (gone: Seen) => {
		let participants: Array<{ identity: string }>;
		try {
			participants = await roomService().listParticipants(gone.roomName);
		} catch {
			return; // the room is gone (deleted by the job or the node, or emptied): nothing to close
		}
		if (!participants.some((participant) => participant.identity === gone.agentIdentity)) return;
		const fields = { jobId: gone.jobId, room: gone.roomName, participants: participants.length - 1 };
		try {
			await roomService().deleteRoom(gone.roomName);
			logger().child(fields).error('job process died during a session; its room was closed so the caller is not left without an agent');
		} catch (error) {
			logger()
				.child({ ...fields, error: (error as Error).message })
				.error('job process died during a session; closing its room failed');
		}
	};

	return {
		observe(jobs) {
			const now = new Map<string, Seen>();
			for (const { job, acceptArguments } of jobs) {
				if (job.room?.name) now.set(job.id, { jobId: job.id, roomName: job.room.name, agentIdentity: acceptArguments.identity });
			}
			for (const [id, gone] of seen) {
				if (now.has(id)) continue;
				void check(gone);
			}
			seen = now;
		},
	};
}

/** The RoomService of a LiveKit server, from the worker's own URL and keys (ws(s) → http(s)). */
export function roomServiceOf(options: { wsURL: string; apiKey?: string; apiSecret?: string }): RoomService {
	const client = new RoomServiceClient(options.wsURL.replace(/^ws/, 'http'), options.apiKey, options.apiSecret);
	return {
		listParticipants: (room) => client.listParticipants(room),
		deleteRoom: (room) => client.deleteRoom(room),
	};
}
