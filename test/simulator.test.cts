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
