import type {
	IDataObject,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemContext } from './itemContext';
import { itemContextForExecution } from './itemContext';
import { formatLiteral } from './odata';
import type { ItemHandler, XapiOperation } from './operation';
import type { NumberLookup } from './requestBuilder';
import { buildBody, buildPath, numberLookups } from './requestBuilder';
import type { XapiRequest } from './transport';
import { XapiClient } from './transport';

/** Records per page when the user sets no page size, and the largest page size allowed. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Pages that Return All reads at most, so that it ends even when 3CX reports no count. */
const MAX_PAGES = 10_000;

/** An operation's item handler and its name in errors and log lines, e.g. `Users → Get Many`. */
export interface RegisteredOperation {
	label: string;
	handler: ItemHandler;
}

/** Operations keyed by resource value, then by operation value. */
export type HandlerRegistry = Record<string, Record<string, RegisteredOperation>>;

/** The node's "Options" collection of a collection or entity operation. */
interface QueryOptions {
	count?: boolean;
	expand?: string;
	filter?: string;
	ifMatch?: string;
	orderBy?: string;
	pageSize?: number;
	search?: string;
	select?: string;
}

/** Returns the item handler of a generated operation. */
export function generatedItemHandler(operation: XapiOperation): ItemHandler {
	return async (context) => await executeGeneratedItem(operation, context);
}

async function executeGeneratedItem(
	operation: XapiOperation,
	context: ItemContext,
): Promise<INodeExecutionData[]> {
	const { request: spec } = operation;
	const options = context.getParameter('options', {}) as QueryOptions;
	// Every field is checked before the first request; a record given by number is looked up
	// after that, so that bad input sends nothing.
	const lookups = numberLookups(spec, context);
	const checkOnly = Object.fromEntries(lookups.map(({ parameter }) => [parameter.field, 0]));
	const request: XapiRequest = {
		method: spec.method,
		path: buildPath(spec, context, checkOnly),
		releases: operation.releases,
		binary: spec.response === 'file',
	};

	if (spec.body) request.body = buildBody(spec.body, context);
	if (spec.ifMatch && options.ifMatch) request.headers = { 'If-Match': options.ifMatch };
	if (spec.method === 'PATCH' && request.body && Object.keys(request.body).length === 0) {
		throw new NodeOperationError(context.node, 'No field to update', {
			itemIndex: context.itemIndex,
			description:
				'Add at least one field under Update Fields and fill it in. Empty fields are not sent, so 3CX keeps their current values. Nothing was sent to 3CX for this item.',
		});
	}

	if (lookups.length > 0) {
		request.path = buildPath(spec, context, await lookUpNumbers(lookups, context));
	}

	if (spec.response === 'file') {
		// A download is one file; its query options narrow the rows, and it is not paged.
		request.path += queryString(filterQuery(options));
	} else if (spec.query === 'collection') {
		return await readCollection(request, options, context);
	} else if (spec.query === 'entity') {
		request.path += queryString(entityQuery(options));
	}

	const response = await context.send(request);
	return await toOutputItems(operation, response, context);
}

/** Finds the ID of each record given by number, e.g. the user with extension number 1000. */
async function lookUpNumbers(
	lookups: NumberLookup[],
	context: ItemContext,
): Promise<Record<string, unknown>> {
	const resolved: Record<string, unknown> = {};
	for (const { parameter, number } of lookups) {
		const set = parameter.locator!;
		const response = await context.send({
			method: 'GET',
			path: `/${set}?$filter=Number%20eq%20${formatLiteral(number, 'string')}&$select=Id,Number&$top=2`,
		});
		const records = ((response.body as IDataObject)?.value ?? []) as IDataObject[];
		const noun = parameter.label.toLowerCase();
		if (records.length !== 1) {
			throw new NodeOperationError(
				context.node,
				records.length === 0
					? `No ${noun} has the number ${number}`
					: `More than one ${noun} has the number ${number}`,
				{
					itemIndex: context.itemIndex,
					description: `Check the number, or pick the ${noun} from the list. ${set} was searched with $filter=Number eq '${number}'; nothing was changed in 3CX.`,
				},
			);
		}
		resolved[parameter.field] = records[0].Id;
	}
	return resolved;
}

function entityQuery(options: QueryOptions): string[] {
	const parts: string[] = [];
	if (options.select) parts.push(`$select=${encodeURIComponent(options.select.trim())}`);
	if (options.expand) parts.push(`$expand=${encodeURIComponent(options.expand.trim())}`);
	return parts;
}

function filterQuery(options: QueryOptions): string[] {
	const parts = entityQuery(options);
	if (options.filter) parts.push(`$filter=${encodeURIComponent(options.filter.trim())}`);
	if (options.search) parts.push(`$search=${encodeURIComponent(options.search.trim())}`);
	if (options.orderBy) parts.push(`$orderby=${encodeURIComponent(options.orderBy.trim())}`);
	return parts;
}

function queryString(parts: string[]): string {
	return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * Reads a collection with `$top` and `$skip`. With Return All it pages until a page comes back
 * short or `@odata.count` records have arrived. It stops with an error if 3CX sends a page it
 * already sent, so it neither loops forever nor outputs a record twice.
 */
async function readCollection(
	request: XapiRequest,
	options: QueryOptions,
	context: ItemContext,
): Promise<INodeExecutionData[]> {
	const filters = filterQuery(options);

	if (options.count === true) {
		const path = request.path + queryString([...filters, '$count=true', '$top=0']);
		const response = await context.send({ ...request, path });
		return [{ json: { count: (response.body as IDataObject)['@odata.count'] ?? 0 } }];
	}

	const returnAll = context.getParameter('returnAll', false) === true;
	const limit = Number(context.getParameter('limit', 50));
	const wanted = returnAll ? Number.POSITIVE_INFINITY : Math.max(1, limit);
	const pageSize = Math.min(
		MAX_PAGE_SIZE,
		Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE)),
	);

	const records: unknown[] = [];
	const seenIds = new Set<unknown>();
	let offset = 0;
	let total: number | undefined;
	let previousFirst: string | undefined;

	for (let page = 1; records.length < wanted; page++) {
		if (page > MAX_PAGES) {
			throw new NodeOperationError(context.node, `Stopped reading after ${MAX_PAGES} pages`, {
				itemIndex: context.itemIndex,
				description: `${records.length} records were read from ${request.path} without reaching the end. Narrow the records with a filter, or turn off Return All and use Limit.`,
			});
		}
		const top = Math.min(pageSize, wanted - records.length);
		const paging = [`$top=${top}`];
		if (offset > 0) paging.push(`$skip=${offset}`);
		if (page === 1 && returnAll) paging.push('$count=true');

		const response = await context.send({
			...request,
			path: request.path + queryString([...filters, ...paging]),
			// The records read so far are an incomplete list, so none of them is output.
			progress:
				page === 1
					? undefined
					: {
							step: `on page ${page} of Return All`,
							state: `Return All had read ${records.length} records on ${page - 1} pages when page ${page} failed. None of them is output, because the list is incomplete.`,
						},
		});
		const body = response.body as IDataObject;
		const values = body?.value;
		if (!Array.isArray(values)) {
			throw new NodeOperationError(context.node, `3CX returned no list on page ${page}`, {
				itemIndex: context.itemIndex,
				description: `${request.method} ${request.path} returned a body without a "value" array.`,
			});
		}
		if (page === 1 && typeof body['@odata.count'] === 'number') total = body['@odata.count'];

		const first = values.length > 0 ? JSON.stringify(values[0]) : undefined;
		if (page > 1 && first !== undefined && first === previousFirst) {
			throw new NodeOperationError(context.node, `3CX returned page ${page} again`, {
				itemIndex: context.itemIndex,
				description: `The server seems to ignore $skip for ${request.path}. ${records.length} ${records.length === 1 ? 'record was' : 'records were'} read before the repeat. Turn off Return All and use Limit.`,
			});
		}
		previousFirst = first;
		offset += values.length;

		// Records that moved between pages while reading (an insert or delete in between) would
		// otherwise come twice; the Id tells them apart.
		for (const value of values) {
			const id = (value as IDataObject | null)?.Id;
			if (id !== undefined && id !== null) {
				if (seenIds.has(id)) continue;
				seenIds.add(id);
			}
			records.push(value);
		}

		if (values.length < top) break;
		if (total !== undefined && offset >= total) break;
	}

	return records.map(toItem);
}

/** Drops the `@odata.context` metadata URL that 3CX adds to a single entity. */
export function withoutContext(entity: IDataObject): IDataObject {
	if (!('@odata.context' in entity)) return entity;
	const rest = { ...entity };
	delete rest['@odata.context'];
	return rest;
}

function toItem(record: unknown): INodeExecutionData {
	const isObject = typeof record === 'object' && record !== null && !Array.isArray(record);
	return { json: isObject ? (record as IDataObject) : { value: record as IDataObject[string] } };
}

async function toOutputItems(
	operation: XapiOperation,
	response: IN8nHttpFullResponse,
	context: ItemContext,
): Promise<INodeExecutionData[]> {
	let body: unknown = response.body;

	if (operation.request.response === 'file') {
		const contentType = String(response.headers?.['content-type'] ?? '');
		const data = Buffer.from(body as ArrayBuffer);
		if (!contentType.includes('json')) {
			return [await toBinaryItem(data, contentType, response, context)];
		}
		body = data.length === 0 ? undefined : JSON.parse(data.toString('utf8'));
	}

	if (body === undefined || body === null || body === '') {
		return [
			{ json: operation.request.method === 'DELETE' ? { deleted: true } : { success: true } },
		];
	}
	if (typeof body === 'object' && !Array.isArray(body)) {
		const object = body as IDataObject;
		if (Array.isArray(object.value) && operation.request.response !== 'entity') {
			return object.value.map(toItem);
		}
		return [{ json: withoutContext(object) }];
	}
	return [toItem(body)];
}

async function toBinaryItem(
	data: Buffer,
	contentType: string,
	response: IN8nHttpFullResponse,
	context: ItemContext,
): Promise<INodeExecutionData> {
	const disposition = String(response.headers?.['content-disposition'] ?? '');
	const fileName = fileNameFrom(disposition);
	const mimeType = contentType.split(';')[0].trim() || 'application/octet-stream';
	const binary = await context.prepareBinaryData(data, fileName, mimeType);
	return {
		json: {
			fileName: binary.fileName ?? fileName ?? null,
			mimeType: binary.mimeType,
			fileSize: data.length,
		},
		binary: { data: binary },
	};
}

/** Reads the file name of a Content-Disposition header, preferring the RFC 5987 `filename*`. */
export function fileNameFrom(disposition: string): string | undefined {
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			return extended[1].trim();
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition);
	return plain ? (plain[2] ?? plain[1]).trim() : undefined;
}

/**
 * Runs an item handler for every input item, in order, as an n8n custom operation. Each output
 * item is paired with its input item; under "continue on fail" a failed item outputs its error
 * text instead of stopping the node.
 */
export function asCustomOperation({ label, handler }: RegisteredOperation) {
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const client = await XapiClient.forExecution(this, label);
		const returnData: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const results = await handler(itemContextForExecution(this, client, itemIndex));
				for (const result of results)
					returnData.push({ ...result, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError =
					error instanceof NodeOperationError || error instanceof NodeApiError
						? error
						: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				if (!this.continueOnFail()) throw nodeError;
				returnData.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [returnData];
	};
}
