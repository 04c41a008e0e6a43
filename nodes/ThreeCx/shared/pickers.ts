// Record pickers: the entity sets whose key fields are resource locators (From List, By ID and,
// where 3CX has the alternate key, By Number), and the list searches behind From List. The
// generator reads PICKERS to turn those key fields into resource locators.
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { XapiClient } from './transport';

export interface Picker {
	/** Entity set, e.g. `Users`. */
	set: string;
	/** The record in words, e.g. `User`; the field's display name. */
	noun: string;
	/** Properties read for the list, the first of them used to order it. */
	select: string[];
	/** Name shown in the list, from a record read with `select`. */
	label: (record: IDataObject) => string;
	/** Whether 3CX addresses records of the set by `Number` as well, e.g. `/Users(Number='1000')`. */
	byNumber: boolean;
}

const named = (record: IDataObject) =>
	[record.Number, record.Name].filter((part) => part !== undefined && part !== '').join(' ');

export const PICKERS: Picker[] = [
	{
		set: 'Users',
		noun: 'User',
		select: ['Number', 'FirstName', 'LastName', 'Id'],
		label: (record) =>
			[record.Number, record.FirstName, record.LastName]
				.filter((part) => part !== undefined && part !== '')
				.join(' '),
		byNumber: true,
	},
	{
		set: 'Groups',
		noun: 'Group',
		select: ['Name', 'Id'],
		label: (record) => String(record.Name ?? record.Id),
		byNumber: false,
	},
	{ set: 'Queues', noun: 'Queue', select: ['Number', 'Name', 'Id'], label: named, byNumber: true },
	{
		set: 'RingGroups',
		noun: 'Ring Group',
		select: ['Number', 'Name', 'Id'],
		label: named,
		byNumber: true,
	},
	{
		set: 'Receptionists',
		noun: 'Receptionist',
		select: ['Number', 'Name', 'Id'],
		label: named,
		byNumber: true,
	},
	{ set: 'Trunks', noun: 'Trunk', select: ['Number', 'Id'], label: named, byNumber: true },
];

/** Records per page of a list search. */
const PAGE_SIZE = 100;

/** Name of the list search method of a picker, e.g. `searchUsers`. */
export function searchMethodName(picker: Picker): string {
	return `search${picker.set}`;
}

/** Builds the resource locator field for the key of a picker's set. */
export function locatorField(picker: Picker, name: string): INodeProperties {
	const noun = picker.noun.toLowerCase();
	const field: INodeProperties = {
		displayName: picker.noun,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: picker.byNumber
			? `The ${noun}: pick it from the list, or enter its ID or its number`
			: `The ${noun}: pick it from the list, or enter its ID`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${noun}...`,
				typeOptions: { searchListMethod: searchMethodName(picker), searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 42',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the ID, a whole number' },
					},
				],
			},
			{
				displayName: 'By Number',
				name: 'number',
				type: 'string',
				placeholder: 'e.g. 1000',
			},
		],
	};
	// Groups have no alternate key, so they are picked from the list or by ID only.
	if (!picker.byNumber) field.modes = field.modes!.slice(0, 2);
	return field;
}

/** List searches for the From List mode of each picker, keyed by method name. */
export const listSearch = Object.fromEntries(
	PICKERS.map((picker) => [
		searchMethodName(picker),
		async function (
			this: ILoadOptionsFunctions,
			filter?: string,
			paginationToken?: string,
		): Promise<INodeListSearchResult> {
			return await searchRecords(this, picker, filter, paginationToken);
		},
	]),
);

async function searchRecords(
	context: ILoadOptionsFunctions,
	picker: Picker,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const skip = Number(paginationToken ?? 0) || 0;
	const query = [
		`$select=${picker.select.join(',')}`,
		`$orderby=${picker.select[0]}`,
		`$top=${PAGE_SIZE}`,
		`$skip=${skip}`,
	];
	if (filter?.trim()) query.push(`$search=${encodeURIComponent(filter.trim())}`);

	const client = await XapiClient.forLoadOptions(context, `${picker.set} → search`);
	const response = await client.send(
		{ method: 'GET', path: `/${picker.set}?${query.join('&')}` },
		0,
	);
	const records = ((response.body as IDataObject)?.value ?? []) as IDataObject[];
	const results: INodeListSearchItems[] = records.map((record) => ({
		name: picker.label(record) || String(record.Id),
		value: String(record.Id),
	}));
	return records.length === PAGE_SIZE
		? { results, paginationToken: String(skip + PAGE_SIZE) }
		: { results };
}
