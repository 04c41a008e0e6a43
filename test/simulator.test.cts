import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import axios from 'axios';
import type { AxiosInstance } from 'axios';

import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';
import type { Simulator } from '../simulator/server.cjs';

const PATH = '/xapi/v1/Microsoft365Integration';

describe('3CX simulator', () => {
	let simulator: Simulator;
	let http: AxiosInstance;

	before(async () => {
		simulator = await startSimulator({ tokenLifetimeSeconds: 120 });
		http = axios.create({ baseURL: simulator.url, validateStatus: () => true });
	});
	after(async () => {
		await simulator.close();
	});
	beforeEach(() => {
		simulator.reset();
	});

	async function token(): Promise<string> {
		const response = await http.post(
			'/connect/token',
			new URLSearchParams({
				client_id: DEMO_CLIENT.clientId,
				client_secret: DEMO_CLIENT.apiKey,
				grant_type: 'client_credentials',
			}),
		);
		return response.data.access_token as string;
	}

	it('issues a token with its lifetime in seconds', async () => {
		const response = await http.post(
			'/connect/token',
			new URLSearchParams({
				client_id: DEMO_CLIENT.clientId,
				client_secret: DEMO_CLIENT.apiKey,
				grant_type: 'client_credentials',
			}),
		);

		assert.equal(response.status, 200);
		assert.equal(response.data.token_type, 'Bearer');
		assert.equal(response.data.expires_in, 120);
		assert.equal(response.data.refresh_token, null);
		assert.match(response.data.access_token, /^[\w-]{20,}$/);
	});

	it('accepts only a form body for tokens', async () => {
		const response = await http.post('/connect/token', {
			client_id: DEMO_CLIENT.clientId,
			client_secret: DEMO_CLIENT.apiKey,
			grant_type: 'client_credentials',
		});

		assert.equal(response.status, 400);
		assert.equal(response.data.error, 'invalid_request');
	});

	it('rejects a wrong secret as invalid_client', async () => {
		const response = await http.post(
			'/connect/token',
			new URLSearchParams({
				client_id: DEMO_CLIENT.clientId,
				client_secret: 'x',
				grant_type: 'client_credentials',
			}),
		);

		assert.equal(response.status, 401);
		assert.deepEqual(Object.keys(response.data).sort(), ['error', 'error_description']);
		assert.equal(response.data.error, 'invalid_client');
	});

	it('revokes the previous token of a client', async () => {
		const first = await token();
		const second = await token();

		const withFirst = await http.get(PATH, { headers: { Authorization: `Bearer ${first}` } });
		const withSecond = await http.get(PATH, { headers: { Authorization: `Bearer ${second}` } });

		assert.equal(withFirst.status, 401);
		assert.match(String(withFirst.headers['www-authenticate']), /revoked/);
		assert.equal(withSecond.status, 200);
	});

	it('answers 401 without a token or with an expired one', async () => {
		const valid = await token();
		simulator.tokens.expireAll();

		const missing = await http.get(PATH);
		const expired = await http.get(PATH, { headers: { Authorization: `Bearer ${valid}` } });

		assert.equal(missing.status, 401);
		assert.equal(expired.status, 401);
		assert.match(String(expired.headers['www-authenticate']), /expired/);
	});

	it('stores a PATCH and answers 204 without a body', async () => {
		const headers = { Authorization: `Bearer ${await token()}` };

		const patch = await http.patch(
			PATH,
			{ TenantId: 'fabrikam.onmicrosoft.com', AdUsers: { IsEnabled: false } },
			{ headers },
		);
		const get = await http.get(PATH, { headers });

		assert.equal(patch.status, 204);
		assert.equal(patch.data, '');
		assert.equal(get.data.TenantId, 'fabrikam.onmicrosoft.com');
		assert.equal(get.data.AdUsers.IsEnabled, false);
		// Nested settings the PATCH did not name stay as they were.
		assert.deepEqual(get.data.AdUsers.SelectedUsers, [
			'adele.vance@contoso.com',
			'alex.wilber@contoso.com',
		]);
		assert.match(get.data['@odata.context'], /\$metadata#Microsoft365Integration$/);
	});

	it('replaces a list that a PATCH sends', async () => {
		const headers = { Authorization: `Bearer ${await token()}` };

		await http.patch(PATH, { AdUsers: { SelectedUsers: [] } }, { headers });

		assert.deepEqual(
			(simulator.state.microsoft365Integration.AdUsers as { SelectedUsers: string[] })
				.SelectedUsers,
			[],
		);
	});

	const badBodies: Array<{ name: string; body: unknown; target: string; message: RegExp }> = [
		{
			name: 'AdUsers sent as a string',
			body: { AdUsers: '{"IsEnabled":true}' },
			target: 'AdUsers',
			message: /Pbx\.ADUsersSyncConfiguration/,
		},
		{
			name: 'an unknown property',
			body: { TenantID: 'x' },
			target: 'TenantID',
			message: /does not exist on type 'Pbx\.Microsoft365Integration'/,
		},
		{
			name: 'an @odata annotation',
			body: { '@odata.context': 'x', TenantId: 'y' },
			target: '@odata.context',
			message: /annotation/,
		},
		{
			name: 'an enum typo',
			body: { SharedMailboxesSync: { SyncType: 'SyncAll' } },
			target: 'SharedMailboxesSync.SyncType',
			message: /not a valid enumerated type constant/,
		},
		{
			name: 'a null list entry',
			body: { AdUsers: { SelectedUsers: [null] } },
			target: 'AdUsers.SelectedUsers[0]',
			message: /null value/,
		},
		{ name: 'a non-integer Id', body: { Id: 'one' }, target: 'Id', message: /Edm\.Int32/ },
	];
	for (const bad of badBodies) {
		it(`rejects ${bad.name} with an OData error`, async () => {
			const headers = { Authorization: `Bearer ${await token()}` };

			const response = await http.patch(PATH, bad.body, { headers });

			assert.equal(response.status, 400);
			assert.equal(response.data.error.message, 'The request is invalid.');
			assert.equal(response.data.error.details[0].target, bad.target);
			assert.match(response.data.error.details[0].message, bad.message);
			assert.equal(simulator.state.microsoft365Integration.TenantId, 'contoso.onmicrosoft.com');
		});
	}

	it('rejects a body that is not JSON', async () => {
		const headers = {
			Authorization: `Bearer ${await token()}`,
			'Content-Type': 'application/json',
		};

		const response = await http.patch(PATH, '{"TenantId":', {
			headers,
			transformRequest: [(data: string) => data],
		});

		assert.equal(response.status, 400);
		assert.match(response.data.error.details[0].message, /not valid JSON/);
	});

	it('records requests and serves injected faults once', async () => {
		const headers = { Authorization: `Bearer ${await token()}` };
		simulator.injectFault({
			method: 'GET',
			path: PATH,
			status: 503,
			headers: { 'retry-after': '1' },
		});

		const first = await http.get(PATH, { headers });
		const second = await http.get(PATH, { headers });

		assert.equal(first.status, 503);
		assert.equal(first.headers['retry-after'], '1');
		assert.equal(second.status, 200);
		assert.deepEqual(
			simulator.xapiRequests().map((request) => request.status),
			[503, 200],
		);
	});

	it('answers 404 with an empty body for unknown paths', async () => {
		const response = await http.get('/xapi/v1/NoSuchThing', {
			headers: { Authorization: `Bearer ${await token()}` },
		});

		assert.equal(response.status, 404);
		assert.equal(response.data, '');
	});
});

describe('3CX simulator routing', () => {
	let simulator: Simulator;
	let legacy: Simulator;
	let http: AxiosInstance;

	before(async () => {
		simulator = await startSimulator();
		legacy = await startSimulator({ release: '20.0.7' });
		http = axios.create({ validateStatus: () => true });
	});
	after(async () => {
		await simulator.close();
		await legacy.close();
	});
	beforeEach(() => {
		simulator.reset();
		legacy.reset();
	});

	async function send(target: Simulator, method: string, path: string, data?: unknown) {
		const { data: token } = await http.post(
			`${target.url}/connect/token`,
			new URLSearchParams({
				client_id: DEMO_CLIENT.clientId,
				client_secret: DEMO_CLIENT.apiKey,
				grant_type: 'client_credentials',
			}),
		);
		const response = await http.request({
			method,
			url: `${target.url}/xapi/v1${path}`,
			data,
			headers: { Authorization: `Bearer ${token.access_token as string}` },
		});
		const recorded = target.xapiRequests().at(-1)!;
		return {
			status: response.status,
			data: response.data,
			rejection: recorded.rejection,
			recorded,
		};
	}

	const rejected: Array<[string, string, string, number, RegExp]> = [
		['an unquoted string key', 'DELETE', '/Backups(a.zip)', 400, /not quoted/],
		['a quote that is not doubled', 'DELETE', "/Backups('it's.zip')", 400, /unescaped quote/],
		['a text integer key', 'GET', '/Users(abc)', 400, /not a valid Edm\.Int32/],
		['a quoted integer key', 'GET', "/Users('1')", 400, /not a valid Edm\.Int32/],
		['an unquoted alternate key', 'GET', '/Users(Number=100)', 400, /not quoted/],
		[
			'a missing function parameter',
			'GET',
			'/Users/Pbx.GetPhoneRegistrar()',
			404,
			/needs the parameter mac/,
		],
		[
			'an unknown function parameter',
			'GET',
			"/Users/Pbx.GetPhoneRegistrar(mac='a',port=1)",
			404,
			/has no parameter port/,
		],
		[
			'a raw plus in a date-time',
			'GET',
			"/ActivityLog/Pbx.GetLogs(startDate=2026-01-01T00:00:00+01:00,endDate=2026-01-02T00:00:00Z,extension='',call='',severity='')",
			400,
			/raw '\+'/,
		],
		[
			'a function without parentheses',
			'GET',
			'/Defs/Pbx.GetSystemParameters',
			404,
			/No resource or function/,
		],
		['an unknown query option', 'GET', '/Users?$foo=1', 400, /\$foo is not supported/],
		['paging on a single entity', 'GET', '/Users(1)?$top=2', 400, /\$top is not supported/],
		['a negative $top', 'GET', '/Users?$top=-1', 400, /non-negative whole number/],
		['an unknown $select property', 'GET', '/Users?$select=Nope', 400, /property named 'Nope'/],
		['a method the path lacks', 'DELETE', '/Defs', 404, /DELETE is not allowed/],
	];
	for (const [name, method, path, status, reason] of rejected) {
		it(`rejects ${name}`, async () => {
			const response = await send(simulator, method, path);

			assert.equal(response.status, status);
			assert.match(String(response.rejection), reason);
		});
	}

	it('rejects an unknown action parameter', async () => {
		const response = await send(simulator, 'POST', '/Users/Pbx.BatchDelete', {
			ids: [1],
			force: true,
		});

		assert.equal(response.status, 400);
		assert.match(String(response.rejection), /property 'force' does not exist/);
	});

	it('answers a filter it cannot evaluate with 501', async () => {
		const response = await send(simulator, 'GET', "/Users?$filter=startswith(FirstName,'A')");

		assert.equal(response.status, 501);
	});

	it('filters and counts a stored set', async () => {
		const response = await send(simulator, 'GET', "/Users?$filter=Number%20eq%20'101'&$count=true");

		assert.equal(response.status, 200);
		assert.equal(response.data['@odata.count'], 1);
		assert.deepEqual(
			response.data.value.map((user: { Id: number }) => user.Id),
			[2],
		);
		assert.equal(response.recorded.operationId, 'ListUser');
		assert.equal(response.recorded.referee, 'accepted');
	});

	it('creates, updates and deletes a user', async () => {
		const created = await send(simulator, 'POST', '/Users', {
			Number: '150',
			FirstName: 'Pradeep',
		});
		const id = created.data.Id as number;
		const updated = await send(simulator, 'PATCH', `/Users(${id})`, { FirstName: 'Pradeep G.' });
		const read = await send(simulator, 'GET', `/Users(${id})`);
		const deleted = await send(simulator, 'DELETE', `/Users(${id})`);
		const gone = await send(simulator, 'GET', `/Users(${id})`);

		assert.equal(created.status, 201);
		assert.equal(id, 4);
		assert.equal(updated.status, 204);
		assert.equal(read.data.FirstName, 'Pradeep G.');
		assert.equal(read.data.Number, '150');
		assert.equal(deleted.status, 204);
		assert.equal(gone.status, 404);
	});

	it('rejects a number that another user has', async () => {
		const created = await send(simulator, 'POST', '/Users', { Number: '101' });
		const renumbered = await send(simulator, 'PATCH', '/Users(1)', { Number: '102' });

		assert.equal(created.status, 400);
		assert.deepEqual(created.data.error.details[0], {
			code: '',
			message: 'WARNINGS.XAPI.ALREADY_IN_USE',
			target: 'Number',
		});
		assert.equal(renumbered.status, 400);
	});

	it('keeps the key of a record', async () => {
		const response = await send(simulator, 'PATCH', '/Users(3)', { Id: 1 });

		assert.equal(response.status, 400);
		assert.equal((simulator.state.find('Users', 1) as { Number: string }).Number, '100');
		assert.equal((simulator.state.find('Users', 3) as { Id: number }).Id, 3);
	});

	it('answers 404 below a record that does not exist', async () => {
		const response = await send(simulator, 'GET', '/Users(999)/Groups');

		assert.equal(response.status, 404);
	});

	it('rejects a filter that compares text with a number', async () => {
		const response = await send(simulator, 'GET', '/Users?$filter=Number%20eq%20100');

		assert.equal(response.status, 400);
		assert.match(String(response.rejection), /incompatible types/);
	});

	it('serves the operations of the chosen release', async () => {
		const oldForm = await send(legacy, 'GET', "/Users/Pbx.GetByNumber(number='100')");
		const newForm = await send(legacy, 'GET', "/Users(Number='100')");
		const newest = await send(simulator, 'GET', "/Users/Pbx.GetByNumber(number='100')");

		assert.equal(oldForm.status, 200);
		assert.equal(oldForm.recorded.operationId, 'GetUserByNumber');
		assert.equal(oldForm.data.FirstName, 'Adele');
		assert.equal(newForm.status, 404);
		assert.equal(newest.status, 404);
	});
});
