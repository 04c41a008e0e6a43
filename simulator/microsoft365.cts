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

/** The Microsoft 365 directory that GetM365Users lists: users and shared mailboxes. */
const DIRECTORY = [
	{ Id: 'a1', Name: 'Adele Vance', Email: 'adele.vance@contoso.com', type: 'Users' },
	{ Id: 'a2', Name: 'Alex Wilber', Email: 'alex.wilber@contoso.com', type: 'Users' },
	{ Id: 'a3', Name: 'Lynne Robbins', Email: 'lynne.robbins@contoso.com', type: 'Users' },
	{ Id: 'a4', Name: 'Megan Bowen', Email: 'megan.bowen@contoso.com', type: 'Users' },
	{ Id: 'a5', Name: 'Nestor Wilke', Email: 'nestor.wilke@contoso.com', type: 'Users' },
	{ Id: 's1', Name: 'Sales', Email: 'sales@contoso.com', type: 'SharedMailboxes' },
	{ Id: 's2', Name: 'Support', Email: 'support@contoso.com', type: 'SharedMailboxes' },
];

/**
 * Answers GetM365Users from the directory above: entries of `TypeOfUser` (licensed users count
 * as users), narrowed by `Search`, `Count` at a time, with the offset of the next page as
 * `NextPageToken`.
 */
export function listM365Users(body: unknown): Record<string, unknown> {
	const options = ((body as { options?: Record<string, unknown> } | undefined)?.options ??
		{}) as Record<string, unknown>;
	const type = options.TypeOfUser === 'SharedMailboxes' ? 'SharedMailboxes' : 'Users';
	const search = typeof options.Search === 'string' ? options.Search.toLowerCase() : '';
	const count = typeof options.Count === 'number' && options.Count > 0 ? options.Count : 100;
	const offset = Number(options.NextPageToken ?? 0) || 0;

	const matching = DIRECTORY.filter(
		(entry) =>
			entry.type === type &&
			(search === '' || `${entry.Name} ${entry.Email}`.toLowerCase().includes(search)),
	);
	const page = matching.slice(offset, offset + count);
	const next = offset + count < matching.length ? String(offset + count) : null;
	return {
		NextPageToken: next,
		Users: page.map(({ Id, Name, Email }) => ({ Id, Name, Email })),
	};
}
