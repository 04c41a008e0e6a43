import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Fixture } from './helpers.cjs';
import { startFixture, threeCxNode, updateParameters, workflowWith } from './helpers.cjs';

interface Rejection {
	name: string;
	fields: INodeParameters;
	item?: IDataObject;
	message: string;
	description: RegExp;
}

const rejections: Rejection[] = [
	{
		name: 'malformed JSON',
		fields: { adUsers: '{ "IsEnabled": true, }' },
		message: 'Ad Users: is not valid JSON',
		description: /double quotes/,
	},
	{
		name: 'text that is not JSON from an expression',
		fields: { adUsers: '={{ $json.text }}' },
		item: { text: 'enabled' },
		message: 'Ad Users: is not valid JSON',
		description: /Nothing was sent/,
	},
	{
		name: 'array instead of object',
		fields: { adUsers: '[{ "IsEnabled": true }]' },
		message: 'Ad Users: must be a JSON object, not an array',
		description: /Enter an object/,
	},
	{
		name: 'array from an expression',
		fields: { sharedMailboxesSync: '={{ $json.list }}' },
		item: { list: ['a@contoso.com'] },
		message: 'Shared Mailboxes Sync: must be a JSON object, not an array',
		description: /Enter an object/,
	},
	{
		name: 'null object',
		fields: { adUsers: 'null' },
		message: 'Ad Users: must be a JSON object, not null',
		description: /leave the field out/,
	},
	{
		name: 'string where a boolean belongs',
		fields: { adUsers: '{ "IsEnabled": "yes" }' },
		message: 'Ad Users → IsEnabled: must be a boolean, not the string "yes"',
		description: /Enter a boolean/,
	},
	{
		name: 'number in a nested boolean',
		fields: { adUsers: '{ "StatusSyncConfiguration": { "PBXToM365Busy": 1 } }' },
		message:
			'Ad Users → StatusSyncConfiguration.PBXToM365Busy: must be a boolean, not a number (1)',
		description: /Enter a boolean/,
	},
	{
		name: 'object where a list belongs',
		fields: { adUsers: '{ "SelectedUsers": { "0": "a@contoso.com" } }' },
		message: 'Ad Users → SelectedUsers: must be an array, not an object',
		description: /Enter an array/,
	},
	{
		name: 'null entry in SelectedUsers',
		fields: { adUsers: '{ "SelectedUsers": ["a@contoso.com", null] }' },
		message: 'Ad Users → SelectedUsers[1]: must be a string, not null',
		description: /Remove null entries/,
	},
	{
		name: 'null entry in shared mailbox SelectedUsers',
		fields: { sharedMailboxesSync: '{ "SelectedUsers": [null] }' },
		message: 'Shared Mailboxes Sync → SelectedUsers[0]: must be a string, not null',
		description: /Remove null entries/,
	},
	{
		name: 'unknown key with a near match',
		fields: { adUsers: '{ "IsEnabeld": true }' },
		message: 'Ad Users → IsEnabeld: is not a known key (did you mean "IsEnabled"?)',
		description: /Allowed keys here: EnableSSO, IsEnabled/,
	},
	{
		name: 'key in the wrong case',
		fields: { sharedMailboxesSync: '{ "isEnabled": true }' },
		message: 'Shared Mailboxes Sync → isEnabled: is not a known key (did you mean "IsEnabled"?)',
		description: /case-sensitive/,
	},
	{
		name: 'unknown nested key',
		fields: { adUsers: '{ "StatusSyncConfiguration": { "PbxToM365Bindings": [] } }' },
		message:
			'Ad Users → StatusSyncConfiguration.PbxToM365Bindings: is not a known key (did you mean "PBXToM365Bindings"?)',
		description: /M365ToPbxBindings, PBXToM365Bindings, PBXToM365Busy/,
	},
	{
		name: 'OData annotation pasted from a Get output',
		fields: { adUsers: '{ "@odata.type": "#Pbx.ADUsersSyncConfiguration", "IsEnabled": true }' },
		message: 'Ad Users → @odata.type: is an OData annotation copied from a Get output',
		description: /Remove every key that contains "@odata."/,
	},
	{
		name: 'the text [object Object]',
		fields: { adUsers: '[object Object]' },
		message: 'Ad Users: contains the text "[object Object]" instead of JSON',
		description: /JSON.stringify/,
	},
	{
		name: '[object Object] inside a list',
		fields: { adUsers: '{ "SelectedUsers": ["[object Object]"] }' },
		message: 'Ad Users → SelectedUsers[0]: contains the text "[object Object]"',
		description: /JSON.stringify/,
	},
	{
		name: 'unknown presence in a binding',
		fields: {
			adUsers:
				'{ "StatusSyncConfiguration": { "M365ToPbxBindings": [{ "From": "Available", "To": "Buzy" }] } }',
		},
		message:
			'Ad Users → StatusSyncConfiguration.M365ToPbxBindings[0].To: "Buzy" is not an allowed value',
		description: /Use one of: Available, OutOfOffice, Away\./,
	},
	{
		name: 'unknown sync type',
		fields: { sharedMailboxesSync: '{ "SyncType": "SyncEverybody" }' },
		message: 'Shared Mailboxes Sync → SyncType: "SyncEverybody" is not an allowed value',
		description: /SyncAllUsers, SyncAllUsersExceptSelected, SyncSelected, SyncSelectedGroups/,
	},
	{
		name: 'ID that is not a whole number',
		fields: { id: 1.5 },
		message: 'ID must be a whole number',
		description: /32-bit integer/,
	},
	{
		name: 'Tenant ID that is an object',
		fields: { tenantId: '={{ $json.tenant }}' },
		item: { tenant: { id: 'x' } },
		message: 'Tenant ID must be text, not object',
		description: /Nothing was sent/,
	},
];

describe('Microsoft 365 Integration → Update rejects bad input', () => {
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

	for (const rejection of rejections) {
		it(`rejects ${rejection.name}`, async () => {
			const { engine, simulator } = fixture;
			const node = threeCxNode(engine, updateParameters(rejection.fields));

			const result = await engine.run(workflowWith(node, [rejection.item ?? {}]));

			const error = result.error as
				| (Error & { context?: IDataObject; description?: string })
				| undefined;
			assert.ok(error, 'the execution must fail');
			assert.equal(error.name, 'NodeOperationError');
			assert.equal(error.message, rejection.message);
			assert.match(String(error.description), rejection.description);
			assert.match(String(error.description), /Nothing was sent to 3CX for this item\./);
			assert.equal(error.context?.itemIndex, 0);
			assert.deepEqual(simulator.requests, [], 'nothing may reach the server');
		});
	}

	it('rejects only the bad item under continue on fail', async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(
			engine,
			updateParameters({ adUsers: '={{ $json.adUsers }}' }, { returnUpdated: false }),
			{ onError: 'continueRegularOutput' },
		);
		const items = [
			{ adUsers: { IsEnabled: true } },
			{ adUsers: { IsEnabled: 'maybe' } },
			{ adUsers: { IsEnabled: false } },
		];

		const result = await engine.run(workflowWith(node, items));

		assert.equal(result.error, undefined);
		const outputs = result.output('3CX');
		assert.deepEqual(outputs[0].json, { success: true });
		assert.deepEqual(outputs[1].json, {
			error: 'Ad Users → IsEnabled: must be a boolean, not the string "maybe"',
		});
		assert.deepEqual(outputs[2].json, { success: true });
		assert.deepEqual(
			outputs.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }, { item: 2 }],
		);
		assert.deepEqual(
			simulator.xapiRequests().map((request) => request.body),
			[{ AdUsers: { IsEnabled: true } }, { AdUsers: { IsEnabled: false } }],
		);
	});
});
