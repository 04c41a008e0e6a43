import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { INodeParameters } from 'n8n-workflow';

import type { Fixture } from './helpers.cjs';
import { NODE_NAME, startFixture, threeCxNode, workflowWith } from './helpers.cjs';

describe('generated operations', () => {
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

	async function run(parameters: INodeParameters, items = [{}]) {
		const node = threeCxNode(fixture.engine, parameters);
		return await fixture.engine.run(workflowWith(node, items));
	}

	describe('Get Many', () => {
		it('pages through every record with Return All', async () => {
			fixture.simulator.state.seed('Users', 247);

			const result = await run({
				resource: 'users',
				operation: 'getAll',
				returnAll: true,
				options: { pageSize: 100, select: 'Id,Number' },
			});

			assert.equal(result.error, undefined);
			const ids = result.json(NODE_NAME).map((item) => item.Id);
			assert.equal(ids.length, 250);
			assert.equal(new Set(ids).size, 250, 'no record twice');
			assert.deepEqual(
				fixture.simulator.xapiRequests().map((request) => request.query),
				[
					{ $select: 'Id,Number', $top: '100', $count: 'true' },
					{ $select: 'Id,Number', $top: '100', $skip: '100' },
					{ $select: 'Id,Number', $top: '100', $skip: '200' },
				],
			);
			assert.deepEqual(result.output(NODE_NAME)[0].pairedItem, { item: 0 });
		});

		it('stops at @odata.count when the last page is full', async () => {
			fixture.simulator.state.seed('Users', 97);

			const result = await run({
				resource: 'users',
				operation: 'getAll',
				returnAll: true,
				options: { pageSize: 50 },
			});

			assert.equal(result.json(NODE_NAME).length, 100);
			assert.equal(fixture.simulator.xapiRequests().length, 2);
		});

		it('asks for no more than the limit', async () => {
			fixture.simulator.state.seed('Users', 20);

			const result = await run({
				resource: 'users',
				operation: 'getAll',
				returnAll: false,
				limit: 5,
			});

			assert.equal(result.json(NODE_NAME).length, 5);
			assert.deepEqual(
				fixture.simulator.xapiRequests().map((request) => request.query),
				[{ $top: '5' }],
			);
		});

		it('sends the filter and order percent-encoded', async () => {
			const result = await run({
				resource: 'users',
				operation: 'getAll',
				returnAll: true,
				options: { filter: "LastName eq 'Wilber'", orderBy: 'Number desc' },
			});

			assert.equal(result.error, undefined);
			const [request] = fixture.simulator.xapiRequests();
			assert.match(request.url, /\$filter=LastName%20eq%20(%27|')Wilber(%27|')&/);
			assert.match(request.url, /\$orderby=Number%20desc&/);
			assert.equal(request.query.$filter, "LastName eq 'Wilber'");
			assert.deepEqual(
				result.json(NODE_NAME).map((item) => item.LastName),
				['Wilber'],
			);
		});

		it('outputs only the count', async () => {
			fixture.simulator.state.seed('Users', 7);

			const result = await run({
				resource: 'users',
				operation: 'getAll',
				options: { count: true },
			});

			assert.deepEqual(result.json(NODE_NAME), [{ count: 10 }]);
			assert.deepEqual(fixture.simulator.xapiRequests()[0].query, { $count: 'true', $top: '0' });
		});

		it('outputs a record that moved between pages once', async () => {
			const pages = [[{ Id: 1 }, { Id: 2 }], [{ Id: 2 }, { Id: 3 }], [{ Id: 4 }]];
			for (const value of pages) {
				fixture.simulator.injectFault({
					method: 'GET',
					path: '/xapi/v1/Users',
					status: 200,
					body: { value },
				});
			}

			const result = await run({
				resource: 'users',
				operation: 'getAll',
				returnAll: true,
				options: { pageSize: 2 },
			});

			assert.equal(result.error, undefined);
			assert.deepEqual(
				result.json(NODE_NAME).map((item) => item.Id),
				[1, 2, 3, 4],
			);
			assert.deepEqual(
				fixture.simulator.xapiRequests().map((request) => request.query.$skip),
				[undefined, '2', '4'],
			);
		});

		it('stops when 3CX sends a page again', async () => {
			const page = {
				value: [
					{ Id: 1, Number: '100' },
					{ Id: 2, Number: '101' },
				],
			};
			fixture.simulator.injectFault({
				method: 'GET',
				path: '/xapi/v1/Users',
				status: 200,
				body: page,
				times: 2,
			});

			const result = await run({
				resource: 'users',
				operation: 'getAll',
				returnAll: true,
				options: { pageSize: 2 },
			});

			assert.equal(result.error?.message, '3CX returned page 2 again');
			assert.match(String(result.error?.description), /2 records were read before/);
			assert.equal(fixture.simulator.xapiRequests().length, 2);
		});
		it('names the failed page and the records read when a later page fails', async () => {
			const { simulator } = fixture;
			simulator.state.seed('Users', 247);
			simulator.afterResponse((request) => {
				// The third page fails with a server error that the node does not retry.
				if (request.path === '/xapi/v1/Users' && simulator.xapiRequests().length === 2) {
					simulator.injectFault({ method: 'GET', path: '/xapi/v1/Users', status: 500 });
				}
			});

			const result = await run({
				resource: 'users',
				operation: 'getAll',
				returnAll: true,
				options: { pageSize: 100 },
			});

			assert.equal(
				result.error?.message,
				'3CX failed to run Users → Get Many (HTTP 500), on page 3 of Return All',
			);
			assert.match(
				String(result.error?.description),
				/^Return All had read 200 records on 2 pages when page 3 failed\. None of them is output, because the list is incomplete\. GET \/Users\?\$top=100&\$skip=200 returned HTTP 500\./,
			);
			assert.deepEqual(result.output(NODE_NAME), []);
		});

		it('outputs the error and no partial list under continue on fail', async () => {
			const { engine, simulator } = fixture;
			simulator.state.seed('Users', 47);
			simulator.afterResponse((request) => {
				if (request.path === '/xapi/v1/Users' && simulator.xapiRequests().length === 1) {
					simulator.injectFault({ method: 'GET', path: '/xapi/v1/Users', status: 500 });
				}
			});
			const node = threeCxNode(
				engine,
				{ resource: 'users', operation: 'getAll', returnAll: true, options: { pageSize: 10 } },
				{ onError: 'continueRegularOutput' },
			);

			const result = await engine.run(workflowWith(node));

			assert.deepEqual(result.json(NODE_NAME), [
				{ error: '3CX failed to run Users → Get Many (HTTP 500), on page 2 of Return All' },
			]);
		});
	});

	describe('keys and function parameters', () => {
		it('quotes and encodes a string key', async () => {
			const result = await run({
				resource: 'backups',
				operation: 'delete',
				fileName: "it's a/b.zip",
			});

			assert.equal(result.error, undefined);
			const [request] = fixture.simulator.xapiRequests();
			assert.equal(request.url, "/xapi/v1/Backups('it''s%20a%2Fb.zip')");
			assert.equal(request.rejection, undefined);
			assert.deepEqual(result.json(NODE_NAME), [{ deleted: true }]);
		});

		it('reads a record by alternate key', async () => {
			const result = await run({ resource: 'users', operation: 'getByNumber', number: '101' });

			assert.equal(result.error, undefined);
			assert.equal(fixture.simulator.xapiRequests()[0].url, "/xapi/v1/Users(Number='101')");
			assert.equal(result.json(NODE_NAME)[0].LastName, 'Wilber');
		});

		it('writes every function parameter', async () => {
			const result = await run({
				resource: 'reportCallLogData',
				operation: 'getCallLogData',
				periodFrom: '2026-01-01T00:00:00Z',
				periodTo: '2026-01-31T23:59:59+01:00',
				sourceType: 0,
				sourceFilter: '',
				destinationType: 0,
				destinationFilter: "O'Brien",
				callsType: 0,
				callTimeFilterType: 0,
				callTimeFilterFrom: '0:00:0',
				callTimeFilterTo: '0:00:0',
				hidePcalls: true,
				limit: 10,
			});

			assert.equal(result.error, undefined);
			const [request] = fixture.simulator.xapiRequests();
			assert.equal(request.rejection, undefined);
			assert.equal(
				request.url.split('?')[0],
				"/xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-01-01T00:00:00Z,periodTo=2026-01-31T23:59:59%2B01:00,sourceType=0,sourceFilter='',destinationType=0,destinationFilter='O''Brien',callsType=0,callTimeFilterType=0,callTimeFilterFrom='0%3A00%3A0',callTimeFilterTo='0%3A00%3A0',hidePcalls=true)",
			);
		});

		it('keeps the parentheses of a function without parameters', async () => {
			const result = await run({ resource: 'defs', operation: 'getSystemParameters' });

			assert.equal(result.error, undefined);
			assert.equal(
				fixture.simulator.xapiRequests()[0].url,
				'/xapi/v1/Defs/Pbx.GetSystemParameters()',
			);
		});

		it('calls an unbound function at the root', async () => {
			const result = await run({ resource: 'updates', operation: 'getUpdates' });

			assert.equal(result.error, undefined);
			assert.equal(fixture.simulator.xapiRequests()[0].url, '/xapi/v1/GetUpdates()');
		});

		it('rejects a key that is not a number before sending', async () => {
			const result = await run({ resource: 'users', operation: 'get', id: '={{ "abc" }}' });

			assert.equal(result.error?.message, 'User must be a whole number, not "abc"');
			assert.match(String(result.error?.description), /Nothing was sent to 3CX/);
			assert.deepEqual(fixture.simulator.requests, []);
		});

		it('rejects a date-time that is not ISO 8601 before sending', async () => {
			const result = await run({
				resource: 'activityLog',
				operation: 'getLogs',
				startDate: '31.01.2026',
				endDate: '2026-02-01T00:00:00Z',
			});

			assert.match(String(result.error?.message), /^Start Date must be an ISO 8601 date-time/);
			assert.deepEqual(fixture.simulator.requests, []);
		});
	});

	describe('bodies and responses', () => {
		it('creates a record from the fields set', async () => {
			const result = await run({
				resource: 'users',
				operation: 'create',
				fields: { firstName: 'Isaiah', lastName: 'Langer', number: '120', emailAddress: '' },
			});

			assert.equal(result.error, undefined);
			const [request] = fixture.simulator.xapiRequests();
			assert.deepEqual(request.body, { FirstName: 'Isaiah', LastName: 'Langer', Number: '120' });
			assert.equal(request.status, 201);
			assert.equal(result.json(NODE_NAME)[0].Number, '120');
		});

		it('offers no field that would change the key', () => {
			const { resources } = require('../dist/nodes/ThreeCx/resources') as {
				resources: Array<{
					value: string;
					properties: Array<{ name: string; options?: Array<{ name: string }> }>;
				}>;
			};
			const users = resources.find((resource) => resource.value === 'users')!;
			for (const collection of ['fields', 'updateFields']) {
				const property = users.properties.find((candidate) => candidate.name === collection)!;
				const names = property.options!.map((option) => option.name);
				assert.ok(names.includes('number'), `${collection} has Number`);
				assert.ok(!names.includes('id'), `${collection} has no ID`);
			}
		});

		it('updates only the fields set and outputs success', async () => {
			const result = await run({
				resource: 'users',
				operation: 'update',
				id: 2,
				updateFields: { firstName: 'Alexander', mobile: '' },
			});

			assert.equal(result.error, undefined);
			assert.deepEqual(fixture.simulator.xapiRequests()[0].body, { FirstName: 'Alexander' });
			assert.deepEqual(result.json(NODE_NAME), [{ success: true }]);
			const user = fixture.simulator.state.find('Users', 2) as Record<string, unknown>;
			assert.equal(user.FirstName, 'Alexander');
			assert.equal(user.LastName, 'Wilber');
		});

		it('checks a JSON field against its schema', async () => {
			const result = await run({
				resource: 'users',
				operation: 'update',
				id: 2,
				updateFields: { groups: '[{ "GroupId": "one" }]' },
			});

			assert.equal(
				result.error?.message,
				'Groups → [0].GroupId: must be a number, not the string "one"',
			);
			assert.deepEqual(fixture.simulator.requests, []);
		});

		it('sends If-Match and outputs deleted', async () => {
			const result = await run(
				{
					resource: 'users',
					operation: 'delete',
					id: '={{ $json.id }}',
					options: { ifMatch: 'W/"42"' },
				},
				[{ id: 1 }, { id: 3 }],
			);

			assert.equal(result.error, undefined);
			assert.deepEqual(result.json(NODE_NAME), [{ deleted: true }, { deleted: true }]);
			assert.deepEqual(
				result.output(NODE_NAME).map((item) => item.pairedItem),
				[{ item: 0 }, { item: 1 }],
			);
			assert.deepEqual(
				fixture.simulator.xapiRequests().map((request) => request.headers['if-match']),
				['W/"42"', 'W/"42"'],
			);
			assert.equal(fixture.simulator.state.find('Users', 1), undefined);
		});

		it('sends an action body', async () => {
			const result = await run({ resource: 'users', operation: 'batchDelete', ids: '[1, 2]' });

			assert.equal(result.error, undefined);
			assert.deepEqual(fixture.simulator.xapiRequests()[0].body, { ids: [1, 2] });
		});

		it('outputs a downloaded file as binary data', async () => {
			const result = await run({
				resource: 'recordings',
				operation: 'downloadRecording',
				recId: 5,
			});

			assert.equal(result.error, undefined);
			const [item] = result.output(NODE_NAME);
			assert.equal(item.binary?.data.mimeType, 'audio/wav');
			assert.equal(item.binary?.data.fileName, 'DownloadRecording.wav');
			assert.equal(item.json.fileName, 'DownloadRecording.wav');
		});

		it('reads the file name of a CSV export', async () => {
			const result = await run({ resource: 'users', operation: 'exportExtensions' });

			assert.equal(result.error, undefined);
			const [item] = result.output(NODE_NAME);
			assert.equal(item.binary?.data.mimeType, 'text/csv');
			assert.equal(item.binary?.data.fileName, 'ExportExtensions.csv');
			assert.equal(
				Buffer.from(item.binary!.data.data, 'base64').toString('utf8'),
				'Id,Name\n1,text 1\n2,text 2\n',
			);
		});

		it('names the releases of an older operation in a 404', async () => {
			const result = await run({
				resource: 'users',
				operation: 'getByNumberUntil2007',
				number: '100',
			});

			assert.equal(
				result.error?.message,
				'3CX found nothing for Users → Get by Number (Until 20.0.7) (HTTP 404)',
			);
			assert.match(
				String(result.error?.description),
				/This operation exists only in 3CX 20\.0\.4 to 20\.0\.7, so check the release/,
			);
		});
	});
});
