/**
 * What UpliftAI's cloud needs in a configuration it must take whole (an ad-hoc session, a new
 * assistant): "config must be complete" [U1]. The docs give these fields only as examples, not as
 * defaults the cloud would apply (../shared/spec/apis.md, `config` structure), so a missing one is
 * refused naming the field and an example value, instead of being left to the vendor's 400.
 */
import { TTS_OUTPUT_FORMATS } from './providers';
import type { AssistantConfig } from './schema';

/** One message per missing field, `config.<path> is required …`; empty when the config is complete. */
export function cloudMissingFields(config: AssistantConfig, root = 'config'): string[] {
	const why = 'UpliftAI needs a complete configuration';
	const missing: string[] = [];
	if (config.session?.ttl === undefined) missing.push(`${root}.session.ttl is required (${why}), e.g. 1800 (seconds)`);
	if (!config.stt.default.language) missing.push(`${root}.stt.default.language is required (${why}), e.g. "en"`);
	if (config.tts.default.provider === 'upliftai' && !config.tts.default.outputFormat) {
		missing.push(`${root}.tts.default.outputFormat is required (${why}): one of ${TTS_OUTPUT_FORMATS.map((format) => JSON.stringify(format)).join(', ')}`);
	}
	return missing;
}
