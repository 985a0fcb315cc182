import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { executeWorkflow, nodeError, outputItems, outputJson } from '../harness/engine';
import { isolateNetwork, workflowWith } from '../harness/fixtures';
import { auth, PROTOFACE_BASE, protofaceCredentials, runNode } from './fixtures';

isolateNetwork();

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-fake-png-pixels\x00\xff\x10')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-fake-jpeg')]);
const avatar = (overrides: IDataObject = {}) => ({
	id: 'av_01HXYAVATAR',
	object: 'avatar',
	name: 'Ada',
	status: 'processing',
	runtime_type: 'avtr1',
	is_demo: false,
	voice: 'alloy',
	created_at: '2026-05-25T18:00:00.000Z',
	failure_reason: null,
	...overrides,
});
const avatarRowOf = (body: IDataObject) => ({
	id: body.id,
	name: body.name,
	status: body.status,
	runtimeType: body.runtime_type,
	isDemo: body.is_demo,
	voice: body.voice,
	createdAt: body.created_at,
	failureReason: body.failure_reason ?? null,
});

/** Runs Avatar → Create on items carrying a binary image. */
function createWith(files: Array<{ data: Buffer; mimeType: string; fileName: string; property?: string }>, parameters: IDataObject = {}, continueOnFail = false) {
	const workflow = workflowWith({ type: 'protoface', parameters: { resource: 'avatar', operation: 'create', name: '={{ $json.name }}', ...parameters }, continueOnFail });
	(workflow.pinData as IDataObject).Records = files.map((file, index) => ({
		json: { name: `Avatar ${index + 1}` },
		binary: { [file.property ?? 'data']: { data: file.data.toString('base64'), mimeType: file.mimeType, fileName: file.fileName } },
	}));
	return executeWorkflow(workflow, { credentials: protofaceCredentials });
}

/** Splits a multipart body into its parts (name → {headers, data}). */
function parseMultipart(raw: Buffer, contentType: string) {
	const boundary = /boundary=(.+)$/.exec(contentType)![1];
	const parts: Record<string, { headers: string; data: Buffer }> = {};
	const text = raw.toString('latin1');
	for (const chunk of text.split(`--${boundary}`).slice(1, -1)) {
		const [headers, ...rest] = chunk.replace(/^\r\n/, '').split('\r\n\r\n');
		const name = /name="([^"]+)"/.exec(headers)![1];
		parts[name] = { headers, data: Buffer.from(rest.join('\r\n\r\n').replace(/\r\n$/, ''), 'latin1') };
	}
	expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
	return parts;
}

const bodyBuffer = (body: unknown) => (Buffer.isBuffer(body) ? body : typeof body === 'string' && /^[0-9a-f]+$/i.test(body) ? Buffer.from(body, 'hex') : Buffer.from(String(body), 'latin1'));

describe('Protoface › Avatar › Create', () => {
	it('uploads the PNG as multipart with name and runtime_type', async () => {
		let parts: ReturnType<typeof parseMultipart> | undefined;
		nock(PROTOFACE_BASE, { reqheaders: { ...auth, 'content-type': /^multipart\/form-data; boundary=/ } })
			.post('/v1/avatars')
			.reply(202, function (_uri, body) {
				parts = parseMultipart(bodyBuffer(body), String(this.req.headers['content-type']));
				return avatar({ name: 'Avatar 1' });
			});

		const run = await createWith([{ data: PNG, mimeType: 'image/png', fileName: 'ada.png' }]);

		expect(nodeError(run, 'Node')).toBeUndefined();
		expect(Object.keys(parts!).sort()).toEqual(['image', 'name', 'runtime_type']);
		expect(parts!.name.data.toString()).toBe('Avatar 1');
		expect(parts!.runtime_type.data.toString()).toBe('avtr1');
		expect(parts!.image.headers).toBe('Content-Disposition: form-data; name="image"; filename="ada.png"\r\nContent-Type: image/png');
		expect(parts!.image.data.equals(PNG)).toBe(true);
		expect(outputJson(run, 'Node')).toEqual([avatarRowOf(avatar({ name: 'Avatar 1' }))]);
		// The Config output re-emits the input item unchanged (its image included), paired.
		expect(outputItems(run, 'Node', 1)).toEqual([
			{
				json: { name: 'Avatar 1' },
				binary: { data: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'ada.png' } },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('reads a JPEG from a named binary field, with a chosen runtime type and no name (the API names it), raw format', async () => {
		let parts: ReturnType<typeof parseMultipart> | undefined;
		nock(PROTOFACE_BASE, { reqheaders: { ...auth, 'content-type': /^multipart\/form-data; boundary=/ } })
			.post('/v1/avatars')
			.reply(202, function (_uri, body) {
				parts = parseMultipart(bodyBuffer(body), String(this.req.headers['content-type']));
				return avatar({ name: 'Custom Avatar' });
			});

		const run = await createWith([{ data: JPEG, mimeType: 'image/jpeg', fileName: 'portrait.jpg', property: 'portrait' }], {
			name: '',
			binaryPropertyName: 'portrait',
			runtimeType: 'avtr2',
			resultFormat: 'raw',
		});

		expect(Object.keys(parts!).sort()).toEqual(['image', 'runtime_type']);
		expect(parts!.runtime_type.data.toString()).toBe('avtr2');
		expect(parts!.image.headers).toMatch(/Content-Type: image\/jpeg$/);
		expect(parts!.image.data.equals(JPEG)).toBe(true);
		expect(outputJson(run, 'Node')).toEqual([{ body: avatar({ name: 'Custom Avatar' }), status: 202 }]);
	});

	it('refuses a non-image (whatever its declared type) and a missing binary field, sending nothing', async () => {
		const run = await createWith(
			[
				{ data: Buffer.from('GIF89a-not-allowed'), mimeType: 'image/png', fileName: 'fake.png' },
				{ data: PNG, mimeType: 'image/png', fileName: 'a.png', property: 'other' },
			],
			{},
			true,
		);

		expect(outputJson(run, 'Node').map((row) => row.error)).toEqual([
			'The image in binary field "data" must be PNG or JPEG, got image/png (fake.png)',
			'Input item 2 has no binary field "data"',
		]);
		expect(nock.isDone()).toBe(true);
	});
});

describe('Protoface › Avatar › List, Get, Delete', () => {
	it('lists with scope and search, following the cursor over 3 pages with Return All', async () => {
		const listPage = (ids: string[], hasMore: boolean) => ({ object: 'list', data: ids.map((id) => avatar({ id })), has_more: hasMore, next_cursor: hasMore ? ids[ids.length - 1] : null });
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.get('/v1/avatars')
			.query({ scope: 'org', q: 'ada', limit: '100' })
			.reply(200, listPage(['av_1', 'av_2'], true))
			.get('/v1/avatars')
			.query({ scope: 'org', q: 'ada', limit: '100', starting_after: 'av_2' })
			.reply(200, listPage(['av_3'], true))
			.get('/v1/avatars')
			.query({ scope: 'org', q: 'ada', limit: '100', starting_after: 'av_3' })
			.reply(200, listPage(['av_4'], false));

		const run = await runNode({ resource: 'avatar', operation: 'list', returnAll: true, scope: 'org', q: 'ada' }, [{ team: 'support' }]);

		expect(outputJson(run, 'Node')).toEqual(['av_1', 'av_2', 'av_3', 'av_4'].map((id) => avatarRowOf(avatar({ id }))));
		// One input item read over 3 pages: the Config output holds that one item, once, paired.
		expect(outputItems(run, 'Node', 1)).toEqual([{ json: { team: 'support' }, pairedItem: { item: 0 } }]);
	});

	it('Raw Response of a list is the list of page bodies', async () => {
		const onePage = { object: 'list', data: [avatar({ id: 'av_demo' })], has_more: false, next_cursor: null };
		nock(PROTOFACE_BASE, { reqheaders: auth }).get('/v1/avatars').query({ scope: 'platform', limit: '100' }).reply(200, onePage);

		const run = await runNode({ resource: 'avatar', operation: 'list', returnAll: true, scope: 'platform', resultFormat: 'raw' });

		expect(outputJson(run, 'Node')).toEqual([{ body: [onePage], status: 200 }]);
	});

	it('lists one page with the default scope and Limit', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth })
			.get('/v1/avatars')
			.query({ scope: 'all', limit: '2' })
			.reply(200, { object: 'list', data: [avatar({ id: 'av_demo', is_demo: true })], has_more: false, next_cursor: null });

		const run = await runNode({ resource: 'avatar', operation: 'list', limit: 2 });

		expect(outputJson(run, 'Node')).toEqual([avatarRowOf(avatar({ id: 'av_demo', is_demo: true }))]);
	});

	it('gets an avatar (a failed one reports its reason), in both formats', async () => {
		const failed = avatar({ status: 'failed', failure_reason: 'No face found in the image' });
		nock(PROTOFACE_BASE, { reqheaders: auth }).get('/v1/avatars/av_01HXYAVATAR').times(2).reply(200, failed);

		const got = await runNode({ resource: 'avatar', operation: 'get', avatarId: 'av_01HXYAVATAR' }, [{ ticket: 'T-7' }]);
		const raw = await runNode({ resource: 'avatar', operation: 'get', avatarId: 'av_01HXYAVATAR', resultFormat: 'raw' });

		expect(outputJson(got, 'Node')).toEqual([avatarRowOf(failed)]);
		expect(outputItems(got, 'Node', 1)).toEqual([{ json: { ticket: 'T-7' }, pairedItem: { item: 0 } }]);
		expect(outputJson(raw, 'Node')).toEqual([{ body: failed, status: 200 }]);
	});

	it('deletes an avatar: 204 with no body becomes {id, deleted: true}; Raw Response has no body', async () => {
		nock(PROTOFACE_BASE, { reqheaders: auth }).delete('/v1/avatars/av_01HXYAVATAR').times(2).reply(204);

		const deleted = await runNode({ resource: 'avatar', operation: 'delete', avatarId: 'av_01HXYAVATAR' }, [{ x: 1 }]);
		const raw = await runNode({ resource: 'avatar', operation: 'delete', avatarId: 'av_01HXYAVATAR', resultFormat: 'raw' });

		expect(outputJson(deleted, 'Node')).toEqual([{ id: 'av_01HXYAVATAR', deleted: true }]);
		expect(outputJson(deleted, 'Node', 1)).toEqual([{ x: 1 }]);
		expect(outputJson(raw, 'Node')).toEqual([{ body: null, status: 204 }]);
	});

	it('reports that stock avatars cannot be deleted with the API code', async () => {
		nock(PROTOFACE_BASE)
			.delete('/v1/avatars/av_demo')
			.reply(400, { error: { type: 'invalid_request', code: 'platform_avatar', message: 'Platform avatars are not deletable', request_id: 'req_9' } });

		const error = nodeError(await runNode({ resource: 'avatar', operation: 'delete', avatarId: 'av_demo' }), 'Node')!;

		expect(error.message).toBe('Protoface API error 400 [platform_avatar]: Platform avatars are not deletable');
		expect(error.description).toBe('Type: invalid_request · Request ID: req_9');
	});
});
