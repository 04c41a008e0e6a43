// Operations that add entries to, or remove them from, one selection list of the Microsoft 365
// integration without resending the rest: the users of the user sync, or the shared mailboxes.
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemContext } from '../../shared/itemContext';
import type { HandWrittenOperation } from '../../shared/operation';
import { XapiClient } from '../../shared/transport';

const PATH = '/Microsoft365Integration';
const NOTHING_SENT = 'Nothing was sent to 3CX for this item.';

/** Commas, semicolons and line breaks separate the entries typed into one field. */
const ENTRY_SEPARATORS = /[,;\r\n]+/;

/** A selection list: `SelectedUsers` of one part of the integration. */
export interface SelectionList {
	/** Property of the integration that contains the list, e.g. `AdUsers`. */
	section: 'AdUsers' | 'SharedMailboxesSync';
	/** Words for its entries, e.g. `users` or `shared mailboxes`. */
	entries: string;
	/** Display name of the node field with the entries, e.g. `Users`. */
	fieldLabel: string;
	/** Example entries for the field's placeholder. */
	example: string;
	/** Kind of directory entry that 3CX lists for it in GetM365Users, e.g. `Users`. */
	directoryType: 'Users' | 'SharedMailboxes';
	/** Load options methods: entries in the Microsoft 365 directory, and entries selected now. */
	directoryMethod: string;
	selectedMethod: string;
}

export interface SelectionOperationSpec {
	operationId: string;
	value: string;
	change: 'add' | 'remove';
	list: SelectionList;
}

/** Builds an operation that adds entries to a selection list or removes them from it. */
export function selectionOperation(spec: SelectionOperationSpec): HandWrittenOperation {
	const { change, list } = spec;
	const verb = change === 'add' ? 'Add' : 'Remove';
	const listName = `${list.section}.SelectedUsers`;
	const name = `${verb} Selected ${titleWords(list.entries)}`;

	const fields: INodeProperties[] = [
		{
			displayName: list.fieldLabel,
			name: 'entries',
			type: 'string',
			default: '',
			placeholder: `e.g. ${list.example}`,
			description: `${titleWords(list.entries)} to ${change} (${listName}), separated by commas, semicolons or line breaks, or a list from an expression. Matching ignores case.`,
			displayOptions: {
				show: { resource: ['microsoft365Integration'], operation: [spec.value] },
			},
		},
		{
			displayName: change === 'add' ? 'From Microsoft 365' : 'From the Selection',
			name: 'pickedEntries',
			type: 'multiOptions',
			typeOptions: {
				loadOptionsMethod: change === 'add' ? list.directoryMethod : list.selectedMethod,
			},
			default: [],
			description:
				change === 'add'
					? `${titleWords(list.entries)} to add, picked from the Microsoft 365 directory as 3CX sees it. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`
					: `${titleWords(list.entries)} to remove, picked from the ones selected now. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
			displayOptions: {
				show: { resource: ['microsoft365Integration'], operation: [spec.value] },
			},
		},
	];

	return {
		operationId: spec.operationId,
		option: {
			name,
			value: spec.value,
			action: `${verb} ${list.entries} ${change === 'add' ? 'to' : 'from'} the Microsoft 365 selection`,
			description: `${verb} ${list.entries} ${change === 'add' ? 'to' : 'from'} the Microsoft 365 integration's ${listName} and keep every other setting and entry. It reads the integration, checks right before writing that nobody changed it meanwhile, and writes back only the ${list.section} part. In all 3CX releases 20.0.4 to 20.0.10.`,
		},
		request: { method: 'PATCH', path: PATH, response: 'none' },
		fields,
		executeItem: async (context) => await changeSelection(spec, context),
	};
}

async function changeSelection(
	spec: SelectionOperationSpec,
	context: ItemContext,
): Promise<INodeExecutionData[]> {
	const { list } = spec;
	const wanted = readEntries(
		context.node,
		list.fieldLabel,
		context.getParameter('entries', ''),
		context.getParameter('pickedEntries', []),
		context.itemIndex,
	);

	const before = await readSection(context, list);
	const current = selectedEntries(before);
	const result = spec.change === 'add' ? added(current, wanted) : removed(current, wanted);
	const output: IDataObject = {
		changed: result.changed,
		[spec.change === 'add' ? 'added' : 'removed']: result.changedEntries,
		[spec.change === 'add' ? 'alreadySelected' : 'notSelected']: result.unchangedEntries,
		selectedUsers: result.selection,
	};
	if (typeof before?.SyncType === 'string') output.syncType = before.SyncType;
	if (!result.changed) return [{ json: output }];

	// 3CX writes the whole object it is given. Reading it again right before the write makes sure
	// that the values written back are the current ones, so no one else's change is undone.
	// NOTE: 3CX offers no ETag for the integration, so a change between this read and the PATCH
	// goes undetected.
	const latest = await readSection(context, list);
	if (JSON.stringify(latest ?? null) !== JSON.stringify(before ?? null)) {
		throw new NodeOperationError(
			context.node,
			`The Microsoft 365 integration's ${list.section} changed while this item was being processed`,
			{
				itemIndex: context.itemIndex,
				description: `Someone or something else changed ${list.section} between the node's read and its write. The node wrote nothing, so that change stays. Run the node again to apply this item on top of it.`,
			},
		);
	}

	const section: IDataObject = { ...(before ?? {}), SelectedUsers: result.selection };
	await context.send({ method: 'PATCH', path: PATH, body: { [list.section]: section } });
	return [{ json: output }];
}

/** Reads one part of the integration, without OData annotations. */
async function readSection(
	context: ItemContext,
	list: SelectionList,
): Promise<IDataObject | undefined> {
	const response = await context.send({ method: 'GET', path: PATH });
	const section = (response.body as IDataObject | undefined)?.[list.section];
	if (section === undefined || section === null) return undefined;
	if (typeof section !== 'object' || Array.isArray(section)) {
		throw new NodeOperationError(context.node, `3CX returned ${list.section} in an unknown form`, {
			itemIndex: context.itemIndex,
			description: `${list.section} should be an object. ${NOTHING_SENT}`,
		});
	}
	return Object.fromEntries(
		Object.entries(section).filter(([key]) => !key.startsWith('@odata.')),
	) as IDataObject;
}

function selectedEntries(section: IDataObject | undefined): string[] {
	const selected = section?.SelectedUsers;
	return Array.isArray(selected) ? selected.filter((entry) => typeof entry === 'string') : [];
}

interface SelectionChange {
	changed: boolean;
	selection: string[];
	changedEntries: string[];
	unchangedEntries: string[];
}

function added(current: string[], wanted: string[]): SelectionChange {
	const present = new Set(current.map(normalize));
	const selection = [...current];
	const changedEntries: string[] = [];
	const unchangedEntries: string[] = [];
	for (const entry of wanted) {
		if (present.has(normalize(entry))) {
			unchangedEntries.push(entry);
			continue;
		}
		present.add(normalize(entry));
		selection.push(entry);
		changedEntries.push(entry);
	}
	return { changed: changedEntries.length > 0, selection, changedEntries, unchangedEntries };
}

function removed(current: string[], wanted: string[]): SelectionChange {
	const unwanted = new Set(wanted.map(normalize));
	const selection = current.filter((entry) => !unwanted.has(normalize(entry)));
	const kept = new Set(selection.map(normalize));
	const changedEntries = current.filter((entry) => !kept.has(normalize(entry)));
	const removedKeys = new Set(changedEntries.map(normalize));
	const unchangedEntries = wanted.filter((entry) => !removedKeys.has(normalize(entry)));
	return { changed: changedEntries.length > 0, selection, changedEntries, unchangedEntries };
}

function normalize(entry: string): string {
	return entry.trim().toLowerCase();
}

/**
 * Reads the entries from text separated by commas, semicolons or line breaks, or from a list of
 * texts given by an expression. Entries are trimmed and repeated ones dropped.
 */
export function readEntries(
	node: INode,
	label: string,
	value: unknown,
	picked: unknown,
	itemIndex: number,
): string[] {
	const fail = (problem: string, fix: string) =>
		new NodeOperationError(node, `${label}${problem}`, {
			itemIndex,
			description: `${fix} ${NOTHING_SENT}`,
		});

	let entries: string[];
	if (typeof value === 'string') {
		entries = value.split(ENTRY_SEPARATORS);
	} else if (Array.isArray(value)) {
		entries = value.map((entry, index) => {
			if (typeof entry !== 'string') {
				throw fail(
					`[${index}] must be text, not ${entry === null ? 'null' : typeof entry}`,
					`Give ${label} as a list of texts, e.g. ["adele@contoso.com"].`,
				);
			}
			return entry;
		});
	} else {
		throw fail(
			` must be text or a list of texts, not ${value === null || value === undefined ? 'empty' : typeof value}`,
			'Separate entries with commas, semicolons or line breaks, or give a list from an expression.',
		);
	}

	// Entries picked from a list come as a list of texts; an expression may give one text.
	const pickedEntries = typeof picked === 'string' ? [picked] : picked;
	if (Array.isArray(pickedEntries)) {
		pickedEntries.forEach((entry, index) => {
			if (typeof entry !== 'string') {
				throw fail(
					` picked from the list, entry ${index}, must be text, not ${entry === null ? 'null' : typeof entry}`,
					'Pick entries from the list, or give their addresses as texts in an expression.',
				);
			}
			entries.push(...entry.split(ENTRY_SEPARATORS));
		});
	} else if (picked !== undefined && picked !== null) {
		throw fail(
			` picked from the list must be a list of texts, not ${typeof picked}`,
			'Pick entries from the list, or give their addresses as texts in an expression.',
		);
	}

	const unique = new Map<string, string>();
	for (const entry of entries.map((text) => text.trim())) {
		if (entry !== '' && !unique.has(normalize(entry))) unique.set(normalize(entry), entry);
	}
	if (unique.size === 0) {
		throw fail(' is empty', `Enter at least one entry in ${label}, or pick some from the list.`);
	}
	return [...unique.values()];
}

function titleWords(words: string): string {
	return words.replace(/\b\w/g, (letter) => letter.toUpperCase());
}

/** Users synchronised from Microsoft 365 when the user sync type names selected users. */
export const USERS: SelectionList = {
	section: 'AdUsers',
	entries: 'users',
	fieldLabel: 'Users',
	example: 'adele@contoso.com, alex@contoso.com',
	directoryType: 'Users',
	directoryMethod: 'getMicrosoft365Users',
	selectedMethod: 'getSelectedUsers',
};

/** Shared mailboxes whose contacts 3CX synchronises. */
export const SHARED_MAILBOXES: SelectionList = {
	section: 'SharedMailboxesSync',
	entries: 'shared mailboxes',
	fieldLabel: 'Shared Mailboxes',
	example: 'sales@contoso.com',
	directoryType: 'SharedMailboxes',
	directoryMethod: 'getMicrosoft365SharedMailboxes',
	selectedMethod: 'getSelectedSharedMailboxes',
};

/** The largest number of directory entries listed in the editor; 3CX sends them in pages of `Count`. */
const MAX_DIRECTORY_ENTRIES = 2000;

/** Lists the entries of the Microsoft 365 directory of one kind, e.g. users, by e-mail address. */
async function directoryOptions(
	context: ILoadOptionsFunctions,
	list: SelectionList,
): Promise<INodePropertyOptions[]> {
	const client = await XapiClient.forLoadOptions(
		context,
		`Microsoft 365 Integration → list ${list.entries}`,
	);
	const options: INodePropertyOptions[] = [];
	let pageToken: string | undefined;
	do {
		const response = await client.send(
			{
				method: 'POST',
				path: `${PATH}/Pbx.GetM365Users`,
				body: {
					options: { Count: 500, TypeOfUser: list.directoryType, NextPageToken: pageToken ?? null },
				},
			},
			0,
		);
		const page = (response.body ?? {}) as IDataObject;
		for (const account of (page.Users ?? []) as IDataObject[]) {
			const address = typeof account.Email === 'string' ? account.Email : '';
			if (address === '') continue;
			const name = typeof account.Name === 'string' && account.Name !== '' ? account.Name : address;
			options.push({ name: name === address ? address : `${name} (${address})`, value: address });
		}
		pageToken =
			typeof page.NextPageToken === 'string' && page.NextPageToken !== ''
				? page.NextPageToken
				: undefined;
	} while (pageToken !== undefined && options.length < MAX_DIRECTORY_ENTRIES);
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** Lists the entries selected now in one list of the integration. */
async function selectedOptions(
	context: ILoadOptionsFunctions,
	list: SelectionList,
): Promise<INodePropertyOptions[]> {
	const client = await XapiClient.forLoadOptions(
		context,
		`Microsoft 365 Integration → list selected ${list.entries}`,
	);
	const response = await client.send({ method: 'GET', path: PATH }, 0);
	const section = (response.body as IDataObject | undefined)?.[list.section] as
		| IDataObject
		| undefined;
	return selectedEntries(section).map((entry) => ({ name: entry, value: entry }));
}

/** Load options methods of the selection operations, keyed by method name. */
export const selectionLoadOptions = {
	[USERS.directoryMethod]: async function (this: ILoadOptionsFunctions) {
		return await directoryOptions(this, USERS);
	},
	[SHARED_MAILBOXES.directoryMethod]: async function (this: ILoadOptionsFunctions) {
		return await directoryOptions(this, SHARED_MAILBOXES);
	},
	[USERS.selectedMethod]: async function (this: ILoadOptionsFunctions) {
		return await selectedOptions(this, USERS);
	},
	[SHARED_MAILBOXES.selectedMethod]: async function (this: ILoadOptionsFunctions) {
		return await selectedOptions(this, SHARED_MAILBOXES);
	},
};
