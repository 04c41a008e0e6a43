import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { INode, INodeParameters } from 'n8n-workflow';

import { NODE_NAME, startFixture, threeCxNode, workflowWith } from './helpers.cjs';
import type { Fixture } from './helpers.cjs';

describe('record pickers', () => {
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

	function pickerNode(parameters: INodeParameters): INode {
		return threeCxNode(fixture.engine, parameters);
	}

	describe('From List', () => {
		it('lists users by number and name, with their IDs as values', async () => {
			const { engine, simulator } = fixture;
			const [first] = simulator.state.list('Users');

			const result = await engine.listSearch(
				pickerNode({ resource: 'users', operation: 'get' }),
				'searchUsers',
			);

			assert.equal(result.paginationToken, undefined);
			assert.equal(result.results.length, simulator.state.list('Users').length);
			assert.deepEqual(result.results[0], {
				name: `${first.Number} ${first.FirstName} ${first.LastName}`,
				value: String(first.Id),
			});
			assert.deepEqual(simulator.xapiRequests()[0].query, {
				$select: 'Number,FirstName,LastName,Id',
				$orderby: 'Number',
				$top: '100',
				$skip: '0',
			});
		});

		it('pages with a token and narrows with $search', async () => {
			const { engine, simulator } = fixture;
			simulator.state.seed('Queues', 150);
			const node = pickerNode({ resource: 'queues', operation: 'get' });

			const firstPage = await engine.listSearch(node, 'searchQueues');
			const secondPage = await engine.listSearch(
				node,
				'searchQueues',
				undefined,
				firstPage.paginationToken as string,
			);
			const wanted = String(simulator.state.list('Queues')[1].Number);
			const searched = await engine.listSearch(node, 'searchQueues', ` ${wanted} `);

			assert.equal(firstPage.results.length, 100);
			assert.equal(firstPage.paginationToken, '100');
			const total = simulator.state.list('Queues').length;
			assert.equal(secondPage.results.length, total - 100);
			assert.equal(secondPage.paginationToken, undefined);
			assert.equal(simulator.xapiRequests()[2].query.$search, wanted);
			assert.ok(searched.results.length >= 1);
			assert.ok(searched.results.every((entry) => entry.name.includes(wanted)));
		});

		it('offers a list for each picked set', async () => {
			const { engine } = fixture;
			for (const [resource, method] of [
				['groups', 'searchGroups'],
				['ringGroups', 'searchRingGroups'],
				['receptionists', 'searchReceptionists'],
				['trunks', 'searchTrunks'],
			]) {
				const result = await engine.listSearch(pickerNode({ resource, operation: 'get' }), method);
				assert.ok(result.results.length > 0, `${method} lists records`);
				assert.ok(
					result.results.every((entry) => entry.name !== '' && /^\d+$/.test(String(entry.value))),
					`${method} names each record and gives its ID`,
				);
			}
		});
	});

	describe('getting a record', () => {
		it('reads the user picked from the list', async () => {
			const { engine, simulator } = fixture;
			const [, second] = simulator.state.list('Users');
			const node = pickerNode({
				resource: 'users',
				operation: 'get',
				id: { __rl: true, mode: 'list', value: String(second.Id), cachedResultName: 'x' },
			});

			const result = await engine.run(workflowWith(node));

			assert.equal(result.error, undefined);
			assert.equal(result.json(NODE_NAME)[0].Id, second.Id);
			assert.equal(simulator.xapiRequests()[0].path, `/xapi/v1/Users(${String(second.Id)})`);
		});

		it('reads a user given by ID', async () => {
			const { engine, simulator } = fixture;
			const [first] = simulator.state.list('Users');
			const node = pickerNode({
				resource: 'users',
				operation: 'get',
				id: { __rl: true, mode: 'id', value: ` ${String(first.Id)} ` },
			});

			const result = await engine.run(workflowWith(node));

			assert.equal(result.error, undefined);
			assert.equal(result.json(NODE_NAME)[0].Number, first.Number);
		});

		it('looks up a user given by number, then updates it by ID', async () => {
			const { engine, simulator } = fixture;
			const [, second] = simulator.state.list('Users');
			const node = pickerNode({
				resource: 'users',
				operation: 'update',
				id: { __rl: true, mode: 'number', value: String(second.Number) },
				updateFields: { firstName: 'Lynne' },
			});

			const result = await engine.run(workflowWith(node));

			assert.equal(result.error, undefined);
			const [lookup, patch] = simulator.xapiRequests();
			assert.deepEqual(lookup.query, {
				$filter: `Number eq '${String(second.Number)}'`,
				$select: 'Id,Number',
				$top: '2',
			});
			assert.equal(patch.method, 'PATCH');
			assert.equal(patch.path, `/xapi/v1/Users(${String(second.Id)})`);
			assert.equal(simulator.state.find('Users', second.Id)?.FirstName, 'Lynne');
		});

		it('names a number that no user has', async () => {
			const { engine, simulator } = fixture;
			const node = pickerNode({
				resource: 'users',
				operation: 'delete',
				id: { __rl: true, mode: 'number', value: "O'Neil 7" },
			});

			const result = await engine.run(workflowWith(node));

			assert.equal(result.error?.message, "No user has the number O'Neil 7");
			assert.match(String(result.error?.description), /nothing was changed in 3CX/);
			assert.deepEqual(
				simulator.xapiRequests().map((request) => request.method),
				['GET'],
			);
			assert.equal(simulator.xapiRequests()[0].query.$filter, "Number eq 'O''Neil 7'");
		});
	});
});
