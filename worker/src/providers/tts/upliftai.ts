/**
 * `upliftai`: UpliftAI's text-to-speech API (`POST {base}/synthesis/text-to-speech`, body
 * `{voiceId, text, outputFormat}`, Bearer UPLIFTAI_API_KEY; voices such as `v_meklc281`).
 * The worker always asks for `PCM_22050_16`: the room re-encodes to Opus anyway, and raw PCM can be
 * framed while it downloads. `tts.default.outputFormat` describes what UpliftAI's own cloud sends to
 * its clients; it has no meaning between this worker and LiveKit.
 */
import { UPLIFTAI_DEFAULT_BASE_URL } from '../../../../src/config';
import { keyedBaseUrl, requireEnv, type TtsProviderModule } from '../types';
import { postForPcm } from './httpPcm';
import { PcmTts } from './pcmTts';

const UPLIFTAI_SAMPLE_RATE = 22_050;

export const upliftaiTts: TtsProviderModule = {
	create: (config, env) => {
		const apiKey = requireEnv(env, 'UPLIFTAI_API_KEY', 'tts.default', 'upliftai');
		const base = (keyedBaseUrl(config, env, 'tts.default', 'upliftai') ?? env.UPLIFTAI_BASE_URL ?? UPLIFTAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
		return new PcmTts({
			label: 'upliftai',
			provider: 'upliftai',
			model: config.model ?? 'upliftai-tts',
			sampleRate: UPLIFTAI_SAMPLE_RATE,
			source: (text, signal, timeoutMs) => postForPcm(`${base}/synthesis/text-to-speech`, apiKey, { voiceId: config.voiceId, text, outputFormat: 'PCM_22050_16' }, signal, timeoutMs),
		});
	},
};
