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
