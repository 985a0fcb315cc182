import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { dispose } from '@livekit/rtc-node';
import { startLiveKitServer } from '../scripts/livekit-server';
import { startWorker } from '../scripts/local-stack/worker-process';
import { TestCaller, synthesizeSpeech } from '../scripts/local-stack/caller';
import { startScriptedOpenAi, messageText } from '../test/doubles/scripted-openai';
import { encodeDispatchMetadata } from '../src/config';

(async () => {
	const s = await startLiveKitServer();
	const llm = await startScriptedOpenAi({ chat: (req) => {
		const last = req.messages[req.messages.length - 1];
		if (last.role === 'tool') return { content: 'It is sunny in Paris.' };
		const text = messageText(last);
		if (/weather/i.test(text)) return { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] };
		return { content: `You said ${text}.` };
	}});
	const w = await startWorker({ url: s.url, apiKey: s.apiKey, apiSecret: s.apiSecret, agentName: 'smoke', env: { N8N_VOICE_IDLE_PROCESSES: '1' }, logLevel: 'debug' });
	console.log('worker up');
	const rooms = new RoomServiceClient(s.url.replace('ws', 'http'), s.apiKey, s.apiSecret);
	await rooms.createRoom({ name: 'r1', emptyTimeout: 60 });
	const config: any = { session: { ttl: 40 }, agent: { instructions: 'Be brief.', greetingMessage: 'Hello there, how can I help you today?', tools: [{ name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, timeout: 5 }] },
		stt: { default: { provider: 'openai-compatible', model: 'whisper-1', baseUrl: llm.baseUrl } }, tts: { default: { provider: 'espeak', voiceId: 'en-us' } }, llm: { default: { provider: 'openai-compatible', model: 'scripted', baseUrl: llm.baseUrl } } };
	const t0 = Date.now();
	await new AgentDispatchClient(s.url.replace('ws', 'http'), s.apiKey, s.apiSecret).createDispatch('r1', 'smoke', { metadata: encodeDispatchMetadata(config, { identity: 'u1', name: 'U' }) });
	const at = new AccessToken(s.apiKey, s.apiSecret, { identity: 'u1' }); at.addGrant({ roomJoin: true, room: 'r1' });
	const c = await TestCaller.join(s.url, await at.toJwt());
	try {
		await c.waitFor(() => !!c.agent, 20000, 'agent');
		console.log('agent joined after', c.agent!.joinedAt - t0);
		const g = await c.nextUtterance(0, 20000);
		console.log('greeting', g, 'first audio after', c.firstAgentAudioAt! - t0);
		c.handleTool('get_weather', async (args) => { console.log('tool called', args); return { result: 'sunny, 21 C' }; });
		llm.queueTranscripts('What is the weather in Paris?');
		const spoke = await c.say(synthesizeSpeech('What is the weather in Paris?'));
		const r = await c.nextUtterance(spoke, 20000);
		console.log('reply', r, 'after', r.startedAt - spoke);
	} catch (e) { console.error(e); }
	for (const l of w.logs) if ((l.time as number) >= t0 - 50 && (l.time as number) < t0 + 3000) console.log((l.time as number) - t0, l.pid, l.msg);
	console.log(llm.requests.map(r => r.path).join(','));
	await c.leave(); await w.stop(); await llm.close(); await dispose(); await s.stop();
	process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
