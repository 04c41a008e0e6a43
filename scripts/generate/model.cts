// Builds the node's resources and operations from all documents: an operation is a method and
// path of one tag, the newest document that has it defines it, and the others tell in which
// releases it exists.
import type { LiteralType } from '../../nodes/ThreeCx/shared/odata';
import { locatorField, PICKERS } from '../../nodes/ThreeCx/shared/pickers';
import type {
	BodyProperty,
	ResponseKind,
	UrlParameter,
} from '../../nodes/ThreeCx/shared/operation';
import {
	camelCase,
	displayName,
	lowerWords,
	plural,
	sentence,
	singular,
	withArticle,
} from './naming.cjs';
import type {
	OpenApiDocument,
	SchemaObject,
	SpecDocument,
	SpecOperation,
	TypeInfo,
} from './spec.cjs';
import {
	ALTERNATE_KEY,
	operationsOf,
	propertiesOf,
	referenceName,
	resolveReference,
	typeOf,
} from './spec.cjs';

export type OperationKind =
	| 'getAll'
	| 'get'
	| 'create'
	| 'update'
	| 'delete'
	| 'getSingleton'
	| 'updateSingleton'
	| 'getByAlternateKey'
	| 'navigation'
	| 'function'
	| 'action';

/** A node field, as an INodeProperties object without its displayOptions. */
export interface FieldModel {
	displayName: string;
	name: string;
	type:
		| 'string'
		| 'number'
		| 'boolean'
		| 'dateTime'
		| 'options'
		| 'json'
		| 'collection'
		| 'resourceLocator';
	default: unknown;
	required?: boolean;
	description?: string;
	placeholder?: string;
	typeOptions?: Record<string, unknown>;
	options?: Array<{ name: string; value: string } | FieldModel>;
	/** Modes of a resource locator. */
	modes?: unknown[];
	displayOptions?: { show: Record<string, unknown[]> };
}

export interface OperationModel {
	identity: string;
	operationId: string;
	kind: OperationKind;
	method: SpecOperation['method'];
	path: string;
	releases: string[];
	/** Releases that have the operation, when not all do, e.g. `20.0.6 to 20.0.7`. */
	releasesText?: string;
	value: string;
	name: string;
	action: string;
	description: string;
	parameters: UrlParameter[];
	query?: 'collection' | 'entity';
	bodyCollection?: string;
	bodyProperties?: BodyProperty[];
	ifMatch: boolean;
	response: ResponseKind;
	fields: FieldModel[];
	/** Component schemas that JSON fields of this operation validate against. */
	schemas: string[];
	/** Whether older releases take other body properties than the newest one. */
	bodyVaries: boolean;
}

export interface ResourceModel {
	tag: string;
	name: string;
	value: string;
	/** Shown with the resource in the editor: what its records or settings are. */
	description: string;
	operations: OperationModel[];
}

export interface ApiModel {
	releases: string[];
	/** The documents, oldest release first. */
	documents: OpenApiDocument[];
	resources: ResourceModel[];
}

interface Variant {
	document: SpecDocument;
	operation: SpecOperation;
}

/** Groups the operations of all documents into resources, one per tag of the newest releases. */
export function buildModel(documents: SpecDocument[]): ApiModel {
	const releases = documents.map((document) => document.release);
	const variants = new Map<string, Variant[]>();
	for (const document of documents) {
		for (const operation of operationsOf(document.document)) {
			const identity = `${operation.tag} ${operation.method} ${operation.path}`;
			const list = variants.get(identity) ?? [];
			list.push({ document, operation });
			variants.set(identity, list);
		}
	}

	const byTag = new Map<string, OperationModel[]>();
	for (const [identity, list] of variants) {
		// The newest document that has the operation defines it.
		const { document, operation } = list[list.length - 1];
		const model = buildOperation(identity, document.document, operation, {
			releases: list.map((variant) => variant.document.release),
			allReleases: releases,
		});
		const bodies = new Set(
			list.map((variant) => bodyPropertyNames(variant.document.document, variant.operation.body)),
		);
		model.bodyVaries = bodies.size > 1;
		const operations = byTag.get(operation.tag) ?? [];
		operations.push(model);
		byTag.set(operation.tag, operations);
	}

	const newest = documents[documents.length - 1].document;
	const resources = [...byTag.entries()].map(([tag, operations]) => {
		resolveNameClashes(operations, releases);
		operations.sort((a, b) => a.name.localeCompare(b.name));
		const description = describeResource(newest, operations[0].path);
		return { tag, name: displayName(tag), value: camelCase(tag), description, operations };
	});
	resources.sort((a, b) => a.name.localeCompare(b.name));
	return { releases, documents: documents.map((document) => document.document), resources };
}

/** Lists the body's property names, to compare a body across releases. */
function bodyPropertyNames(document: OpenApiDocument, body: SchemaObject | undefined): string {
	if (body === undefined) return '';
	const reference = body.$ref ?? body.allOf?.[0]?.$ref;
	const names = reference
		? propertiesOf(document, referenceName(reference)).map((property) => property.name)
		: Object.keys(body.properties ?? {});
	return names.sort().join(',');
}

/**
 * Says what a resource contains, so that similar names (Blocklist, Black List Numbers) can be
 * told apart: the entity type and its first properties.
 */
function describeResource(document: OpenApiDocument, path: string): string {
	const root = (path.split('/')[1] ?? '').replace(/\(.*$/, '');
	const { singleton, entityType } = rootInfo(document, root);
	if (entityType === undefined) return `Functions and actions of ${lowerWords(root)}`;
	const properties = propertiesOf(document, entityType)
		.filter((property) => !property.navigation)
		.slice(0, 4)
		.map((property) => displayName(property.name));
	const kind = singleton ? 'Settings' : 'Records';
	return `${kind} of type ${entityType.replace(/^Pbx\./, '')}: ${properties.join(', ')}, …`;
}

interface ReleaseContext {
	releases: string[];
	allReleases: string[];
}

function buildOperation(
	identity: string,
	document: OpenApiDocument,
	operation: SpecOperation,
	context: ReleaseContext,
): OperationModel {
	const segments = operation.path.split('/').filter((segment) => segment !== '');
	const last = segments[segments.length - 1];
	const kind = classify(operation, segments);
	const names = nounsOf(document, operation);
	const functionName = /^(?:Pbx\.)?([A-Za-z0-9]+)/.exec(last)?.[1] ?? last;
	const response = responseKind(document, operation, functionName);

	const parameters = urlParameters(operation);
	const query = operation.queryParameters.includes('$top')
		? 'collection'
		: operation.queryParameters.includes('$select')
			? 'entity'
			: undefined;

	const model: OperationModel = {
		identity,
		operationId: operation.operationId,
		kind,
		method: operation.method,
		path: operation.path,
		releases: context.releases,
		value: '',
		name: '',
		action: '',
		description: '',
		parameters,
		query,
		ifMatch: operation.headerParameters.includes('If-Match'),
		response,
		fields: [],
		schemas: [],
		bodyVaries: false,
	};
	nameOperation(model, kind, names, segments, functionName);
	describeOperation(model, operation, names, context);
	addFields(model, document, operation, kind, names);
	return model;
}

function classify(operation: SpecOperation, segments: string[]): OperationKind {
	const last = segments[segments.length - 1];
	const type = operation.operationType;
	if (type === 'function' || type === 'functionImport') return 'function';
	if (type === 'action' || type === 'actionImport') return 'action';

	if (segments.length === 1) {
		if (ALTERNATE_KEY.test(last)) return 'getByAlternateKey';
		if (/\(\{[^}]+\}\)$/.test(last)) {
			if (operation.method === 'PATCH') return 'update';
			if (operation.method === 'DELETE') return 'delete';
			return 'get';
		}
		if (operation.method === 'POST') return 'create';
		if (operation.method === 'PATCH') return 'updateSingleton';
		return type === undefined ? 'getAll' : 'getSingleton';
	}
	return 'navigation';
}

interface Nouns {
	/** e.g. `user`, `ring group`, `Microsoft 365 integration`. */
	one: string;
	/** e.g. `users`, `ring groups`. */
	many: string;
	singleton: boolean;
}

/** Derives the nouns for actions and descriptions from the entity type and the tag. */
function nounsOf(document: OpenApiDocument, operation: SpecOperation): Nouns {
	const many = lowerWords(operation.tag);
	const root = (operation.path.split('/')[1] ?? '').replace(/\(.*$/, '');
	const { singleton, entityType } = rootInfo(document, root);
	const one = singleton ? many : entityType ? lowerWords(entityType) : singular(many);
	return { one, many, singleton };
}

interface RootInfo {
	singleton: boolean;
	entityType?: string;
}

const rootInfoCache = new WeakMap<OpenApiDocument, Map<string, RootInfo>>();

/**
 * Tells whether a top-level path segment is a singleton (`/Microsoft365Integration`) or an
 * entity set (`/Users`), and the entity type it contains.
 */
function rootInfo(document: OpenApiDocument, root: string): RootInfo {
	let cache = rootInfoCache.get(document);
	if (cache === undefined) {
		cache = new Map();
		rootInfoCache.set(document, cache);
	}
	const cached = cache.get(root);
	if (cached !== undefined) return cached;

	let info: RootInfo = { singleton: false };
	const listOperation = operationAt(document, `/${root}`);
	const keyPath = Object.keys(document.paths).find(
		(path) => path.startsWith(`/${root}({`) && path.indexOf('/', 1) === -1,
	);
	if (listOperation?.response !== undefined) {
		const schema = listOperation.response;
		const resolved = schema.$ref ? resolveReference<SchemaObject>(document, schema.$ref) : schema;
		const item = collectionItemReference(document, resolved);
		info =
			item !== undefined
				? { singleton: false, entityType: item ? referenceName(item) : undefined }
				: { singleton: true, entityType: schema.$ref ? referenceName(schema.$ref) : undefined };
	} else if (keyPath !== undefined) {
		const schema = operationAt(document, keyPath)?.response;
		info = { singleton: false, entityType: schema?.$ref ? referenceName(schema.$ref) : undefined };
	}
	cache.set(root, info);
	return info;
}

/** Names of an entity set's key properties, read from its `/Set({Key})` path. */
function entityKeys(document: OpenApiDocument, root: string): string[] {
	const keyPath = Object.keys(document.paths).find((path) =>
		new RegExp(`^/${root}\\(\\{[^}]+\\}\\)$`).test(path),
	);
	return keyPath ? [...keyPath.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]) : [];
}

/** Returns the GET operation of a path, if the document has one. */
function operationAt(document: OpenApiDocument, path: string): SpecOperation | undefined {
	return operationsOf({ ...document, paths: { [path]: document.paths[path] ?? {} } }).find(
		(operation) => operation.method === 'GET',
	);
}

/** Returns the `$ref` of the items of a collection schema (`{ value: [...] }`), if it is one. */
function collectionItemReference(
	document: OpenApiDocument,
	schema: SchemaObject,
): string | undefined {
	const parts = [schema, ...(schema.allOf ?? [])];
	for (const part of parts) {
		const resolved = part.$ref ? resolveReference<SchemaObject>(document, part.$ref) : part;
		const value = resolved.properties?.value;
		if (value?.type === 'array') return value.items?.$ref ?? '';
		if (resolved.allOf && resolved !== schema) {
			const nested = collectionItemReference(document, resolved);
			if (nested !== undefined) return nested;
		}
	}
	return undefined;
}

function responseKind(
	document: OpenApiDocument,
	operation: SpecOperation,
	functionName: string,
): ResponseKind {
	const schema = operation.response;
	const refersToFileResult =
		schema?.$ref?.endsWith('Pbx.IActionResult') === true ||
		schema?.allOf?.some((part) => part.$ref?.endsWith('Pbx.IActionResult')) === true;
	if (
		operation.method === 'GET' &&
		(/^(Download|Export)/.test(functionName) || refersToFileResult)
	) {
		return 'file';
	}
	if (schema === undefined || operation.successStatus === '204') return 'none';

	const resolved = schema.$ref ? resolveReference<SchemaObject>(document, schema.$ref) : schema;
	if (collectionItemReference(document, resolved) !== undefined) return 'collection';
	const value = resolved.properties?.value;
	if (value !== undefined && Object.keys(resolved.properties ?? {}).length === 1) return 'value';
	return 'entity';
}

function literalType(type: TypeInfo): LiteralType {
	if (type.kind !== 'scalar') return 'string';
	switch (type.scalar) {
		case 'int32':
			return 'int32';
		case 'int64':
			return 'int64';
		case 'boolean':
			return 'boolean';
		case 'guid':
			return 'guid';
		case 'dateTime':
			return 'dateTime';
		default:
			return 'string';
	}
}

/** Node parameter names that the node's own fields use, which operation inputs must not take. */
const RESERVED_FIELDS = new Set([
	'resource',
	'operation',
	'returnAll',
	'limit',
	'options',
	'fields',
	'updateFields',
	'requestOptions',
	'xapiRequestRunner',
]);

/** Lists the URL placeholders in path order, with the node field that fills each. */
function urlParameters(operation: SpecOperation): UrlParameter[] {
	const placeholders = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
	const used = new Set<string>();
	return placeholders.map((placeholder) => {
		const parameter = operation.pathParameters.find((candidate) => candidate.name === placeholder);
		const type = literalType(typeOfParameter(parameter?.schema));
		let field = camelCase(placeholder);
		if (used.has(field) || RESERVED_FIELDS.has(field)) field = `${field}Parameter`;
		used.add(field);
		const result: UrlParameter = {
			template: placeholder,
			field,
			label: displayName(placeholder),
			literal: type,
		};
		// Keys are never empty; only function parameters may be sent as ''.
		const isKey = KEY_SEGMENT.test(segmentOf(operation.path, placeholder));
		if (parameter?.schema?.nullable && type === 'string' && !isKey) result.nullable = true;
		// The key of a record in a set with a picker, e.g. {Id} of /Users({Id})/Pbx.RebootPhone.
		const picker = PICKERS.find((candidate) => operation.path.startsWith(`/${candidate.set}({`));
		if (picker && operation.path.startsWith(`/${picker.set}({${placeholder}})`)) {
			result.locator = picker.set;
			result.label = picker.noun;
		}
		return result;
	});
}

/** A key segment: `Users({Id})` or `Users(Number={Number})`, not a function call. */
const KEY_SEGMENT = /^[A-Za-z]+\((\{[^}]+\}|[A-Z][A-Za-z]*=\{[^}]+\})\)$/;

function segmentOf(path: string, placeholder: string): string {
	return path.split('/').find((segment) => segment.includes(`{${placeholder}}`)) ?? '';
}

function typeOfParameter(schema: SchemaObject | undefined): TypeInfo {
	if (schema?.type === 'integer') {
		return {
			kind: 'scalar',
			scalar: schema.format === 'int64' ? 'int64' : 'int32',
			nullable: false,
		};
	}
	if (schema?.type === 'boolean') return { kind: 'scalar', scalar: 'boolean', nullable: false };
	if (schema?.format === 'uuid') return { kind: 'scalar', scalar: 'guid', nullable: false };
	if (schema?.format === 'date-time')
		return { kind: 'scalar', scalar: 'dateTime', nullable: false };
	return { kind: 'scalar', scalar: 'string', nullable: schema?.nullable === true };
}

function nameOperation(
	model: OperationModel,
	kind: OperationKind,
	nouns: Nouns,
	segments: string[],
	functionName: string,
): void {
	const last = segments[segments.length - 1];
	switch (kind) {
		case 'getAll':
			Object.assign(model, {
				value: 'getAll',
				name: 'Get Many',
				action: `Get many ${plural(nouns.one)}`,
			});
			return;
		case 'get':
			Object.assign(model, { value: 'get', name: 'Get', action: `Get ${withArticle(nouns.one)}` });
			return;
		case 'create':
			Object.assign(model, {
				value: 'create',
				name: 'Create',
				action: `Create ${withArticle(nouns.one)}`,
			});
			return;
		case 'update':
			Object.assign(model, {
				value: 'update',
				name: 'Update',
				action: `Update ${withArticle(nouns.one)}`,
			});
			return;
		case 'delete':
			Object.assign(model, {
				value: 'delete',
				name: 'Delete',
				action: `Delete ${withArticle(nouns.one)}`,
			});
			return;
		case 'getSingleton':
			Object.assign(model, { value: 'get', name: 'Get', action: `Get the ${nouns.many}` });
			return;
		case 'updateSingleton':
			Object.assign(model, { value: 'update', name: 'Update', action: `Update the ${nouns.many}` });
			return;
		case 'getByAlternateKey': {
			const key = /\(([A-Za-z]+)=/.exec(last)?.[1] ?? 'Key';
			Object.assign(model, {
				value: camelCase(`GetBy${key}`),
				name: `Get by ${displayName(key)}`,
				action: `Get ${withArticle(nouns.one)} by ${lowerWords(key)}`,
			});
			return;
		}
		case 'navigation': {
			const navigation = last.replace(/\(.*$/, '');
			const owner = nouns.singleton ? `the ${lowerWords(segments[0])}` : withArticle(nouns.one);
			Object.assign(model, {
				value: camelCase(`Get${navigation}`),
				name: `Get ${displayName(navigation)}`,
				action: `Get the ${lowerWords(navigation)} of ${owner}`,
			});
			return;
		}
		case 'function':
		case 'action': {
			// Functions such as GetByNumber read one record: say which, as Get by Number does.
			const by = /^GetBy([A-Z][A-Za-z]*)$/.exec(functionName);
			Object.assign(model, {
				value: camelCase(functionName),
				name: displayName(functionName),
				action: by
					? `Get ${withArticle(nouns.one)} by ${lowerWords(by[1])}`
					: sentence(lowerWords(functionName)),
			});
			return;
		}
	}
}

/** Makes operation values and names unique within a resource. */
function resolveNameClashes(operations: OperationModel[], allReleases: string[]): void {
	const byValue = new Map<string, OperationModel[]>();
	for (const operation of operations) {
		const list = byValue.get(operation.value) ?? [];
		list.push(operation);
		byValue.set(operation.value, list);
	}
	for (const clashing of byValue.values()) {
		if (clashing.length < 2) continue;
		for (const operation of clashing) {
			// An operation of older releases keeps a release suffix; one bound to a single entity
			// says so. The newest, collection-bound form keeps the plain name.
			const newest = operation.releases.includes(allReleases[allReleases.length - 1]);
			const boundToEntity = /\(\{[^}]+\}\)\/[^/]+$/.test(operation.path);
			if (!newest) {
				const until = operation.releases[operation.releases.length - 1];
				suffix(operation, `Until ${until}`, `until${until.replace(/\./g, '')}`);
			} else if (
				boundToEntity &&
				clashing.some((other) => other !== operation && other.releases.length > 0)
			) {
				suffix(
					operation,
					`For One ${displayName(singular(operation.identity.split(' ')[0]))}`,
					'forOne',
				);
			}
		}
		const values = new Set<string>();
		for (const operation of clashing) {
			let value = operation.value;
			for (let index = 2; values.has(value); index++) value = `${operation.value}${index}`;
			values.add(value);
			operation.value = value;
		}
	}
}

function suffix(operation: OperationModel, nameSuffix: string, valueSuffix: string): void {
	operation.name = `${operation.name} (${nameSuffix})`;
	operation.value = `${operation.value}${valueSuffix.charAt(0).toUpperCase()}${valueSuffix.slice(1)}`;
	operation.action = `${operation.action} (${nameSuffix.toLowerCase()})`;
}

/** Describes an operation for users and AI agents, ending with the releases that have it. */
function describeOperation(
	model: OperationModel,
	operation: SpecOperation,
	nouns: Nouns,
	context: ReleaseContext,
): void {
	const { releases, allReleases } = context;
	const first = releases[0];
	const last = releases[releases.length - 1];
	const newest = allReleases[allReleases.length - 1];
	let availability: string;
	if (releases.length === allReleases.length) {
		availability = `In all 3CX releases ${allReleases[0]} to ${newest}.`;
	} else {
		model.releasesText =
			last === newest ? `${first} and later` : first === last ? first : `${first} to ${last}`;
		availability = `${last === newest ? 'In' : 'Only in'} 3CX ${model.releasesText}.`;
	}

	const functionName = /(?:^|\/)(?:Pbx\.)?([A-Za-z0-9]+)(?:\(|$)/.exec(
		operation.path.split('/').pop() ?? '',
	)?.[1];
	// A key picked with a resource locator reads "by ID, number or from a list", not by its noun.
	const parameterNames = model.parameters.map((parameter) =>
		parameter.locator
			? PICKERS.find((picker) => picker.set === parameter.locator)?.byNumber
				? 'ID or number'
				: 'ID'
			: parameter.label,
	);
	let text: string;
	switch (model.kind) {
		case 'getAll':
			text = `List ${nouns.many}, with OData filter, sort, select and paging.`;
			break;
		case 'get':
			text = `Read one ${nouns.one} by ${parameterNames.join(', ')}.`;
			break;
		case 'create':
			text = `Create ${withArticle(nouns.one)} from the fields you add.`;
			break;
		case 'update':
			text = `Change the fields you add on one ${nouns.one}; other fields keep their values.`;
			break;
		case 'delete':
			text = `Delete one ${nouns.one} by ${parameterNames.join(', ')}.`;
			break;
		case 'getSingleton':
			text = `Read the ${nouns.many} settings.`;
			break;
		case 'updateSingleton':
			text = `Change the ${nouns.many} settings you add; the others keep their values.`;
			break;
		case 'getByAlternateKey':
			text = `Read one ${nouns.one} by ${parameterNames.join(', ')}.`;
			break;
		case 'navigation':
			text = `List the ${lowerWords(operation.path.split('/').pop() ?? '')} of ${nouns.singleton ? `the ${nouns.many}` : `one ${nouns.one}`}.`;
			break;
		default: {
			const verb = model.kind === 'function' ? 'Call the 3CX function' : 'Run the 3CX action';
			const inputs = parameterNames.length > 0 ? ` with ${parameterNames.join(', ')}` : '';
			text = `${verb} ${functionName} on ${nouns.many}${inputs}.`;
		}
	}
	model.description = `${text} ${availability}`;
}

function addFields(
	model: OperationModel,
	document: OpenApiDocument,
	operation: SpecOperation,
	kind: OperationKind,
	nouns: Nouns,
): void {
	for (const parameter of model.parameters) {
		model.fields.push(urlParameterField(parameter));
	}

	if (model.query === 'collection' && model.response !== 'file') {
		model.fields.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				default: 50,
				typeOptions: { minValue: 1 },
				description: 'Max number of results to return',
				displayOptions: { show: { returnAll: [false] } },
			},
		);
	}

	const options = queryOptionFields(model);
	if (operation.body) {
		addBodyFields(model, document, operation.body, kind, nouns);
	}
	if (options.length > 0) {
		model.fields.push({
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options,
		});
	}
}

function urlParameterField(parameter: UrlParameter): FieldModel {
	const picker = PICKERS.find((candidate) => candidate.set === parameter.locator);
	if (picker) return locatorField(picker, parameter.field) as FieldModel;
	const base = { displayName: parameter.label, name: parameter.field };
	switch (parameter.literal) {
		case 'int32':
		case 'int64':
			return { ...base, type: 'number', default: 0, required: true };
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'dateTime':
			return {
				...base,
				type: 'dateTime',
				default: '',
				required: true,
				description: 'Date and time; without a time zone it is read in the workflow time zone',
			};
		case 'guid':
			return {
				...base,
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. 0f8fad5b-d9cb-469f-a165-70867728950e',
			};
		default: {
			const field = textField(parameter.label, parameter.field);
			if (parameter.nullable) field.description = 'Leave empty to send an empty value';
			else field.required = true;
			return field;
		}
	}
}

function queryOptionFields(model: OperationModel): FieldModel[] {
	const fields: FieldModel[] = [];
	const paged = model.query === 'collection' && model.response !== 'file';
	if (model.query === 'collection') {
		fields.push(
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'string',
				default: '',
				placeholder: "e.g. Number eq '100'",
				description: 'OData $filter expression that the records must match',
			},
			{
				displayName: 'Order By',
				name: 'orderBy',
				type: 'string',
				default: '',
				placeholder: 'e.g. Number desc',
				description:
					'OData $orderby: properties to sort by, each optionally followed by asc or desc',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'OData $search text',
			},
		);
	}
	if (paged) {
		fields.push(
			{
				displayName: 'Count Only',
				name: 'count',
				type: 'boolean',
				default: false,
				description: 'Whether to output only the number of matching records, as { "count": N }',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 1, maxValue: 1000 },
				description: 'Records per request ($top) while reading pages, from 1 to 1000',
			},
		);
	}
	if (model.query !== undefined) {
		fields.push(
			{
				displayName: 'Expand',
				name: 'expand',
				type: 'string',
				default: '',
				placeholder: 'e.g. Groups',
				description: 'OData $expand: related entities to include, separated by commas',
			},
			{
				displayName: 'Select',
				name: 'select',
				type: 'string',
				default: '',
				placeholder: 'e.g. Number,FirstName,LastName',
				description: 'OData $select: properties to return, separated by commas',
			},
		);
	}
	if (model.ifMatch) {
		fields.push({
			displayName: 'If-Match',
			name: 'ifMatch',
			type: 'string',
			default: '',
			description: 'ETag that the record must still have; 3CX refuses the request when it changed',
		});
	}
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function addBodyFields(
	model: OperationModel,
	document: OpenApiDocument,
	body: SchemaObject,
	kind: OperationKind,
	nouns: Nouns,
): void {
	const isEntity = body.$ref !== undefined || body.allOf !== undefined;
	const properties = isEntity
		? propertiesOf(document, referenceName(body.$ref ?? body.allOf![0].$ref!))
		: Object.entries(body.properties ?? {}).map(([name, schema]) => ({
				name,
				type: typeOf(document, schema),
				navigation: false,
			}));

	// The key names the record and an update must not move it. 3CX assigns a numeric key on
	// create; a text key (a playlist's Name, a website link's Link) is the user's to give.
	const root = (model.path.split('/')[1] ?? '').replace(/\(.*$/, '');
	const keys =
		isEntity && (kind === 'create' || kind === 'update') ? entityKeys(document, root) : [];

	const bodyProperties: BodyProperty[] = [];
	const fields: FieldModel[] = [];
	const keyFields: FieldModel[] = [];
	for (const property of properties) {
		if (keys.includes(property.name)) {
			const isText = property.type.kind === 'scalar' && property.type.scalar === 'string';
			if (kind !== 'create' || !isText) continue;
			const field = bodyField(property.name, property.type, model.schemas);
			field.property.required = true;
			keyFields.push({
				...field.field,
				required: true,
				description: `${displayName(property.name)} of the new ${nouns.one}, which identifies it from then on`,
			});
			bodyProperties.push(field.property);
			continue;
		}
		const field = bodyField(property.name, property.type, model.schemas);
		fields.push(field.field);
		bodyProperties.push(field.property);
	}
	model.bodyProperties = bodyProperties;
	model.fields.push(...keyFields);

	if (isEntity) {
		const collection = kind === 'update' || kind === 'updateSingleton' ? 'updateFields' : 'fields';
		model.bodyCollection = collection;
		model.fields.push({
			displayName: collection === 'updateFields' ? 'Update Fields' : 'Fields',
			name: collection,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description:
				collection === 'updateFields'
					? `Properties of the ${nouns.one} to change; the others keep their values`
					: `Properties of the new ${nouns.one}`,
			options: fields.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	} else {
		model.fields.push(...fields);
	}
}

/** Maps a body property to a typed node field and tells the request builder how to read it. */
function bodyField(
	name: string,
	type: TypeInfo,
	schemas: string[],
): { field: FieldModel; property: BodyProperty } {
	let field = camelCase(name);
	if (RESERVED_FIELDS.has(field)) field = `${field}Field`;
	const label = displayName(name);
	const property: BodyProperty = { property: name, field, label, kind: 'string' };

	if (type.kind === 'scalar') {
		switch (type.scalar) {
			case 'boolean':
				property.kind = 'boolean';
				return {
					field: { displayName: label, name: field, type: 'boolean', default: false },
					property,
				};
			case 'int32':
			case 'int64':
				property.kind = type.scalar;
				return { field: { displayName: label, name: field, type: 'number', default: 0 }, property };
			case 'number':
				property.kind = 'number';
				return {
					field: {
						displayName: label,
						name: field,
						type: 'number',
						default: 0,
						typeOptions: { numberPrecision: 2 },
					},
					property,
				};
			case 'dateTime':
				property.kind = 'dateTime';
				return {
					field: { displayName: label, name: field, type: 'dateTime', default: '' },
					property,
				};
			default:
				return { field: textField(label, field), property };
		}
	}

	if (type.kind === 'enum') {
		property.kind = 'enum';
		property.values = type.values;
		return {
			field: {
				displayName: label,
				name: field,
				type: 'options',
				default: type.values[0],
				options: type.values
					.map((value) => ({ name: displayName(value), value }))
					.sort((a, b) => a.name.localeCompare(b.name)),
			},
			property,
		};
	}

	property.kind = 'json';
	property.schema = typeExpression(type, schemas);
	const isList = type.kind === 'array';
	return {
		field: {
			displayName: label,
			name: field,
			type: 'json',
			default: isList ? '[]' : '{}',
			description: `JSON ${isList ? 'array' : 'object'} (${property.schema})`,
		},
		property,
	};
}

/** A text field; secrets are masked and e-mail fields get the placeholder n8n expects. */
function textField(label: string, name: string): FieldModel {
	const field: FieldModel = { displayName: label, name, type: 'string', default: '' };
	if (/secret|password|token|apikey/i.test(name)) field.typeOptions = { password: true };
	if (/email/i.test(name)) field.placeholder = 'name@email.com';
	return field;
}

/** Scalar names of schemaRegistry for the spec's scalar types; others are checked as text. */
const SCALAR_EXPRESSIONS: Partial<Record<string, string>> = {
	int32: 'int32',
	int64: 'int64',
	number: 'number',
	boolean: 'boolean',
	dateTime: 'dateTime',
	guid: 'guid',
};

/** Writes a zod type expression (see schemaRegistry) and notes the components it needs. */
function typeExpression(type: TypeInfo, schemas: string[]): string {
	switch (type.kind) {
		case 'array':
			return `${typeExpression(type.items, schemas)}[]`;
		case 'object':
		case 'enum':
			if (!schemas.includes(type.name)) schemas.push(type.name);
			return type.name;
		case 'scalar':
			return SCALAR_EXPRESSIONS[type.scalar] ?? 'string';
		default:
			return 'unknown';
	}
}
