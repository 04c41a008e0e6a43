import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

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

describe('Microsoft 365 Integration → Update', () => {
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

	it('patches the set fields and outputs the read-back', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(
			engine,
			updateParameters({
				tenantId: 'fabrikam.onmicrosoft.com',
				adUsers: JSON.stringify({
					IsEnabled: true,
					SyncType: 'SyncSelected',
					SelectedUsers: ['megan.bowen@fabrikam.com'],
					StatusSyncConfiguration: {
						M365ToPbxBindings: [{ From: 'InMeeting', To: 'Away' }],
					},
				}),
			}),
		);

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		assert.deepEqual(requestLines(simulator), [
			'POST /connect/token 200',
			`PATCH ${PATH} 204`,
			`GET ${PATH} 200`,
		]);
		const patch = simulator.xapiRequests()[0];
		assert.deepEqual(patch.body, {
			AdUsers: {
				IsEnabled: true,
				SyncType: 'SyncSelected',
				SelectedUsers: ['megan.bowen@fabrikam.com'],
				StatusSyncConfiguration: { M365ToPbxBindings: [{ From: 'InMeeting', To: 'Away' }] },
			},
			TenantId: 'fabrikam.onmicrosoft.com',
		});
		assert.equal(patch.headers['content-type'], 'application/json');

		const [output] = result.json(NODE_NAME);
		assert.equal(output.TenantId, 'fabrikam.onmicrosoft.com');
		assert.deepEqual((output.AdUsers as { SelectedUsers: string[] }).SelectedUsers, [
			'megan.bowen@fabrikam.com',
		]);
		assert.equal(output.ApplicationId, '6f1c2a0e-8d4b-4c3e-9a57-2b1d9e0f4a11');
		assert.deepEqual(result.output(NODE_NAME)[0].pairedItem, { item: 0 });
	});

	it('leaves out fields that are blank', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(
			engine,
			updateParameters({
				applicationId: '',
				tenantId: '   ',
				sharedMailboxesSync: '',
				adUsers: '{ "IsSyncPhoto": false }',
			}),
		);

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		assert.deepEqual(simulator.xapiRequests()[0].body, { AdUsers: { IsSyncPhoto: false } });
		assert.equal(simulator.state.microsoft365Integration.TenantId, 'contoso.onmicrosoft.com');
		assert.equal(
			simulator.state.microsoft365Integration.ApplicationId,
			'6f1c2a0e-8d4b-4c3e-9a57-2b1d9e0f4a11',
		);
	});

	it('accepts objects and values from expressions', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(
			engine,
			updateParameters({
				adUsers: '={{ $json.adUsers }}',
				sharedMailboxesSync: '={{ $json.mailboxes }}',
				tenantId: '={{ $json.tenant }}',
				id: '={{ $json.id }}',
			}),
		);
		const item = {
			adUsers: { SelectedGroups: ['Sales'], SyncType: 'SyncSelectedGroups' },
			mailboxes: { IsEnabled: true, SelectedUsers: ['reception@contoso.com'] },
			tenant: 'contoso.onmicrosoft.com',
			id: 1,
		};

		const result = await engine.run(workflowWith(node, [item]));

		assert.equal(result.error, undefined);
		assert.deepEqual(simulator.xapiRequests()[0].body, {
			AdUsers: { SelectedGroups: ['Sales'], SyncType: 'SyncSelectedGroups' },
			Id: 1,
			SharedMailboxesSync: { IsEnabled: true, SelectedUsers: ['reception@contoso.com'] },
			TenantId: 'contoso.onmicrosoft.com',
		});
	});

	it('outputs success per item without read-back', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(
			engine,
			updateParameters({ tenantId: '={{ $json.tenant }}' }, { returnUpdated: false }),
		);
		const items = [{ tenant: 'a.example' }, { tenant: 'b.example' }, { tenant: 'c.example' }];

		const result = await engine.run(workflowWith(node, items));

		assert.equal(result.error, undefined);
		assert.deepEqual(result.json(NODE_NAME), [
			{ success: true },
			{ success: true },
			{ success: true },
		]);
		assert.deepEqual(
			result.output(NODE_NAME).map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }, { item: 2 }],
		);
		assert.deepEqual(
			simulator.xapiRequests().map((request) => [request.method, request.body]),
			[
				['PATCH', { TenantId: 'a.example' }],
				['PATCH', { TenantId: 'b.example' }],
				['PATCH', { TenantId: 'c.example' }],
			],
		);
		assert.equal(simulator.state.microsoft365Integration.TenantId, 'c.example');
	});

	it('rejects an update without fields', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, updateParameters({ tenantId: '' }));

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error?.message, 'No field to update');
		assert.match(String(result.error?.description), /Add at least one field/);
		assert.equal(simulator.requests.length, 0);
	});
});

describe('Microsoft 365 Integration → Get', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture();
	});
	after(async () => {
		await fixture.close();
	});

	it('outputs the integration for each item', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, { resource: 'microsoft365Integration', operation: 'get' });

		const result = await engine.run(workflowWith(node, [{}, {}]));

		assert.equal(result.error, undefined);
		const outputs = result.output(NODE_NAME);
		assert.equal(outputs.length, 2);
		assert.equal(outputs[0].json.TenantId, 'contoso.onmicrosoft.com');
		assert.deepEqual(
			outputs.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
		// Both items run at once in n8n's RoutingNode; they must share one token.
		assert.deepEqual(requestLines(simulator), [
			'POST /connect/token 200',
			`GET ${PATH} 200`,
			`GET ${PATH} 200`,
		]);
	});
});
