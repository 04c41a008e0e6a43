import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { N8nEngine } from '../scripts/lib/n8nEngine.cjs';
import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';
import type { Simulator } from '../simulator/server.cjs';
import { NODE_NAME, threeCxNode, updateParameters, workflowWith } from './helpers.cjs';

// n8n runs a node that an AI agent calls as a tool through RoutingNode, not its custom
// operations; these tests run the node only that way.
describe('operations through RoutingNode', () => {
	let simulator: Simulator;
	let engine: N8nEngine;

	before(async () => {
		simulator = await startSimulator();
		engine = await N8nEngine.create(undefined, { routingNodeOnly: true });
		engine.addCredential({
			id: 'cred-1',
			name: '3CX simulator',
			type: 'threeCxOAuth2Api',
			data: { url: simulator.url, clientId: DEMO_CLIENT.clientId, apiKey: DEMO_CLIENT.apiKey },
		});
	});
	after(async () => {
		await simulator.close();
		N8nEngine.shutdown();
	});
	beforeEach(() => {
		simulator.reset();
	});

	it('gets many users', async () => {
		const node = threeCxNode(engine, { resource: 'users', operation: 'getAll', limit: 2 });

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		assert.equal(result.json(NODE_NAME).length, 2);
		assert.deepEqual(simulator.xapiRequests()[0].query, { $top: '2' });
	});

	it('updates the Microsoft 365 integration with read-back', async () => {
		const node = threeCxNode(engine, updateParameters({ tenantId: 'routed.example' }));

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		assert.equal(result.json(NODE_NAME)[0].TenantId, 'routed.example');
		assert.deepEqual(
			simulator.xapiRequests().map((request) => request.method),
			['PATCH', 'GET'],
		);
	});

	it('rejects bad input with the same message', async () => {
		const node = threeCxNode(engine, updateParameters({ adUsers: '{ "IsEnabeld": true }' }));

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'Ad Users → IsEnabeld: is not a known key (did you mean "IsEnabled"?)',
		);
		assert.deepEqual(simulator.requests, []);
	});

	it('maps XAPI errors with the item index', async () => {
		simulator.injectFault({ method: 'GET', path: '/xapi/v1/Users', status: 403 });
		const node = threeCxNode(engine, { resource: 'users', operation: 'getAll', limit: 2 });

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			'The 3CX API client is not allowed to run Users → Get Many (HTTP 403)',
		);
		assert.equal(
			(result.error as unknown as { context: { itemIndex: number } }).context.itemIndex,
			0,
		);
	});
});
