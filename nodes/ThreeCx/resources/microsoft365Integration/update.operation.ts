// Hand-written operation: it validates its JSON fields before any request and reads the
// integration back after the update, which declarative routing cannot express.
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withoutContext } from '../../shared/execute';
import type { ItemContext } from '../../shared/itemContext';
import { parseJsonField } from '../../shared/jsonField';
import type { HandWrittenOperation } from '../../shared/operation';
import { zodForType } from '../../shared/schemaRegistry';

const PATH = '/Microsoft365Integration';

const showForUpdate = {
	show: {
		resource: ['microsoft365Integration'],
		operation: ['update'],
	},
};

const updateOperation: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update the Microsoft 365 integration settings',
	description:
		'Change the Microsoft 365 integration: tenant or application ID, user sync, presence sync or shared mailbox sync. Only the fields you add are changed. In all 3CX releases 20.0.4 to 20.0.10.',
};

const updateFields: INodeProperties[] = [
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
		{ displayName: 'Ad Users', schema: zodForType('Pbx.ADUsersSyncConfiguration') },
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
		{ displayName: 'Shared Mailboxes Sync', schema: zodForType('Pbx.UsersSyncConfiguration') },
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

/** Updates the integration for one input item and outputs the integration read back. */
async function executeItem(context: ItemContext): Promise<INodeExecutionData[]> {
	const fields = context.getParameter('updateFields', {}) as UpdateFieldValues;
	const body = buildUpdateBody(context.node, fields, context.itemIndex);
	await context.send({ method: 'PATCH', path: PATH, body });

	if (context.getParameter('options.returnUpdated', true) !== true)
		return [{ json: { success: true } }];
	const response = await context.send({ method: 'GET', path: PATH });
	return [{ json: withoutContext(response.body as IDataObject) }];
}

export const operation: HandWrittenOperation = {
	operationId: 'UpdateMicrosoft365Integration',
	option: updateOperation,
	request: { method: 'PATCH', path: PATH, response: 'none' },
	fields: updateFields,
	executeItem,
};

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
