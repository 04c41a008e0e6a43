import assert from 'node:assert/strict';
import dns from 'node:dns';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';

import { N8nEngine } from '../scripts/lib/n8nEngine.cjs';
import type { Fixture } from './helpers.cjs';
import {
	NODE_NAME,
	requestLines,
	startFixture,
	threeCxNode,
	updateParameters,
	workflowWith,
} from './helpers.cjs';

const PATH = '/xapi/v1/Microsoft365Integration';
const GET_INTEGRATION = { resource: 'microsoft365Integration', operation: 'get' };

describe('server and network faults', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture();
	});
	after(async () => {
		await fixture.close();
	});
	beforeEach(() => {
		fixture.simulator.reset();
		N8nEngine.logger.lines.length = 0;
	});

	const retryLines = () =>
		N8nEngine.logger.lines
			.filter((line) => line.level === 'warn' && line.message.startsWith('3CX answered HTTP'))
			.map((line) => line.message);

	it('retries a read that 3CX answers with 503, as Retry-After asks, and logs each attempt', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			method: 'GET',
			path: PATH,
			status: 503,
			headers: { 'retry-after': '0' },
			times: 2,
		});

		const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

		assert.equal(result.error, undefined);
		assert.equal(result.json(NODE_NAME)[0].TenantId, 'contoso.onmicrosoft.com');
		assert.deepEqual(
			simulator.xapiRequests().map((request) => request.status),
			[503, 503, 200],
		);
		assert.deepEqual(retryLines(), [
			`3CX answered HTTP 503 to Microsoft 365 Integration → Get (GET /Microsoft365Integration), attempt 1 of 3: retrying in 0 ms`,
			`3CX answered HTTP 503 to Microsoft 365 Integration → Get (GET /Microsoft365Integration), attempt 2 of 3: retrying in 0 ms`,
		]);
	});

	it('waits until the date that Retry-After gives', async () => {
		const { engine, simulator } = fixture;
		const retryAt = new Date(Date.now() + 1000).toUTCString();
		simulator.injectFault({ path: PATH, status: 429, headers: { 'retry-after': retryAt } });

		const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

		assert.equal(result.error, undefined);
		const [first, second] = simulator.xapiRequests();
		assert.deepEqual([first.status, second.status], [429, 200]);
		assert.match(retryLines()[0], /retrying in \d+ ms$/);
	});

	it('gives up after three attempts and says so', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			path: PATH,
			status: 429,
			headers: { 'retry-after': '0' },
			times: 5,
		});

		const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

		assert.equal(
			result.error?.message,
			'3CX was too busy to run Microsoft 365 Integration → Get (HTTP 429) after 3 attempts',
		);
		assert.match(String(result.error?.description), /retries such answers 2 times/);
		assert.equal(simulator.xapiRequests().length, 3);
	});

	it('does not wait longer than its limit when Retry-After asks for more', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ path: PATH, status: 503, headers: { 'retry-after': '3600' } });

		const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

		assert.equal(
			result.error?.message,
			'3CX was too busy to run Microsoft 365 Integration → Get (HTTP 503)',
		);
		assert.equal(simulator.xapiRequests().length, 1);
		assert.deepEqual(retryLines(), []);
	});

	it('retries an update with the same body', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			method: 'PATCH',
			path: PATH,
			status: 503,
			headers: { 'retry-after': '0' },
		});
		const node = threeCxNode(
			engine,
			updateParameters({ tenantId: 'fabrikam.onmicrosoft.com' }, { returnUpdated: false }),
		);

		const result = await engine.run(workflowWith(node));

		assert.deepEqual(result.json(NODE_NAME), [{ success: true }]);
		const patches = simulator.xapiRequests();
		assert.deepEqual(
			patches.map((request) => request.status),
			[503, 204],
		);
		assert.equal(patches[0].rawBody, patches[1].rawBody);
		assert.equal(simulator.state.microsoft365Integration.TenantId, 'fabrikam.onmicrosoft.com');
	});

	it('does not repeat an action that 3CX answers with 503', async () => {
		const { engine, simulator } = fixture;
		const path = '/xapi/v1/Users/Pbx.RebootPhone';
		simulator.injectFault({ path, status: 503, headers: { 'retry-after': '0' } });
		const node = threeCxNode(engine, {
			resource: 'users',
			operation: 'rebootPhone',
			mac: '001565123456',
		});

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error?.message, '3CX was too busy to run Users → Reboot Phone (HTTP 503)');
		assert.match(String(result.error?.description), /does not repeat creates and actions/);
		assert.match(String(result.error?.description), /Retry On Fail/);
		assert.equal(simulator.xapiRequests().length, 1);
	});

	it('names the operation and status of a 504 with an empty body', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ path: '/xapi/v1/Users', status: 504 });
		const node = threeCxNode(engine, { resource: 'users', operation: 'getAll', limit: 5 });

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error?.message, '3CX did not finish Users → Get Many in time (HTTP 504)');
		assert.match(String(result.error?.description), /^GET \/Users\?\$top=5 returned HTTP 504\./);
		assert.match(String(result.error?.description), /a filter, a Limit or a shorter period/);
	});

	it('names a connection that closes without an answer', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ path: PATH, status: 0, closeConnection: true });

		const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

		assert.equal(
			result.error?.message,
			'Microsoft 365 Integration → Get failed: the connection to 3CX was closed before the answer arrived (ECONNRESET)',
		);
		assert.match(String(result.error?.description), /check proxies and firewalls/);
	});

	it('stops waiting after the Timeout of the Request Options', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ path: PATH, status: 200, body: {}, delayMs: 3000 });
		const node = threeCxNode(engine, { ...GET_INTEGRATION, requestOptions: { timeout: 300 } });

		const result = await engine.run(workflowWith(node));

		assert.match(
			String(result.error?.message),
			/^Microsoft 365 Integration → Get failed: 3CX did not answer within 0\.3 s \((ECONNABORTED|ETIMEDOUT)\)$/,
		);
		assert.match(
			String(result.error?.description),
			/Raise the Timeout under the node's Request Options/,
		);
	});
});

describe('a host name that does not resolve', () => {
	let fixture: Fixture;
	const originalLookup = dns.lookup;

	before(async () => {
		fixture = await startFixture();
		// The lookup fails inside this process, so no query leaves the machine.
		(dns as { lookup: unknown }).lookup = (
			hostname: string,
			options: unknown,
			callback?: (error: NodeJS.ErrnoException | null) => void,
		) => {
			const done = (typeof options === 'function' ? options : callback) as (
				error: NodeJS.ErrnoException,
			) => void;
			const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
			error.code = 'ENOTFOUND';
			process.nextTick(() => done(error));
		};
	});
	after(async () => {
		dns.lookup = originalLookup;
		await fixture.close();
	});
	afterEach(() => fixture.simulator.reset());

	it('names the operation and the DNS failure', async () => {
		const { engine, credential } = fixture;
		engine.addCredential({
			...credential,
			id: 'cred-dns',
			data: { ...credential.data, url: 'https://pbx.example.invalid:5001' },
		});
		const node = threeCxNode(engine, GET_INTEGRATION, {
			credentials: { threeCxOAuth2Api: { id: 'cred-dns', name: 'unresolvable' } },
		});

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'Microsoft 365 Integration → Get failed. Could not get an access token from https://pbx.example.invalid:5001/connect/token: the host name of the Server URL could not be resolved (ENOTFOUND). Check the host name in the credential and that the n8n server can resolve it (DNS).',
		);
		assert.deepEqual(requestLines(fixture.simulator), []);
	});
});
