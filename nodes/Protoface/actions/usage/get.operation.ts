import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { fieldError } from '../../../shared/fieldError';
import type { ItemResult, SendContext } from '../../../shared/runner';
import { dateRange } from '../../dateRange';
import { usageRow } from '../../rows';
import { protofaceRequest, queryOf } from '../../transport';

const custom = { show: { period: ['custom'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Current Month', value: 'current_month' },
			{ name: 'Custom Range', value: 'custom' },
			{ name: 'Previous Month', value: 'previous_month' },
		],
		default: 'current_month',
		description: 'Which billing period to summarize',
	},
	{ displayName: 'Period Start', name: 'periodStart', type: 'dateTime', displayOptions: custom, default: '', required: true, description: 'Start of the range. A time without an offset is in the workflow\'s time zone.' },
	{ displayName: 'Period End', name: 'periodEnd', type: 'dateTime', displayOptions: custom, default: '', required: true, description: 'End of the range. A time without an offset is in the workflow\'s time zone.' },
	{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: '', placeholder: 'Europe/Berlin', description: 'IANA time zone of the daily credit buckets in the summary; empty uses the API default' },
];

export const description = updateDisplayOptions({ show: { resource: ['usage'], operation: ['get'] } }, properties);

type Query = Array<[string, string | undefined]>;

export function prepare(this: IExecuteFunctions, itemIndex: number): { query: Query } {
	const period = this.getNodeParameter('period', itemIndex, 'current_month') as string;
	const query: Query = [];
	if (period === 'custom') {
		const [start, end] = dateRange(
			this,
			itemIndex,
			[this.getNodeParameter('periodStart', itemIndex, ''), 'periodStart', 'Period Start'],
			[this.getNodeParameter('periodEnd', itemIndex, ''), 'periodEnd', 'Period End'],
		);
		if (!start || !end) {
			throw fieldError(this, start ? 'periodEnd' : 'periodStart', `${start ? 'Period End' : 'Period Start'} is required for Period "Custom Range"`, { itemIndex });
		}
		query.push(['period_start', start], ['period_end', end]);
	} else if (period === 'current_month' || period === 'previous_month') {
		query.push(['period', period]);
	} else {
		throw fieldError(this, 'period', `Period must be one of "current_month", "previous_month", "custom", got ${JSON.stringify(period)}`, { itemIndex });
	}
	const timeZone = String(this.getNodeParameter('timeZone', itemIndex, '') ?? '').trim();
	if (timeZone) {
		try {
			new Intl.DateTimeFormat('en', { timeZone });
		} catch {
			throw fieldError(this, 'timeZone', `Time Zone must be an IANA time zone such as "Europe/Berlin" or "UTC", got ${JSON.stringify(timeZone)}`, { itemIndex });
		}
		query.push(['time_zone', timeZone]);
	}
	return { query };
}

export async function send(this: IExecuteFunctions, { query }: { query: Query }, context: SendContext): Promise<ItemResult> {
	const raw = await protofaceRequest.call(this, { method: 'GET', path: '/v1/usage', qs: queryOf(query), arrayFormat: 'repeat' }, context);
	return { raw, rows: [usageRow(raw.body)] };
}
