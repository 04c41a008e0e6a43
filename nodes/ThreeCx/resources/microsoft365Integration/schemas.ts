import { z } from 'zod';

// Hand-written after the 3CX 20.0.10 OpenAPI document (components/schemas/Pbx.*). Every property
// is optional there, and `.strict()` rejects unknown keys so that a typo is not silently ignored.

/** Pbx.SynchronizedM365Profile: a Microsoft 365 presence. */
export const m365ProfileSchema = z.enum([
	'Available',
	'Busy',
	'Away',
	'AvailableIdle',
	'BusyIdle',
	'DoNotDisturb',
	'BeRightBack',
	'InMeeting',
	'InCall',
]);

/** Pbx.SynchronizedPbxProfile: a 3CX status profile. */
export const pbxProfileSchema = z.enum(['Available', 'OutOfOffice', 'Away']);

/** Pbx.IntegrationSyncType; SyncSelectedGroups exists since 3CX 20.0.9. */
export const integrationSyncTypeSchema = z.enum([
	'SyncAllUsers',
	'SyncAllUsersExceptSelected',
	'SyncSelected',
	'SyncSelectedGroups',
]);

const nullableBoolean = z.boolean().nullable().optional();

/** List of user or group identifiers; 3CX accepts no null entries. */
const identifierList = z.array(z.string().min(1)).optional();

/** Pbx.M365ToPbxBinding: maps a Microsoft 365 presence to a 3CX profile. */
const m365ToPbxBindingSchema = z
	.object({
		From: m365ProfileSchema.nullable().optional(),
		To: pbxProfileSchema.nullable().optional(),
	})
	.strict();

/** Pbx.PbxToM365Binding: maps a 3CX profile to a Microsoft 365 presence. */
const pbxToM365BindingSchema = z
	.object({
		From: pbxProfileSchema.nullable().optional(),
		To: m365ProfileSchema.nullable().optional(),
	})
	.strict();

/** Pbx.StatusSyncConfiguration. The property names spell "PBX" in capitals. */
export const statusSyncConfigurationSchema = z
	.object({
		M365ToPbxBindings: z.array(m365ToPbxBindingSchema).optional(),
		PBXToM365Bindings: z.array(pbxToM365BindingSchema).optional(),
		PBXToM365Busy: nullableBoolean,
	})
	.strict();

/** Pbx.ADUsersSyncConfiguration: the "Ad Users" field. */
export const adUsersSyncConfigurationSchema = z
	.object({
		EnableSSO: nullableBoolean,
		IsEnabled: nullableBoolean,
		IsSyncDepartments: nullableBoolean,
		IsSyncDetails: nullableBoolean,
		IsSyncOfficePhone: nullableBoolean,
		IsSyncPhoto: nullableBoolean,
		SelectedGroups: identifierList,
		SelectedUsers: identifierList,
		SetTeamsPresence: nullableBoolean,
		StartingExtensionNumber: z.string().optional(),
		StatusSyncConfiguration: statusSyncConfigurationSchema.nullable().optional(),
		SyncEvents: nullableBoolean,
		SyncGuestUsers: nullableBoolean,
		SyncPersonalContacts: nullableBoolean,
		SyncType: integrationSyncTypeSchema.nullable().optional(),
	})
	.strict();

/** Pbx.UsersSyncConfiguration: the "Shared Mailboxes Sync" field. */
export const usersSyncConfigurationSchema = z
	.object({
		IsEnabled: nullableBoolean,
		SelectedUsers: identifierList,
		SyncType: integrationSyncTypeSchema.nullable().optional(),
	})
	.strict();

export type AdUsersSyncConfiguration = z.infer<typeof adUsersSyncConfigurationSchema>;
export type UsersSyncConfiguration = z.infer<typeof usersSyncConfigurationSchema>;
