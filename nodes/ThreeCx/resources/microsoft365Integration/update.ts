// Hand-written operation: it validates its JSON fields before any request and reads the
// integration back after the update, which declarative routing cannot express.
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { parseJsonField } from '../../shared/jsonField';
import { XapiClient } from '../../shared/transport';
import { adUsersSyncConfigurationSchema, usersSyncConfigurationSchema } from './schemas';

const PATH = '/Microsoft365Integration';

const showForUpdate = {
	show: {
		resource: ['microsoft365Integration'],
		operation: ['update'],
	},
};

export const updateOperation: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update the Microsoft 365 integration settings',
	description:
		'Change the Microsoft 365 integration: tenant or application ID, user sync, presence sync or shared mailbox sync. Only the fields you add are changed.',
};

export const updateFields: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showForUpdate,
		options: [
			{
				displayName: 'Ad Users',
				name: 'adUsers',
				type: 'json',
				default: '{\n  "IsEnabled": true\n}',
				description:
					'Microsoft 365 user sync settings as a JSON object (3CX ADUsersSyncConfiguration), e.g. IsEnabled, SyncType, SelectedUsers, StatusSyncConfiguration. Keys you leave out keep their current value, but a list you send replaces the whole list.',
			},
			{
				displayName: 'Application ID',
				name: 'applicationId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 11111111-2222-3333-4444-555555555555',
				description: 'Application (client) ID of the app registered in Microsoft Entra ID',
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'number',
				default: 0,
				description: 'ID of the integration record. 3CX keeps a single integration.',
			},
			{
				displayName: 'Shared Mailboxes Sync',
				name: 'sharedMailboxesSync',
				type: 'json',
				default: '{\n  "IsEnabled": true\n}',
				description:
					'Shared mailbox sync settings as a JSON object (3CX UsersSyncConfiguration): IsEnabled, SyncType, SelectedUsers',
			},
			{
				displayName: 'Tenant ID',
				name: 'tenantId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 11111111-2222-3333-4444-555555555555',
				description: 'Directory (tenant) ID of the Microsoft 365 organisation',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showForUpdate,
		options: [
			{
				displayName: 'Return Updated Integration',
				name: 'returnUpdated',
				type: 'boolean',
				default: true,
				description:
					'Whether to read the integration back after the update and output it. When off, each item outputs { "success": true }.',
			},
		],
	},
];

interface UpdateFieldValues {
	adUsers?: unknown;
	applicationId?: unknown;
	id?: unknown;
	sharedMailboxesSync?: unknown;
	tenantId?: unknown;
}

/**
 * Builds the PATCH body from the fields the user added. 3CX writes every property it receives,
 * so an empty field is left out instead of being sent as an empty value.
 */
export function buildUpdateBody(node: INode, fields: UpdateFieldValues, itemIndex: number) {
	const body: IDataObject = {};

	const adUsers = parseJsonField(
		node,
		{ displayName: 'Ad Users', schema: adUsersSyncConfigurationSchema },
		fields.adUsers,
		itemIndex,
	);
	if (adUsers !== undefined) body.AdUsers = adUsers;

	const applicationId = readText(node, 'Application ID', fields.applicationId, itemIndex);
	if (applicationId !== undefined) body.ApplicationId = applicationId;

	const id = readInt32(node, 'ID', fields.id, itemIndex);
	if (id !== undefined) body.Id = id;

	const sharedMailboxesSync = parseJsonField(
		node,
		{ displayName: 'Shared Mailboxes Sync', schema: usersSyncConfigurationSchema },
		fields.sharedMailboxesSync,
		itemIndex,
	);
	if (sharedMailboxesSync !== undefined) body.SharedMailboxesSync = sharedMailboxesSync;

	const tenantId = readText(node, 'Tenant ID', fields.tenantId, itemIndex);
	if (tenantId !== undefined) body.TenantId = tenantId;

	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(node, 'No field to update', {
			itemIndex,
			description:
				'Add at least one field under Update Fields and fill it in. Empty fields are not sent, so 3CX keeps their current values. Nothing was sent to 3CX for this item.',
		});
	}
	return body;
}

/** Updates the integration for each input item, in item order. */
export async function executeUpdate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const client = await XapiClient.create(this);
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const fields = this.getNodeParameter('updateFields', itemIndex, {}) as UpdateFieldValues;
			const body = buildUpdateBody(node, fields, itemIndex);
			await client.send({ method: 'PATCH', path: PATH, body }, itemIndex);

			let json: IDataObject = { success: true };
			if (this.getNodeParameter('options.returnUpdated', itemIndex, true) === true) {
				const response = await client.send({ method: 'GET', path: PATH }, itemIndex);
				json = response.body as IDataObject;
			}
			returnData.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError =
				error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeOperationError(node, error as Error, { itemIndex });
			if (this.continueOnFail()) {
				returnData.push({
					json: { error: nodeError.message },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw nodeError;
		}
	}

	return [returnData];
}

function readText(node: INode, displayName: string, value: unknown, itemIndex: number) {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new NodeOperationError(node, `${displayName} must be text, not ${typeof value}`, {
			itemIndex,
			description: `Enter ${displayName} as text. Nothing was sent to 3CX for this item.`,
		});
	}
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

function readInt32(node: INode, displayName: string, value: unknown, itemIndex: number) {
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (
		typeof number !== 'number' ||
		!Number.isInteger(number) ||
		number < -2147483648 ||
		number > 2147483647
	) {
		throw new NodeOperationError(node, `${displayName} must be a whole number`, {
			itemIndex,
			description: `3CX stores ${displayName} as a 32-bit integer, and ${JSON.stringify(value)} is not one. Nothing was sent to 3CX for this item.`,
		});
	}
	return number;
}
