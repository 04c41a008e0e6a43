import type { SchemaNode } from './schema.cjs';

const nullableBoolean: SchemaNode = { type: 'boolean', nullable: true };
const identifiers: SchemaNode = { type: 'array', items: { type: 'string' } };

const m365Profile: SchemaNode = {
	type: 'string',
	typeName: 'Pbx.SynchronizedM365Profile',
	nullable: true,
	enum: [
		'Available',
		'Busy',
		'Away',
		'AvailableIdle',
		'BusyIdle',
		'DoNotDisturb',
		'BeRightBack',
		'InMeeting',
		'InCall',
	],
};

const pbxProfile: SchemaNode = {
	type: 'string',
	typeName: 'Pbx.SynchronizedPbxProfile',
	nullable: true,
	enum: ['Available', 'OutOfOffice', 'Away'],
};

const syncType: SchemaNode = {
	type: 'string',
	typeName: 'Pbx.IntegrationSyncType',
	nullable: true,
	enum: ['SyncAllUsers', 'SyncAllUsersExceptSelected', 'SyncSelected', 'SyncSelectedGroups'],
};

/** Pbx.Microsoft365Integration as the 3CX 20.0.10 OpenAPI document defines it. */
export const microsoft365IntegrationSchema: SchemaNode = {
	type: 'object',
	typeName: 'Pbx.Microsoft365Integration',
	properties: {
		AdUsers: {
			type: 'object',
			typeName: 'Pbx.ADUsersSyncConfiguration',
			nullable: true,
			properties: {
				EnableSSO: nullableBoolean,
				IsEnabled: nullableBoolean,
				IsSyncDepartments: nullableBoolean,
				IsSyncDetails: nullableBoolean,
				IsSyncOfficePhone: nullableBoolean,
				IsSyncPhoto: nullableBoolean,
				SelectedGroups: identifiers,
				SelectedUsers: identifiers,
				SetTeamsPresence: nullableBoolean,
				StartingExtensionNumber: { type: 'string' },
				StatusSyncConfiguration: {
					type: 'object',
					typeName: 'Pbx.StatusSyncConfiguration',
					nullable: true,
					properties: {
						M365ToPbxBindings: {
							type: 'array',
							items: {
								type: 'object',
								typeName: 'Pbx.M365ToPbxBinding',
								properties: { From: m365Profile, To: pbxProfile },
							},
						},
						PBXToM365Bindings: {
							type: 'array',
							items: {
								type: 'object',
								typeName: 'Pbx.PbxToM365Binding',
								properties: { From: pbxProfile, To: m365Profile },
							},
						},
						PBXToM365Busy: nullableBoolean,
					},
				},
				SyncEvents: nullableBoolean,
				SyncGuestUsers: nullableBoolean,
				SyncPersonalContacts: nullableBoolean,
				SyncType: syncType,
			},
		},
		ApplicationId: { type: 'string' },
		Id: { type: 'integer', format: 'int32' },
		SharedMailboxesSync: {
			type: 'object',
			typeName: 'Pbx.UsersSyncConfiguration',
			nullable: true,
			properties: {
				IsEnabled: nullableBoolean,
				SelectedUsers: identifiers,
				SyncType: syncType,
			},
		},
		TenantId: { type: 'string' },
	},
};

/** A configured integration, so that a demo update visibly changes something. */
export function initialMicrosoft365Integration(): Record<string, unknown> {
	return {
		Id: 1,
		ApplicationId: '6f1c2a0e-8d4b-4c3e-9a57-2b1d9e0f4a11',
		TenantId: 'contoso.onmicrosoft.com',
		AdUsers: {
			EnableSSO: false,
			IsEnabled: true,
			IsSyncDepartments: false,
			IsSyncDetails: true,
			IsSyncOfficePhone: false,
			IsSyncPhoto: true,
			SelectedGroups: [],
			SelectedUsers: ['adele.vance@contoso.com', 'alex.wilber@contoso.com'],
			SetTeamsPresence: false,
			StartingExtensionNumber: '1000',
			StatusSyncConfiguration: {
				M365ToPbxBindings: [
					{ From: 'Available', To: 'Available' },
					{ From: 'Away', To: 'Away' },
				],
				PBXToM365Bindings: [{ From: 'OutOfOffice', To: 'DoNotDisturb' }],
				PBXToM365Busy: true,
			},
			SyncEvents: false,
			SyncGuestUsers: false,
			SyncPersonalContacts: false,
			SyncType: 'SyncSelected',
		},
		SharedMailboxesSync: {
			IsEnabled: false,
			SelectedUsers: [],
			SyncType: 'SyncAllUsers',
		},
	};
}
