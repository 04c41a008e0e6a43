import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { setTimeout as sleep } from 'node:timers/promises';

import { N8nEngine } from '../scripts/lib/n8nEngine.cjs';
import type { Fixture } from './helpers.cjs';
import {
	NODE_NAME,
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

describe('one token fetch at a time', () => {
	let fixture: Fixture;
	let routedEngine: N8nEngine;

	before(async () => {
		fixture = await startFixture();
		routedEngine = await N8nEngine.create(undefined, { routingNodeOnly: true });
	});
	after(async () => {
		await fixture.close();
	});
	beforeEach(() => {
		fixture.simulator.reset();
		useNewApiClient(fixture);
		routedEngine.addCredential(fixture.credential);
	});

	const items = Array.from({ length: 25 }, (_, index) => ({ index }));
	const getIntegration = { resource: 'microsoft365Integration', operation: 'get' };

	it('fetches one token for 25 concurrent items whose token was revoked', async () => {
		const { simulator } = fixture;
		// RoutingNode, which runs a tool call, sends the items' requests at the same time.
		const node = threeCxNode(routedEngine, getIntegration);
		await routedEngine.run(workflowWith(node));
		simulator.reset();
		simulator.tokens.expireAll();

		const result = await routedEngine.run(workflowWith(node, items));

		assert.equal(result.error, undefined);
		assert.equal(result.output(NODE_NAME).length, 25);
		assert.equal(simulator.tokenRequests().length, 1, 'one /connect/token call');
		const statuses = simulator.xapiRequests().map((request) => request.status);
		assert.equal(statuses.filter((status) => status === 200).length, 25);
		assert.ok(statuses.every((status) => status === 200 || status === 401));
	});

	it('fetches one token for several nodes of one run', async () => {
		const { engine, simulator } = fixture;
		await engine.run(workflowWith(threeCxNode(engine, getIntegration)));
		simulator.reset();
		simulator.tokens.expireAll();
		const names = ['First', 'Second', 'Third'];
		const nodes = names.map((name, index) =>
			threeCxNode(engine, getIntegration, {
				id: name,
				name,
				position: [200 * (index + 1), 0],
			}),
		);
		const workflow = workflowWith(nodes[0]);
		workflow.nodes.push(nodes[1], nodes[2]);
		workflow.connections.First = { main: [[{ node: 'Second', type: 'main', index: 0 }]] };
		workflow.connections.Second = { main: [[{ node: 'Third', type: 'main', index: 0 }]] };

		const result = await engine.run(workflow);

		assert.equal(result.error, undefined);
		assert.equal(result.output('Third').length, 1);
		assert.equal(simulator.tokenRequests().length, 1);
		assert.equal(simulator.xapiRequests().length, 4, 'one 401, then one request per node');
	});
});

describe('token failures', () => {
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

	const cases = [
		{
			label: 'an HTML login page',
			fault: {
				status: 200,
				headers: { 'content-type': 'text/html' },
				body: '<!DOCTYPE html><html><body><form>Sign in</form></body></html>',
			},
			message: /\/connect\/token did not return JSON but an HTML page\. Check that the Server URL/,
		},
		{
			label: 'a body that is not JSON',
			fault: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' },
			message: /\/connect\/token did not return JSON\. Check that the Server URL/,
		},
		{
			label: 'a token without expires_in',
			fault: {
				status: 200,
				body: {
					token_type: 'Bearer',
					access_token: 'token-without-lifetime-0123',
					refresh_token: null,
				},
			},
			message:
				/returned a token without a valid expires_in \(missing\), so the node cannot tell when to renew it/,
		},
		{
			label: 'an HTML error page with status 404',
			fault: {
				status: 404,
				headers: { 'content-type': 'text/html' },
				body: '<html>Not found</html>',
			},
			message: /\/connect\/token returned an HTML page \(HTTP 404\) instead of a token/,
		},
		{
			label: 'an empty 404 from a Server URL with a path',
			fault: { status: 404 },
			message:
				/\/connect\/token returned HTTP 404: there is no 3CX token endpoint at this address\. Check that the Server URL is the address of the 3CX web client, without a path\./,
		},
	];

	for (const { label, fault, message } of cases) {
		it(`names ${label} and does not call XAPI`, async () => {
			const { engine, simulator, credential } = fixture;
			simulator.injectFault({ method: 'POST', path: '/connect/token', ...fault });

			const result = await engine.run(
				workflowWith(
					threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' }),
				),
			);

			assert.match(String(result.error?.message), message);
			assert.equal(
				result.error?.description,
				'GET /Microsoft365Integration. 3CX did not issue an access token, so the Configuration API was not called.',
			);
			assert.ok(!JSON.stringify(result.error).includes(String(credential.data.apiKey)));
			assert.equal(simulator.xapiRequests().length, 0);
		});
	}
});

describe('early token renewal', () => {
	let fixture: Fixture;

	before(async () => {
		// 3CX counts expires_in in seconds; a 2-second token is renewed after 1.8 seconds.
		fixture = await startFixture({ tokenLifetimeSeconds: 2 });
	});
	after(async () => {
		await fixture.close();
	});

	it('fetches a new token shortly before expires_in seconds have passed', async () => {
		const { engine, simulator } = fixture;
		useNewApiClient(fixture);
		const node = threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' });
		await engine.run(workflowWith(node));
		const renewAfter = Date.parse(String(engine.credentials.get('cred-1')?.data.renewAfter));
		const issuedAt = Date.now();
		assert.ok(
			renewAfter > issuedAt + 1000 && renewAfter < issuedAt + 2000,
			'renews within the lifetime',
		);
		await sleep(Math.max(0, renewAfter - Date.now()) + 50);
		simulator.reset();

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		assert.deepEqual(requestLines(simulator), ['POST /connect/token 200', `GET ${PATH} 200`]);
	});
	it('renews once for 25 concurrent items when the token is due', async () => {
		const { simulator } = fixture;
		const routedEngine = await N8nEngine.create(undefined, { routingNodeOnly: true });
		useNewApiClient(fixture);
		routedEngine.addCredential(fixture.credential);
		const node = threeCxNode(routedEngine, {
			resource: 'microsoft365Integration',
			operation: 'get',
		});
		await routedEngine.run(workflowWith(node));
		const renewAfter = Date.parse(String(routedEngine.credentials.get('cred-1')?.data.renewAfter));
		await sleep(Math.max(0, renewAfter - Date.now()) + 50);
		simulator.reset();

		const items = Array.from({ length: 25 }, (_, index) => ({ index }));
		const result = await routedEngine.run(workflowWith(node, items));

		assert.equal(result.error, undefined);
		assert.equal(result.output(NODE_NAME).length, 25);
		assert.equal(simulator.tokenRequests().length, 1);
		// Renewed before sending: no request went out with the old token.
		assert.ok(simulator.xapiRequests().every((request) => request.status === 200));
	});
});
