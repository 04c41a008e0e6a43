import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Fixture } from './helpers.cjs';
import { startFixture, threeCxNode, workflowWith } from './helpers.cjs';

interface Rejection {
	name: string;
	parameters: INodeParameters;
	message: string;
	description: RegExp;
}

const getUser = (id: unknown): INodeParameters => ({
	resource: 'users',
	operation: 'get',
	id: id as string,
});
const getOAuthClient = (id: string): INodeParameters => ({
	resource: 'oauthClients',
	operation: 'get',
	id,
});
const getLogs = (startDate: string, endDate = '2026-01-02T00:00:00Z'): INodeParameters => ({
	resource: 'activityLog',
	operation: 'getLogs',
	startDate,
	endDate,
});
const updateUser = (updateFields: INodeParameters, id: unknown = 1): INodeParameters => ({
	resource: 'users',
	operation: 'update',
	id: id as string,
	updateFields,
});

const WHOLE_NUMBER = /Enter digits only, e\.g\. 42\./;
const GUID = /Enter a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e\./;
const DATE_TIME = /Enter a date-time such as 2026-01-31T08:00:00Z/;

const rejections: Rejection[] = [
	{
		name: 'letters in a numeric key',
		parameters: getUser('={{ "abc" }}'),
		message: 'User must be a whole number, not "abc"',
		description: WHOLE_NUMBER,
	},
	{
		name: 'digits and letters in a numeric key',
		parameters: getUser('={{ "12abc" }}'),
		message: 'User must be a whole number, not "12abc"',
		description: WHOLE_NUMBER,
	},
	{
		name: 'a fraction in a numeric key',
		parameters: getUser(1.5),
		message: 'User must be a whole number, not 1.5',
		description: WHOLE_NUMBER,
	},
	{
		name: 'an exponent in a numeric key',
		parameters: getUser('={{ "1e3" }}'),
		message: 'User must be a whole number, not "1e3"',
		description: WHOLE_NUMBER,
	},
	{
		name: 'a quoted number in a numeric key',
		parameters: getUser(`={{ "'42'" }}`),
		message: `User must be a whole number, not "'42'"`,
		description: WHOLE_NUMBER,
	},
	{
		name: 'a boolean in a numeric key',
		parameters: getUser('={{ true }}'),
		message: 'User must be a whole number, not true',
		description: WHOLE_NUMBER,
	},
	{
		name: 'an object in a numeric key',
		parameters: getUser('={{ { id: 1 } }}'),
		message: 'User must be a whole number, not an object',
		description: WHOLE_NUMBER,
	},
	{
		name: 'a key beyond 32 bits',
		parameters: getUser(2147483648),
		message: 'User must be a whole number from -2147483648 to 2147483647, not 2147483648',
		description: /32-bit integer/,
	},
	{
		name: 'an empty key',
		parameters: getUser('={{ "" }}'),
		message: 'User is missing',
		description: /3CX needs a value for User in the URL/,
	},
	{
		name: 'a GUID key that is no GUID',
		parameters: getOAuthClient('not-a-guid'),
		message: 'ID must be a GUID, not "not-a-guid"',
		description: GUID,
	},
	{
		name: 'a GUID key in braces',
		parameters: getOAuthClient('{0f8fad5b-d9cb-469f-a165-70867728950e}'),
		message: 'ID must be a GUID, not "{0f8fad5b-d9cb-469f-a165-70867728950e}"',
		description: GUID,
	},
	{
		name: 'a GUID key in quotes',
		parameters: getOAuthClient("'0f8fad5b-d9cb-469f-a165-70867728950e'"),
		message: `ID must be a GUID, not "'0f8fad5b-d9cb-469f-a165-70867728950e'"`,
		description: GUID,
	},
	{
		name: 'month 13 in a date-time',
		parameters: getLogs('2026-13-01T00:00:00Z'),
		message: 'Start Date must be an ISO 8601 date-time, not "2026-13-01T00:00:00Z"',
		description: DATE_TIME,
	},
	{
		name: 'hour 25 in a date-time',
		parameters: getLogs('2026-01-01T00:00:00Z', '2026-01-02T25:00:00Z'),
		message: 'End Date must be an ISO 8601 date-time, not "2026-01-02T25:00:00Z"',
		description: DATE_TIME,
	},
	{
		name: 'a word for a date-time',
		parameters: getLogs('yesterday'),
		message: 'Start Date must be an ISO 8601 date-time, not "yesterday"',
		description: DATE_TIME,
	},
	{
		name: 'a US date',
		parameters: getLogs('01/15/2026'),
		message: 'Start Date must be an ISO 8601 date-time, not "01/15/2026"',
		description: DATE_TIME,
	},
	{
		name: 'milliseconds since 1970 as a date-time',
		parameters: getLogs('={{ 1767225600000 }}'),
		message: 'Start Date must be an ISO 8601 date-time, not 1767225600000',
		description: DATE_TIME,
	},
	{
		name: 'a quoted date-time',
		parameters: getLogs('2026-01-01T00:00:00Z', "'2026-01-02T00:00:00Z'"),
		message: `End Date must be an ISO 8601 date-time, not "'2026-01-02T00:00:00Z'"`,
		description: DATE_TIME,
	},
	{
		name: 'a word in a date-time body field',
		parameters: { resource: 'blocklist', operation: 'create', fields: { expiresAt: 'next week' } },
		message: 'Expires At must be an ISO 8601 date-time, not "next week"',
		description: DATE_TIME,
	},
	{
		name: 'an enum value in the wrong case',
		parameters: updateUser({ transcriptionMode: 'voicemail' }),
		message: 'Transcription Mode must be one of the allowed values, not "voicemail"',
		description: /Use one of: Nothing, Voicemail, Recordings, Both, Inherit\./,
	},
	{
		name: 'a word in a boolean field',
		parameters: updateUser({ callUsEnableChat: '={{ "yes" }}' }),
		message: 'Call Us Enable Chat must be true or false, not "yes"',
		description: /Enter true or false\./,
	},
	{
		name: 'a word in a number field',
		parameters: updateUser({ pinProtectTimeout: '={{ "soon" }}' }),
		message: 'PIN Protect Timeout must be a whole number, not "soon"',
		description: WHOLE_NUMBER,
	},
	{
		name: 'an object in a text field',
		parameters: updateUser({ number: '={{ { digits: 100 } }}' }),
		message: 'Number must be text, not an object',
		description: /Enter the value as text\./,
	},
	{
		name: 'an object where a JSON list belongs',
		parameters: updateUser({ groups: '{ "GroupId": 1 }' }),
		message: 'Groups: must be a JSON array, not an object',
		description: /Enter a list/,
	},
	{
		name: 'text in a number inside a JSON list',
		parameters: updateUser({ groups: '[{ "GroupId": "one" }]' }),
		message: 'Groups → [0].GroupId: must be a number, not the string "one"',
		description: /Enter a number\./,
	},
	{
		name: 'a JSON field that is no JSON',
		parameters: updateUser({ groups: "[{ 'GroupId': 1 }]" }),
		message: 'Groups: is not valid JSON',
		description: /Keys and string values need double quotes\./,
	},
	{
		name: 'a bad key on an update with valid fields',
		parameters: updateUser({ number: '100' }, '={{ "x" }}'),
		message: 'User must be a whole number, not "x"',
		description: WHOLE_NUMBER,
	},
	{
		name: 'letters from an expression in a user picked by ID',
		parameters: getUser({ __rl: true, mode: 'id', value: '={{ "abc" }}' }),
		message: 'User must be a whole number, not "abc"',
		description: WHOLE_NUMBER,
	},
	{
		name: 'an empty user number',
		parameters: getUser({ __rl: true, mode: 'number', value: ' ' }),
		message: 'User is missing',
		description: /Enter the number of the user\./,
	},
	{
		name: 'a bad field on an update of a user given by number',
		parameters: updateUser(
			{ transcriptionMode: 'voicemail' },
			{ __rl: true, mode: 'number', value: '1000' },
		),
		message: 'Transcription Mode must be one of the allowed values, not "voicemail"',
		description: /Use one of:/,
	},
	{
		name: 'a group given by number, which groups do not have',
		parameters: {
			resource: 'groups',
			operation: 'get',
			id: { __rl: true, mode: 'number', value: '1' },
		},
		message: 'Group cannot be given by number',
		description: /3CX has no number for group records\./,
	},
	{
		name: 'a create without its required key',
		parameters: { resource: 'fxs', operation: 'create', macAddress: '={{ "" }}' },
		message: 'MAC Address is required',
		description: /Enter the MAC Address of the new record\./,
	},
];

describe('generated operations reject bad input', () => {
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
		assert.ok(rejections.length >= 20, `${rejections.length} cases`);
	});

	for (const rejection of rejections) {
		it(`rejects ${rejection.name}`, async () => {
			const { engine, simulator } = fixture;
			const node = threeCxNode(engine, rejection.parameters);

			const result = await engine.run(workflowWith(node));

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

	it("encodes a ' in a text key instead of rejecting it", async () => {
		const { engine, simulator } = fixture;
		const node = threeCxNode(engine, {
			resource: 'users',
			operation: 'getByNumber',
			number: "O'Brien 1",
		});

		await engine.run(workflowWith(node));

		assert.equal(simulator.xapiRequests()[0]?.url, "/xapi/v1/Users(Number='O''Brien%201')");
	});
});
