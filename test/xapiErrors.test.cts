import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { warningBody } from '../simulator/odataErrors.cjs';
import type { Fixture } from './helpers.cjs';
import {
	NODE_NAME,
	startFixture,
	threeCxNode,
	updateParameters,
	workflowWith,
} from './helpers.cjs';

const PATH = '/xapi/v1/Microsoft365Integration';

describe('XAPI errors', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture();
	});
	after(async () => {
		await fixture.close();
	});
	beforeEach(() => {
		fixture.simulator.reset();
	});

	it('names the warning code and field of a 400', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			method: 'PATCH',
			path: PATH,
			status: 400,
			body: warningBody('WARNINGS.XAPI.INVALID_PARAMETER', 'TenantId'),
		});
		const node = threeCxNode(engine, updateParameters({ tenantId: 'not a tenant' }));

		const result = await engine.run(workflowWith(node));

		const error = result.error as unknown as {
			name: string;
			httpCode: string;
			context: { itemIndex: number };
		};
		assert.equal(error.name, 'NodeApiError');
		assert.equal(
			result.error?.message,
			'3CX rejected Microsoft 365 Integration → Update: WARNINGS.XAPI.INVALID_PARAMETER on field TenantId',
		);
		assert.match(
			String(result.error?.description),
			/^PATCH \/Microsoft365Integration returned HTTP 400\. /,
		);
		assert.equal(error.httpCode, '400');
		assert.equal(error.context.itemIndex, 0);
		assert.equal(simulator.state.microsoft365Integration.TenantId, 'contoso.onmicrosoft.com');
	});

	it('lists every warning of one response', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			method: 'PATCH',
			path: PATH,
			status: 400,
			body: {
				error: {
					code: '',
					message: 'Multiple errors',
					details: [
						{ code: '', message: 'WARNINGS.XAPI.REQUIRED', target: 'ApplicationId' },
						{ code: '', message: 'WARNINGS.XAPI.INVALID_PARAMETER', target: 'TenantId' },
					],
				},
			},
		});
		const node = threeCxNode(engine, updateParameters({ tenantId: 'x' }));

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'3CX rejected Microsoft 365 Integration → Update: WARNINGS.XAPI.REQUIRED on field ApplicationId; WARNINGS.XAPI.INVALID_PARAMETER on field TenantId',
		);
	});

	it('reads a warning from the top-level message alone', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			method: 'GET',
			path: PATH,
			status: 400,
			body: { error: { code: '', message: 'Number:\nWARNINGS.XAPI.ALREADY_IN_USE' } },
		});
		const node = threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' });

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'3CX rejected Microsoft 365 Integration → Get: WARNINGS.XAPI.ALREADY_IN_USE on field Number',
		);
		assert.match(
			String(result.error?.description),
			/^GET \/Microsoft365Integration returned HTTP 400\. /,
		);
	});

	it('describes a 500 with an empty body', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ method: 'GET', path: PATH, status: 500 });
		const node = threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' });

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'3CX failed to run Microsoft 365 Integration → Get (HTTP 500)',
		);
		assert.match(String(result.error?.description), /Try again later/);
	});

	it('carries the error text under continue on fail', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			method: 'PATCH',
			path: PATH,
			status: 400,
			body: warningBody('WARNINGS.XAPI.INVALID_PARAMETER', 'TenantId'),
		});
		const node = threeCxNode(
			engine,
			updateParameters({ tenantId: '={{ $json.tenant }}' }, { returnUpdated: false }),
			{ onError: 'continueRegularOutput' },
		);

		const result = await engine.run(
			workflowWith(node, [{ tenant: 'bad' }, { tenant: 'good.example' }]),
		);

		assert.equal(result.error, undefined);
		assert.deepEqual(result.json(NODE_NAME), [
			{
				error:
					'3CX rejected Microsoft 365 Integration → Update: WARNINGS.XAPI.INVALID_PARAMETER on field TenantId',
			},
			{ success: true },
		]);
		assert.deepEqual(
			result.output(NODE_NAME).map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
	});

	it('sends failed items to the error output with their text', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({
			method: 'PATCH',
			path: PATH,
			status: 400,
			body: warningBody('WARNINGS.XAPI.INVALID_PARAMETER', 'TenantId'),
		});
		const node = threeCxNode(
			engine,
			updateParameters({ tenantId: '={{ $json.tenant }}' }, { returnUpdated: false }),
			{ onError: 'continueErrorOutput' },
		);

		const result = await engine.run(
			workflowWith(node, [{ tenant: 'bad' }, { tenant: 'good.example' }]),
		);

		assert.equal(result.error, undefined);
		assert.deepEqual(result.json(NODE_NAME, 0), [{ success: true }]);
		const failed = result.output(NODE_NAME, 1);
		assert.equal(failed.length, 1);
		assert.equal(
			failed[0].json.error,
			'3CX rejected Microsoft 365 Integration → Update: WARNINGS.XAPI.INVALID_PARAMETER on field TenantId',
		);
		assert.deepEqual(failed[0].pairedItem, { item: 0 });
	});

	it('carries the error text of a declarative operation', async () => {
		const { engine, simulator } = fixture;
		simulator.injectFault({ method: 'GET', path: PATH, status: 403 });
		const node = threeCxNode(
			engine,
			{ resource: 'microsoft365Integration', operation: 'get' },
			{ onError: 'continueErrorOutput' },
		);

		const result = await engine.run(workflowWith(node, [{}, {}]));

		assert.equal(result.error, undefined);
		const failed = result.output(NODE_NAME, 1);
		assert.equal(failed.length, 1);
		assert.equal(
			failed[0].json.error,
			'The 3CX API client is not allowed to run Microsoft 365 Integration → Get (HTTP 403)',
		);
		assert.equal(result.output(NODE_NAME, 0).length, 1);
	});

	it('names the network failure when the server is down', async () => {
		const { engine, credential } = fixture;
		engine.addCredential({
			...credential,
			id: 'cred-down',
			data: { ...credential.data, url: 'http://127.0.0.1:9' },
		});
		const node = threeCxNode(engine, updateParameters({ tenantId: 'x' }), {
			credentials: { threeCxOAuth2Api: { id: 'cred-down', name: 'down' } },
		});

		const result = await engine.run(workflowWith(node));

		assert.match(
			String(result.error?.message),
			/^Microsoft 365 Integration → Update failed\. Could not get an access token from http:\/\/127\.0\.0\.1:9\/connect\/token: 3CX refused the connection \(ECONNREFUSED\)/,
		);
	});
});
