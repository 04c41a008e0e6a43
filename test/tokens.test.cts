import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { Fixture } from './helpers.cjs';
import {
	requestLines,
	startFixture,
	threeCxNode,
	updateParameters,
	useNewApiClient,
	workflowWith,
} from './helpers.cjs';

const PATH = '/xapi/v1/Microsoft365Integration';

describe('access tokens', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture();
	});
	after(async () => {
		await fixture.close();
	});
	beforeEach(() => {
		fixture.simulator.reset();
		useNewApiClient(fixture);
	});

	it('requests a token with a form and no Basic header', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' });

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		const [tokenRequest] = simulator.tokenRequests();
		assert.equal(tokenRequest.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(tokenRequest.headers.authorization, undefined);
		assert.deepEqual(tokenRequest.body, {
			client_id: fixture.credential.data.clientId,
			client_secret: fixture.credential.data.apiKey,
			grant_type: 'client_credentials',
		});
		const [xapiRequest] = simulator.xapiRequests();
		assert.match(String(xapiRequest.headers.authorization), /^Bearer \S+$/);
		assert.equal(
			engine.credentials.get('cred-1')?.data.accessToken,
			simulator.tokens.issued().at(-1),
		);
	});

	it('fetches one new token when it expires between items', async () => {
		const { engine, simulator } = fixture;
		let xapiResponses = 0;
		simulator.afterResponse((request) => {
			if (request.path.startsWith('/xapi/')) xapiResponses += 1;
			// Item 0 makes two XAPI calls (PATCH, GET); its token runs out right after them.
			if (xapiResponses === 2) simulator.tokens.expireAll();
		});
		const node = threeCxNode(engine, updateParameters({ tenantId: '={{ $json.tenant }}' }));

		const result = await engine.run(
			workflowWith(node, [{ tenant: 'a.example' }, { tenant: 'b.example' }]),
		);

		assert.equal(result.error, undefined);
		assert.deepEqual(requestLines(simulator), [
			'POST /connect/token 200',
			`PATCH ${PATH} 204`,
			`GET ${PATH} 200`,
			`PATCH ${PATH} 401`,
			'POST /connect/token 200',
			`PATCH ${PATH} 204`,
			`GET ${PATH} 200`,
		]);
		assert.deepEqual(
			result.json('3CX').map((item) => item.TenantId),
			['a.example', 'b.example'],
		);
	});

	it('replaces a token that another client revoked', async () => {
		const { engine, simulator } = fixture;
		simulator.afterResponse((request) => {
			// Another program signs in with the same API client after item 0, revoking n8n's token.
			if (request.method === 'PATCH' && simulator.xapiRequests().length === 1) {
				simulator.tokens.issue(String(fixture.credential.data.clientId));
			}
		});
		const node = threeCxNode(
			engine,
			updateParameters({ tenantId: '={{ $json.tenant }}' }, { returnUpdated: false }),
		);

		const result = await engine.run(
			workflowWith(node, [{ tenant: 'a.example' }, { tenant: 'b.example' }]),
		);

		assert.equal(result.error, undefined);
		assert.deepEqual(result.json('3CX'), [{ success: true }, { success: true }]);
		assert.deepEqual(requestLines(simulator), [
			'POST /connect/token 200',
			`PATCH ${PATH} 204`,
			`PATCH ${PATH} 401`,
			'POST /connect/token 200',
			`PATCH ${PATH} 204`,
		]);
		assert.equal(simulator.state.microsoft365Integration.TenantId, 'b.example');
	});

	it('refreshes once for many items', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' });
		const items = Array.from({ length: 10 }, () => ({}));
		await engine.run(workflowWith(node, items));
		simulator.reset();
		simulator.tokens.expireAll();

		const result = await engine.run(workflowWith(node, items));

		assert.equal(result.error, undefined);
		assert.equal(result.output('3CX').length, 10);
		assert.equal(simulator.tokenRequests().length, 1);
		const statuses = simulator.xapiRequests().map((request) => request.status);
		assert.deepEqual(statuses, [401, ...Array.from({ length: 10 }, () => 200)]);
	});

	it('reports a rejected API key once, without the key', async () => {
		const { engine, simulator } = fixture;
		const wrongKey = 'wrong-key-0123456789abcdef';
		engine.addCredential({
			...fixture.credential,
			data: { ...fixture.credential.data, apiKey: wrongKey },
		});
		const node = threeCxNode(engine, updateParameters({ tenantId: 'x.example' }));

		const result = await engine.run(workflowWith(node));

		const error = result.error!;
		assert.ok(error, 'the execution must fail');
		assert.match(
			error.message,
			/3CX rejected the API client credentials \(HTTP 401, invalid_client/,
		);
		assert.match(error.message, /Check the Client ID and the API Key/);
		assert.ok(!JSON.stringify(error).includes(wrongKey), 'the error must not contain the key');
		assert.ok(!String(error.description).includes(wrongKey));
		assert.equal(simulator.tokenRequests().length, 1, 'a rejected key is sent once');
		assert.equal(simulator.xapiRequests().length, 0);
	});

	it('fails after one refresh when XAPI keeps answering 401', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ method: 'PATCH', path: PATH, status: 401, times: 2 });
		const node = threeCxNode(engine, updateParameters({ tenantId: 'x.example' }));

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'3CX rejected the access token for Microsoft 365 Integration → Update, also after fetching a new one (HTTP 401)',
		);
		assert.deepEqual(requestLines(simulator), [
			'POST /connect/token 200',
			`PATCH ${PATH} 401`,
			'POST /connect/token 200',
			`PATCH ${PATH} 401`,
		]);
	});

	it('does not refresh the token on 403', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ method: 'GET', path: PATH, status: 403 });
		const node = threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' });

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'The 3CX API client is not allowed to run Microsoft 365 Integration → Get (HTTP 403)',
		);
		assert.match(String(result.error?.description), /System Owner/);
		assert.deepEqual(requestLines(simulator), ['POST /connect/token 200', `GET ${PATH} 403`]);
	});
});

describe('credential test', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture();
	});
	after(async () => {
		await fixture.close();
	});

	it('succeeds with a valid API client', async () => {
		const { engine, simulator, credential } = fixture;

		const result = await engine.testCredential(credential);

		assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
		const [request] = simulator.xapiRequests();
		assert.equal(request.url, '/xapi/v1/Defs?%24select=Id');
		assert.match(String(request.headers.authorization), /^Bearer /);
	});

	it('reports a wrong API key without the key', async () => {
		const { engine, credential } = fixture;
		const wrongKey = 'not-the-key-5e2b7c';

		const result = await engine.testCredential({
			...credential,
			data: { ...credential.data, apiKey: wrongKey },
		});

		assert.equal(result.status, 'Error');
		assert.match(result.message, /3CX rejected the API client credentials/);
		assert.ok(!result.message.includes(wrongKey));
	});

	it('reports a Server URL that is not a URL', async () => {
		const { engine, credential } = fixture;

		const result = await engine.testCredential({
			...credential,
			data: { ...credential.data, url: 'pbx.example.com' },
		});

		assert.equal(result.status, 'Error');
		assert.match(result.message, /not a valid http\(s\) address/);
	});
});
