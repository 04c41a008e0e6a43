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
	{
		name: 'single quotes instead of double quotes',
		fields: { adUsers: "{ 'IsEnabled': true }" },
		message: 'Ad Users: is not valid JSON',
		description: /Keys and string values need double quotes/,
	},
	{
		name: 'a key without quotes',
		fields: { sharedMailboxesSync: '{ IsEnabled: true }' },
		message: 'Shared Mailboxes Sync: is not valid JSON',
		description: /Keys and string values need double quotes/,
	},
	{
		name: 'a missing closing brace',
		fields: { adUsers: '{ "IsEnabled": true' },
		message: 'Ad Users: is not valid JSON',
		description: /Check quotes, commas and brackets/,
	},
	{
		name: 'two objects one after the other',
		fields: { adUsers: '{ "IsEnabled": true } { "EnableSSO": true }' },
		message: 'Ad Users: is not valid JSON',
		description: /Check quotes, commas and brackets/,
	},
	{
		name: 'a comment in the JSON',
		fields: { adUsers: '{ "IsEnabled": true // turn it on\n}' },
		message: 'Ad Users: is not valid JSON',
		description: /Check quotes, commas and brackets/,
	},
	{
		name: 'NaN as a value',
		fields: { adUsers: '{ "StartingExtensionNumber": NaN }' },
		message: 'Ad Users: is not valid JSON',
		description: /Check quotes, commas and brackets/,
	},
	{
		name: 'a number for the whole object',
		fields: { adUsers: '42' },
		message: 'Ad Users: must be a JSON object, not a number (42)',
		description: /Enter an object such as \{ "IsEnabled": true \}/,
	},
	{
		name: 'a JSON string for the whole object',
		fields: { sharedMailboxesSync: '"SyncSelected"' },
		message: 'Shared Mailboxes Sync: must be a JSON object, not the string "SyncSelected"',
		description: /Enter an object/,
	},
	{
		name: 'a boolean for the whole object',
		fields: { adUsers: 'true' },
		message: 'Ad Users: must be a JSON object, not a boolean (true)',
		description: /Enter an object/,
	},
	{
		name: 'a string from an expression',
		fields: { adUsers: '={{ "IsEnabled" }}' },
		message: 'Ad Users: is not valid JSON',
		description: /is not valid JSON/,
	},
	{
		name: 'a number from an expression',
		fields: { adUsers: '={{ $json.count }}' },
		item: { count: 5 },
		message: 'Ad Users: must be a JSON object, not a number (5)',
		description: /Enter an object/,
	},
	{
		name: 'a list of objects from an expression',
		fields: { adUsers: '={{ $json.users }}' },
		item: { users: [{ IsEnabled: true }, { IsEnabled: false }] },
		message: 'Ad Users: must be a JSON object, not an array',
		description: /Enter an object/,
	},
	{
		name: 'an object turned into text by an expression',
		fields: { sharedMailboxesSync: '={{ "" + $json.settings }}' },
		item: { settings: { IsEnabled: true } },
		message: 'Shared Mailboxes Sync: contains the text "[object Object]" instead of JSON',
		description: /JSON.stringify/,
	},
	{
		name: '[object Object] in a shared mailbox list',
		fields: { sharedMailboxesSync: '={{ { SelectedUsers: ["a@contoso.com", "" + $json.user] } }}' },
		item: { user: { mail: 'b@contoso.com' } },
		message: 'Shared Mailboxes Sync → SelectedUsers[1]: contains the text "[object Object]"',
		description: /JSON.stringify/,
	},
	{
		name: 'a string for the selected groups',
		fields: { adUsers: '{ "SelectedGroups": "Sales" }' },
		message: 'Ad Users → SelectedGroups: must be an array, not the string "Sales"',
		description: /Enter an array/,
	},
	{
		name: 'a string for the shared mailbox list',
		fields: { sharedMailboxesSync: '{ "SelectedUsers": "a@contoso.com" }' },
		message:
			'Shared Mailboxes Sync → SelectedUsers: must be an array, not the string "a@contoso.com"',
		description: /Enter an array/,
	},
	{
		name: 'a number in the selected users',
		fields: { adUsers: '{ "SelectedUsers": ["a@contoso.com", 42] }' },
		message: 'Ad Users → SelectedUsers[1]: must be a string, not a number (42)',
		description: /Enter a string in double quotes/,
	},
	{
		name: 'an object in the selected groups',
		fields: { adUsers: '{ "SelectedGroups": [{ "Name": "Sales" }] }' },
		message: 'Ad Users → SelectedGroups[0]: must be a string, not an object',
		description: /Enter a string in double quotes/,
	},
	{
		name: 'null in the selected groups',
		fields: { adUsers: '{ "SelectedGroups": [null] }' },
		message: 'Ad Users → SelectedGroups[0]: must be a string, not null',
		description: /Remove null entries/,
	},
	{
		name: 'a number for the starting extension',
		fields: { adUsers: '{ "StartingExtensionNumber": 100 }' },
		message: 'Ad Users → StartingExtensionNumber: must be a string, not a number (100)',
		description: /Enter a string in double quotes/,
	},
	{
		name: 'a list for the status sync',
		fields: { adUsers: '{ "StatusSyncConfiguration": [] }' },
		message: 'Ad Users → StatusSyncConfiguration: must be an object, not an array',
		description: /Enter an object/,
	},
	{
		name: 'an object for the bindings',
		fields: {
			adUsers: '{ "StatusSyncConfiguration": { "M365ToPbxBindings": { "From": "Busy" } } }',
		},
		message:
			'Ad Users → StatusSyncConfiguration.M365ToPbxBindings: must be an array, not an object',
		description: /Enter an array/,
	},
	{
		name: 'a string as a binding',
		fields: { adUsers: '{ "StatusSyncConfiguration": { "PBXToM365Bindings": ["Away"] } }' },
		message:
			'Ad Users → StatusSyncConfiguration.PBXToM365Bindings[0]: must be an object, not the string "Away"',
		description: /Enter an object/,
	},
	{
		name: 'null as a binding',
		fields: { adUsers: '{ "StatusSyncConfiguration": { "PBXToM365Bindings": [null] } }' },
		message: 'Ad Users → StatusSyncConfiguration.PBXToM365Bindings[0]: must be an object, not null',
		description: /Remove null entries/,
	},
	{
		name: 'a number for the sync type',
		fields: { adUsers: '{ "SyncType": 3 }' },
		message: 'Ad Users → SyncType: must be one of the allowed values, not a number (3)',
		description:
			/Use one of: SyncAllUsers, SyncAllUsersExceptSelected, SyncSelected, SyncSelectedGroups\./,
	},
	{
		name: 'a sync type in the wrong case',
		fields: { adUsers: '{ "SyncType": "syncselected" }' },
		message: 'Ad Users → SyncType: "syncselected" is not an allowed value',
		description: /Use one of: SyncAllUsers,/,
	},
	{
		name: 'a number for a presence',
		fields: { adUsers: '{ "StatusSyncConfiguration": { "PBXToM365Bindings": [{ "From": 1 }] } }' },
		message:
			'Ad Users → StatusSyncConfiguration.PBXToM365Bindings[0].From: must be one of the allowed values, not a number (1)',
		description: /Use one of: Available, OutOfOffice, Away\./,
	},
	{
		name: 'an OData annotation inside the status sync',
		fields: {
			adUsers: '{ "StatusSyncConfiguration": { "@odata.type": "#Pbx.StatusSyncConfiguration" } }',
		},
		message:
			'Ad Users → StatusSyncConfiguration.@odata.type: is an OData annotation copied from a Get output',
		description: /Remove every key that contains "@odata."/,
	},
	{
		name: 'an OData annotation on a property',
		fields: { sharedMailboxesSync: '{ "SelectedUsers@odata.type": "#Collection(String)" }' },
		message:
			'Shared Mailboxes Sync → SelectedUsers@odata.type: is an OData annotation copied from a Get output',
		description: /Remove every key that contains "@odata."/,
	},
	{
		name: 'an unknown key in a binding',
		fields: {
			adUsers:
				'{ "StatusSyncConfiguration": { "M365ToPbxBindings": [{ "From": "Busy", "Too": "Away" }] } }',
		},
		message:
			'Ad Users → StatusSyncConfiguration.M365ToPbxBindings[0].Too: is not a known key (did you mean "To"?)',
		description: /Allowed keys here: From, To\./,
	},
	{
		name: 'a key of the user sync in the shared mailbox sync',
		fields: { sharedMailboxesSync: '{ "EnableSSO": true }' },
		message: 'Shared Mailboxes Sync → EnableSSO: is not a known key',
		description: /Allowed keys here: IsEnabled, SelectedUsers, SyncType\./,
	},
	{
		name: 'a key that appears twice',
		fields: { adUsers: '{ "IsEnabled": true, "IsEnabled": false }' },
		message: 'Ad Users → IsEnabled: appears twice in the same object',
		description: /JSON keeps only the last of two equal keys/,
	},
	{
		name: 'a key that appears twice in a binding',
		fields: {
			adUsers:
				'{ "StatusSyncConfiguration": { "M365ToPbxBindings": [{ "From": "Busy" }, { "To": "Away", "To": "Away" }] } }',
		},
		message:
			'Ad Users → StatusSyncConfiguration.M365ToPbxBindings[1].To: appears twice in the same object',
		description: /Remove one of them/,
	},
	{
		name: 'a key that appears twice once written with an escape',
		fields: { sharedMailboxesSync: '{ "IsEnabled": true, "Is\\u0045nabled": true }' },
		message: 'Shared Mailboxes Sync → IsEnabled: appears twice in the same object',
		description: /Remove one of them/,
	},
	{
		name: 'deeply nested junk under an unknown key',
		fields: { adUsers: `{ "Junk": ${'{ "a": '.repeat(5000)}1${' }'.repeat(5000)} }` },
		message: 'Ad Users → Junk: is not a known key',
		description: /Allowed keys here: EnableSSO,/,
	},
	{
		name: 'deeply nested lists as a binding',
		fields: {
			adUsers: `{ "StatusSyncConfiguration": { "M365ToPbxBindings": ${'['.repeat(5000)}${']'.repeat(5000)} } }`,
		},
		message:
			'Ad Users → StatusSyncConfiguration.M365ToPbxBindings[0]: must be an object, not an array',
		description: /Enter an object/,
	},
	{
		name: 'deeply nested junk from an expression',
		fields: { sharedMailboxesSync: '={{ $json.settings }}' },
		item: { settings: { SelectedUsers: [nested(2000)] } },
		message: 'Shared Mailboxes Sync → SelectedUsers[0]: must be a string, not an object',
		description: /Enter a string in double quotes/,
	},
	{
		name: 'one number among 100,000 selected users',
		fields: { adUsers: JSON.stringify({ SelectedUsers: manyUsers(100_000, 73_421, 7) }) },
		message: 'Ad Users → SelectedUsers[73421]: must be a string, not a number (7)',
		description: /Enter a string in double quotes/,
	},
	{
		name: 'one null among 100,000 selected users from an expression',
		fields: { adUsers: '={{ { SelectedUsers: $json.users } }}' },
		item: { users: manyUsers(100_000, 99_999, null) },
		message: 'Ad Users → SelectedUsers[99999]: must be a string, not null',
		description: /Remove null entries/,
	},
	{
		name: 'one [object Object] among 100,000 selected mailboxes',
		fields: {
			sharedMailboxesSync: JSON.stringify({
				SelectedUsers: manyUsers(100_000, 5, '[object Object]'),
			}),
		},
		message: 'Shared Mailboxes Sync → SelectedUsers[5]: contains the text "[object Object]"',
		description: /JSON.stringify/,
	},
	{
		name: 'an ID in words',
		fields: { id: '={{ "one" }}' },
		message: 'ID must be a whole number',
		description: /"one" is not one/,
	},
	{
		name: 'an ID that is a boolean',
		fields: { id: '={{ true }}' },
		message: 'ID must be a whole number',
		description: /true is not one/,
	},
	{
		name: 'an ID beyond 32 bits',
		fields: { id: 2147483648 },
		message: 'ID must be a whole number',
		description: /32-bit integer, and 2147483648 is not one/,
	},
	{
		name: 'an ID below the 32-bit range',
		fields: { id: -2147483649 },
		message: 'ID must be a whole number',
		description: /-2147483649 is not one/,
	},
	{
		name: 'an ID that is a list',
		fields: { id: '={{ [1] }}' },
		message: 'ID must be a whole number',
		description: /\[1\] is not one/,
	},
	{
		name: 'an Application ID that is an object',
		fields: { applicationId: '={{ $json.app }}' },
		item: { app: { id: '11111111-2222-3333-4444-555555555555' } },
		message: 'Application ID must be text, not object',
		description: /Enter Application ID as text/,
	},
	...booleanKeys().map(
		([field, key, label]): Rejection => ({
			name: `a string for the boolean ${label}`,
			fields: { [field]: JSON.stringify({ [key]: 'true' }) },
			message: `${label}: must be a boolean, not the string "true"`,
			description: /Enter a boolean/,
		}),
	),
	...bindingPositions().map(
		([bindings, side, typo]): Rejection => ({
			name: `a misspelt presence in ${bindings}[].${side}`,
			fields: {
				adUsers: JSON.stringify({
					StatusSyncConfiguration: { [bindings]: [{ [side]: typo }] },
				}),
			},
			message: `Ad Users → StatusSyncConfiguration.${bindings}[0].${side}: "${typo}" is not an allowed value`,
			description: /Use one of: Available,/,
		}),
	),
];

/** Every boolean of both settings objects, as [field, key, location in messages]. */
function booleanKeys(): Array<[string, string, string]> {
	const adUsers = [
		'EnableSSO',
		'IsSyncDepartments',
		'IsSyncDetails',
		'IsSyncOfficePhone',
		'IsSyncPhoto',
		'SetTeamsPresence',
		'SyncEvents',
		'SyncGuestUsers',
		'SyncPersonalContacts',
	];
	return [
		...adUsers.map((key): [string, string, string] => ['adUsers', key, `Ad Users → ${key}`]),
		['sharedMailboxesSync', 'IsEnabled', 'Shared Mailboxes Sync → IsEnabled'],
	];
}

/** Each side of each binding list with a misspelt presence, as [list, side, value]. */
function bindingPositions(): Array<[string, string, string]> {
	return [
		['M365ToPbxBindings', 'From', 'Availble'],
		['M365ToPbxBindings', 'From', 'busy'],
		['M365ToPbxBindings', 'To', 'Out of office'],
		['M365ToPbxBindings', 'To', 'AWAY'],
		['PBXToM365Bindings', 'From', 'Avaliable'],
		['PBXToM365Bindings', 'From', ' Away'],
		['PBXToM365Bindings', 'To', 'DoNotDisturbe'],
		['PBXToM365Bindings', 'To', 'InAMeeting'],
	];
}

/** `count` addresses with `bad` at `index`. */
function manyUsers(count: number, index: number, bad: unknown): unknown[] {
	const users: unknown[] = Array.from({ length: count }, (_, n) => `user${n}@contoso.com`);
	users[index] = bad;
	return users;
}

/** An object nested `depth` levels deep. */
function nested(depth: number): IDataObject {
	let value: IDataObject = { leaf: true };
	for (let level = 0; level < depth; level++) value = { inner: value };
	return value;
}

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

	it('has a case for each kind of bad input', () => {
		assert.ok(rejections.length >= 60, `${rejections.length} cases`);
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
