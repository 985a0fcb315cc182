/** The Realtime Voice Trigger's panel: which parameters each mode shows, and what they say. */
import { NodeHelpers, type INodeParameters, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { SESSION_EVENT_TYPES } from '../../src/events';
import { loadNodeType, PACKAGE } from '../harness/engine';

const description = loadNodeType(`${PACKAGE}.realtimeVoiceTrigger`).description;
const property = (name: string) => description.properties.find((candidate) => candidate.name === name)!;
const values = (options: INodeProperties['options']) => (options as INodePropertyOptions[]).map(({ value }) => value);

/** The visible parameters for the given values, with n8n's defaults filled in. */
function visible(set: INodeParameters): string[] {
	const parameters = NodeHelpers.getNodeParameters(description.properties, set, true, false, { typeVersion: 1 }, description) ?? {};
	return description.properties.filter((candidate) => NodeHelpers.displayParameter(parameters, candidate, { typeVersion: 1 }, description)).map(({ name }) => name);
}

describe('Realtime Voice Trigger parameters', () => {
	it('Mode: Session Events (default), Tool Call, LLM Reply', () => {
		expect(property('mode')).toMatchObject({ type: 'options', default: 'events', noDataExpression: true });
		expect(values(property('mode').options).sort()).toEqual(['events', 'llmReply', 'toolCall']);
	});

	it('each mode shows its notice and its own parameters', () => {
		expect(visible({ mode: 'events' })).toEqual(['mode', 'eventsNotice', 'eventTypes']);
		expect(visible({ mode: 'toolCall' })).toEqual(['mode', 'toolCallNotice', 'toolNames']);
		expect(visible({ mode: 'llmReply' })).toEqual(['mode', 'llmReplyNotice']);
	});

	it('Event Types offers every session event type, none selected by default', () => {
		expect(property('eventTypes')).toMatchObject({ type: 'multiOptions', default: [] });
		expect(values(property('eventTypes').options).sort()).toEqual([...SESSION_EVENT_TYPES].sort());
	});

	it("offers no Respond to Webhook mode: n8n's Respond to Webhook (≥ 1.1) refuses to follow any trigger but n8n's own", () => {
		expect(description.properties.map((p) => p.name)).not.toContain('responseMode');
	});

	it('the notices say which URL goes where and what the workflow returns', () => {
		expect(property('eventsNotice').displayName).toMatch(/Production URL into the Realtime Voice node's Events URL \(config events\.webhookUrl\)/);
		expect(property('toolCallNotice').displayName).toMatch(/Production URL as the URL of a webhook tool.*The last node's output \(any JSON\) becomes the tool's result/);
		expect(property('llmReplyNotice').displayName).toMatch(/LLM Webhook URL .*llm\.default\.url.*\{"text": "…"\}, or \{"output": "…"\} as the AI Agent node returns it \(other accepted forms: docs\/events\.md\)/);
	});

	it('one POST webhook, path realtime-voice, answering per mode', () => {
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'realtime-voice',
				responseMode: expect.stringContaining('"onReceived"'),
				responseData: expect.stringContaining('"firstEntryJson"'),
			},
		]);
	});
});
