import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { INodeParameters } from 'n8n-workflow';

import type { Fixture } from './helpers.cjs';
import { NODE_NAME, requestLines, startFixture, threeCxNode, workflowWith } from './helpers.cjs';

const PATH = '/xapi/v1/Microsoft365Integration';

function selection(operation: string, entries: unknown): INodeParameters {
	return { resource: 'microsoft365Integration', operation, entries: entries as string };
}

describe('Microsoft 365 Integration → selected users and shared mailboxes', () => {
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

	it('adds a user and keeps every other setting and entry', async () => {
		const { engine, simulator } = fixture;
		const before = structuredClone(simulator.state.microsoft365Integration);
		const node = threeCxNode(engine, selection('addSelectedUsers', 'megan.bowen@contoso.com'));

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		assert.deepEqual(result.json(NODE_NAME), [
			{
				changed: true,
				added: ['megan.bowen@contoso.com'],
				alreadySelected: [],
				selectedUsers: [
					'adele.vance@contoso.com',
					'alex.wilber@contoso.com',
					'megan.bowen@contoso.com',
				],
				syncType: 'SyncSelected',
			},
		]);
		assert.deepEqual(requestLines(simulator), [
			'POST /connect/token 200',
			`GET ${PATH} 200`,
			`GET ${PATH} 200`,
			`PATCH ${PATH} 204`,
		]);
		const patch = simulator.xapiRequests()[2].body as Record<string, unknown>;
		assert.deepEqual(Object.keys(patch), ['AdUsers'], 'only the changed part is sent');

		const expected = structuredClone(before) as { AdUsers: { SelectedUsers: string[] } };
		expected.AdUsers.SelectedUsers.push('megan.bowen@contoso.com');
		assert.deepEqual(simulator.state.microsoft365Integration, expected);
	});

	it('matches entries without regard to case and skips repeats', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(
			engine,
			selection(
				'addSelectedUsers',
				'ADELE.VANCE@contoso.com,\n nestor@contoso.com ; Nestor@Contoso.com',
			),
		);

		const result = await engine.run(workflowWith(node));

		assert.deepEqual(result.json(NODE_NAME)[0].added, ['nestor@contoso.com']);
		assert.deepEqual(result.json(NODE_NAME)[0].alreadySelected, ['ADELE.VANCE@contoso.com']);
		assert.deepEqual(
			(simulator.state.microsoft365Integration.AdUsers as { SelectedUsers: string[] })
				.SelectedUsers,
			['adele.vance@contoso.com', 'alex.wilber@contoso.com', 'nestor@contoso.com'],
		);
	});

	it('removes users given as a list from an expression', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, selection('removeSelectedUsers', '={{ $json.leavers }}'));

		const result = await engine.run(
			workflowWith(node, [{ leavers: ['Alex.Wilber@contoso.com', 'nobody@contoso.com'] }]),
		);

		assert.equal(result.error, undefined);
		assert.deepEqual(result.json(NODE_NAME), [
			{
				changed: true,
				removed: ['alex.wilber@contoso.com'],
				notSelected: ['nobody@contoso.com'],
				selectedUsers: ['adele.vance@contoso.com'],
				syncType: 'SyncSelected',
			},
		]);
		assert.deepEqual(
			(simulator.state.microsoft365Integration.AdUsers as { SelectedUsers: string[] })
				.SelectedUsers,
			['adele.vance@contoso.com'],
		);
	});

	it('writes nothing when the list already is as asked', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, selection('removeSelectedUsers', 'nobody@contoso.com'));

		const result = await engine.run(workflowWith(node));

		assert.equal(result.json(NODE_NAME)[0].changed, false);
		assert.deepEqual(
			simulator.xapiRequests().map((request) => `${request.method} ${request.path}`),
			[`GET ${PATH}`],
		);
	});

	it('adds and removes shared mailboxes without touching the user sync', async () => {
		const { engine, simulator } = fixture;
		const adUsers = structuredClone(simulator.state.microsoft365Integration.AdUsers);
		const add = threeCxNode(
			engine,
			selection('addSelectedSharedMailboxes', 'sales@contoso.com, support@contoso.com'),
		);
		await engine.run(workflowWith(add));
		const remove = threeCxNode(
			engine,
			selection('removeSelectedSharedMailboxes', 'sales@contoso.com'),
		);

		const result = await engine.run(workflowWith(remove));

		assert.equal(result.error, undefined);
		assert.deepEqual(simulator.state.microsoft365Integration.SharedMailboxesSync, {
			IsEnabled: false,
			SelectedUsers: ['support@contoso.com'],
			SyncType: 'SyncAllUsers',
		});
		assert.deepEqual(simulator.state.microsoft365Integration.AdUsers, adUsers);
		const patches = simulator.xapiRequests().filter((request) => request.method === 'PATCH');
		assert.deepEqual(
			patches.map((request) => Object.keys(request.body as object)),
			[['SharedMailboxesSync'], ['SharedMailboxesSync']],
		);
	});

	it('refuses to write when the integration changed after it was read', async () => {
		const { engine, simulator } = fixture;
		simulator.afterResponse((request) => {
			// Another administrator adds a user between the node's read and its check.
			if (request.method === 'GET' && simulator.xapiRequests().length === 1) {
				(
					simulator.state.microsoft365Integration.AdUsers as { SelectedUsers: string[] }
				).SelectedUsers.push('lynne.robbins@contoso.com');
			}
		});
		const node = threeCxNode(engine, selection('addSelectedUsers', 'megan.bowen@contoso.com'));

		const result = await engine.run(workflowWith(node));

		assert.equal(
			result.error?.message,
			"The Microsoft 365 integration's AdUsers changed while this item was being processed",
		);
		assert.match(String(result.error?.description), /The node wrote nothing/);
		assert.equal(
			simulator.xapiRequests().filter((request) => request.method === 'PATCH').length,
			0,
		);
		assert.deepEqual(
			(simulator.state.microsoft365Integration.AdUsers as { SelectedUsers: string[] })
				.SelectedUsers,
			['adele.vance@contoso.com', 'alex.wilber@contoso.com', 'lynne.robbins@contoso.com'],
		);
	});

	it('applies items one after another on the current list', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, selection('addSelectedUsers', '={{ $json.user }}'));

		const result = await engine.run(
			workflowWith(node, [{ user: 'megan.bowen@contoso.com' }, { user: 'nestor@contoso.com' }]),
		);

		assert.equal(result.error, undefined);
		assert.deepEqual(
			(simulator.state.microsoft365Integration.AdUsers as { SelectedUsers: string[] })
				.SelectedUsers,
			[
				'adele.vance@contoso.com',
				'alex.wilber@contoso.com',
				'megan.bowen@contoso.com',
				'nestor@contoso.com',
			],
		);
	});

	for (const [label, entries, message] of [
		['an empty field', '  , \n ', 'Users is empty'],
		['a list with a number', '={{ ["a@contoso.com", 42] }}', 'Users[1] must be text, not number'],
		[
			'an object',
			'={{ { "user": "a@contoso.com" } }}',
			'Users must be text or a list of texts, not object',
		],
	] as const) {
		it(`rejects ${label} before any request`, async () => {
			const { engine, simulator } = fixture;
			const node = threeCxNode(engine, selection('addSelectedUsers', entries));

			const result = await engine.run(workflowWith(node));

			assert.equal(result.error?.message, message);
			assert.match(String(result.error?.description), /Nothing was sent to 3CX/);
			assert.equal(simulator.xapiRequests().length, 0);
		});
	}

	describe('lists to pick from', () => {
		it('lists the directory users by name and address', async () => {
			const { engine, simulator } = fixture;
			const node = threeCxNode(engine, selection('addSelectedUsers', ''));

			const options = await engine.loadOptions(node, 'getMicrosoft365Users');

			assert.deepEqual(options.slice(0, 2), [
				{ name: 'Adele Vance (adele.vance@contoso.com)', value: 'adele.vance@contoso.com' },
				{ name: 'Alex Wilber (alex.wilber@contoso.com)', value: 'alex.wilber@contoso.com' },
			]);
			assert.equal(options.length, 5);
			assert.deepEqual(simulator.xapiRequests()[0].body, {
				options: { Count: 500, TypeOfUser: 'Users', NextPageToken: null },
			});
		});

		it('lists the directory shared mailboxes', async () => {
			const { engine } = fixture;
			const node = threeCxNode(engine, selection('addSelectedSharedMailboxes', ''));

			const options = await engine.loadOptions(node, 'getMicrosoft365SharedMailboxes');

			assert.deepEqual(
				options.map((option) => option.value),
				['sales@contoso.com', 'support@contoso.com'],
			);
		});

		it('lists the users selected now for removal', async () => {
			const { engine } = fixture;
			const node = threeCxNode(engine, selection('removeSelectedUsers', ''));

			const options = await engine.loadOptions(node, 'getSelectedUsers');

			assert.deepEqual(
				options.map((option) => option.value),
				['adele.vance@contoso.com', 'alex.wilber@contoso.com'],
			);
		});

		it('reads one picked user from an expression', async () => {
			const { engine } = fixture;
			const node = threeCxNode(engine, {
				...selection('addSelectedUsers', ''),
				pickedEntries: '={{ $json.email }}',
			});

			const result = await engine.run(workflowWith(node, [{ email: 'megan.bowen@contoso.com' }]));

			assert.equal(result.error, undefined);
			assert.deepEqual(result.json(NODE_NAME)[0].added, ['megan.bowen@contoso.com']);
		});

		it('rejects a picked entry that is not text', async () => {
			const { engine, simulator } = fixture;
			const node = threeCxNode(engine, {
				...selection('addSelectedUsers', ''),
				pickedEntries: '={{ ["megan.bowen@contoso.com", 42] }}',
			});

			const result = await engine.run(workflowWith(node));

			assert.equal(
				result.error?.message,
				'Users picked from the list, entry 1, must be text, not number',
			);
			assert.equal(simulator.xapiRequests().length, 0);
		});

		it('adds picked users together with typed ones', async () => {
			const { engine } = fixture;
			const node = threeCxNode(engine, {
				...selection('addSelectedUsers', 'nestor.wilke@contoso.com'),
				pickedEntries: ['megan.bowen@contoso.com', 'ADELE.VANCE@contoso.com'],
			});

			const result = await engine.run(workflowWith(node));

			assert.equal(result.error, undefined);
			const [output] = result.json(NODE_NAME);
			assert.deepEqual(output.added, ['nestor.wilke@contoso.com', 'megan.bowen@contoso.com']);
			assert.deepEqual(output.alreadySelected, ['ADELE.VANCE@contoso.com']);
		});
	});
});
