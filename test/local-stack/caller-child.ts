/**
 * Run by caller-logs.test.ts in its own process: the test caller joins a room on the test run's
 * livekit-server, a second participant sends it a text stream on a topic it has no handler for (what
 * the agent's transcription stream is to the caller), and both leave. Prints "done" on stdout.
 */
import { dispose, Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';

import { TestCaller } from '../../scripts/local-stack/caller';

async function token(room: string, identity: string) {
	const grant = new AccessToken(process.env.LIVEKIT_TEST_API_KEY!, process.env.LIVEKIT_TEST_API_SECRET!, { identity, ttl: 60 });
	grant.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
	return grant.toJwt();
}

async function main() {
	const url = process.env.LIVEKIT_TEST_URL!;
	const roomName = `logs-${process.pid}-${Date.now()}`;
	const caller = await TestCaller.join(url, await token(roomName, 'caller'), { microphone: false });
	const other = new Room();
	await other.connect(url, await token(roomName, 'other'), { autoSubscribe: false, dynacast: false });
	await other.localParticipant!.sendText('hello', { topic: 'lk.transcription', destinationIdentities: ['caller'] });
	await new Promise((resolve) => setTimeout(resolve, 1000));
	await other.disconnect();
	await caller.leave();
	await dispose();
	console.log('done');
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
