// Reads the 3CX XAPI OpenAPI documents and turns their operations and schemas into plain
// structures that the node and simulator generators share.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { load } from 'js-yaml';

/** The parts of an OpenAPI 3.0 document that the generators read. */
export interface OpenApiDocument {
	paths: Record<string, Record<string, unknown>>;
	components: {
		schemas: Record<string, SchemaObject>;
		requestBodies?: Record<string, { content: Record<string, { schema: SchemaObject }> }>;
		responses?: Record<string, ResponseObject>;
		parameters?: Record<string, ParameterObject>;
	};
}

export interface SchemaObject {
	$ref?: string;
	type?: string;
	format?: string;
	title?: string;
	nullable?: boolean;
	enum?: string[];
	items?: SchemaObject;
	properties?: Record<string, SchemaObject>;
	allOf?: SchemaObject[];
	oneOf?: SchemaObject[];
	anyOf?: SchemaObject[];
	maxLength?: number;
	'x-ms-navigationProperty'?: boolean;
}

export interface ParameterObject {
	$ref?: string;
	name: string;
	in: 'path' | 'query' | 'header';
	required?: boolean;
	schema?: SchemaObject;
	'x-ms-docs-key-type'?: string;
}

export interface ResponseObject {
	$ref?: string;
	content?: Record<string, { schema?: SchemaObject }>;
}

export interface OperationObject {
	tags?: string[];
	summary?: string;
	operationId: string;
	parameters?: ParameterObject[];
	requestBody?: { $ref?: string; content?: Record<string, { schema: SchemaObject }> };
	responses: Record<string, ResponseObject>;
	'x-ms-docs-operation-type'?: string;
}

/** One document with the 3CX release it describes, e.g. `20.0.10`. */
export interface SpecDocument {
	release: string;
	file: string;
	document: OpenApiDocument;
}

const RELEASE_IN_NAME = /(\d+\.\d+\.\d+)/;

/**
 * Loads every `.yaml`, `.yml` and `.json` document of a folder, oldest release first. The release
 * comes from the file name (`xapi-20.0.10.yaml`); a file without one, such as the
 * `swagger.yaml` a PBX serves, is named by its file name and sorted last.
 */
export function loadDocuments(folder: string): SpecDocument[] {
	const files = readdirSync(folder).filter((file) => /\.(ya?ml|json)$/i.test(file));
	if (files.length === 0) throw new Error(`No OpenAPI document (.yaml, .yml, .json) in ${folder}`);

	const documents = files.map((file) => {
		const text = readFileSync(join(folder, file), 'utf8');
		const document = (file.endsWith('.json') ? JSON.parse(text) : load(text)) as OpenApiDocument;
		if (!document?.paths || !document.components?.schemas) {
			throw new Error(`${file} is not an OpenAPI document with paths and components`);
		}
		const release = RELEASE_IN_NAME.exec(basename(file))?.[1] ?? basename(file);
		return { release, file, document };
	});
	return documents.sort((a, b) => compareReleases(a.release, b.release));
}

/** Orders releases numerically (20.0.9 before 20.0.10); names without numbers go last. */
export function compareReleases(a: string, b: string): number {
	const partsA = RELEASE_IN_NAME.test(a) ? a.split('.').map(Number) : undefined;
	const partsB = RELEASE_IN_NAME.test(b) ? b.split('.').map(Number) : undefined;
	if (partsA === undefined || partsB === undefined) {
		if (partsA === partsB) return a.localeCompare(b);
		return partsA === undefined ? 1 : -1;
	}
	for (let index = 0; index < Math.max(partsA.length, partsB.length); index++) {
		const difference = (partsA[index] ?? 0) - (partsB[index] ?? 0);
		if (difference !== 0) return difference;
	}
	return 0;
}

/** Returns the component a `#/components/<kind>/<name>` reference points to. */
export function resolveReference<T>(document: OpenApiDocument, reference: string): T {
	const [, , kind, name] = reference.split('/');
	const section = (document.components as Record<string, Record<string, unknown>>)[kind];
	const target = section?.[name];
	if (target === undefined) throw new Error(`Unresolved reference ${reference}`);
	return target as T;
}

export function referenceName(reference: string): string {
	return reference.slice(reference.lastIndexOf('/') + 1);
}

/** The type of a property or parameter, reduced to what the generators need. */
export type TypeInfo =
	| { kind: 'scalar'; scalar: ScalarType; nullable: boolean }
	| { kind: 'enum'; name: string; values: string[]; nullable: boolean }
	| { kind: 'object'; name: string; nullable: boolean }
	| { kind: 'array'; items: TypeInfo; nullable: boolean }
	| { kind: 'unknown'; nullable: boolean };

export type ScalarType =
	| 'string'
	| 'int32'
	| 'int64'
	| 'number'
	| 'boolean'
	| 'dateTime'
	| 'guid'
	| 'duration'
	| 'time';

/** Reads the type of a schema object: a scalar, an enum, a component object, or a list. */
export function typeOf(document: OpenApiDocument, schema: SchemaObject | undefined): TypeInfo {
	if (schema === undefined) return { kind: 'unknown', nullable: true };
	const nullable = schema.nullable === true;

	if (schema.$ref) return referencedType(document, schema.$ref, nullable);
	if (schema.allOf?.length === 1 && schema.allOf[0].$ref) {
		return referencedType(document, schema.allOf[0].$ref, nullable);
	}
	// `anyOf: [{ $ref }, { type: object, nullable: true }]` is a nullable reference.
	const referenced = schema.anyOf?.find((part) => part.$ref);
	if (referenced?.$ref) {
		const anyNullable = schema.anyOf!.some((part) => part.nullable === true);
		return referencedType(document, referenced.$ref, nullable || anyNullable);
	}
	// 3CX writes floating-point values as a number, or as the text INF, -INF or NaN.
	if (schema.oneOf?.some((part) => part.type === 'number')) {
		return { kind: 'scalar', scalar: 'number', nullable: true };
	}

	switch (schema.type) {
		case 'array':
			return { kind: 'array', items: typeOf(document, schema.items), nullable };
		case 'boolean':
			return { kind: 'scalar', scalar: 'boolean', nullable };
		case 'integer':
			return {
				kind: 'scalar',
				scalar: schema.format === 'int32' || schema.format === 'uint8' ? 'int32' : 'int64',
				nullable,
			};
		case 'number':
			return { kind: 'scalar', scalar: 'number', nullable };
		case 'string': {
			const formats: Record<string, ScalarType> = {
				'date-time': 'dateTime',
				uuid: 'guid',
				duration: 'duration',
				time: 'time',
			};
			return { kind: 'scalar', scalar: formats[schema.format ?? ''] ?? 'string', nullable };
		}
		default:
			return { kind: 'unknown', nullable };
	}
}

function referencedType(document: OpenApiDocument, reference: string, nullable: boolean): TypeInfo {
	const name = referenceName(reference);
	const target = resolveReference<SchemaObject>(document, reference);
	if (target.enum) {
		return {
			kind: 'enum',
			name,
			values: target.enum,
			nullable: nullable || target.nullable === true,
		};
	}
	return { kind: 'object', name, nullable };
}

/** A property of a component schema, with the properties of its `allOf` bases merged in. */
export interface PropertyInfo {
	name: string;
	type: TypeInfo;
	navigation: boolean;
}

/** Lists the properties of a component, base types' properties first, as OData inherits them. */
export function propertiesOf(document: OpenApiDocument, name: string): PropertyInfo[] {
	const schema = document.components.schemas[name];
	if (schema === undefined) return [];
	const byName = new Map<string, PropertyInfo>();

	const collect = (part: SchemaObject) => {
		if (part.$ref) {
			for (const property of propertiesOf(document, referenceName(part.$ref))) {
				byName.set(property.name, property);
			}
			return;
		}
		for (const partOfAll of part.allOf ?? []) collect(partOfAll);
		for (const [propertyName, property] of Object.entries(part.properties ?? {})) {
			byName.set(propertyName, {
				name: propertyName,
				type: typeOf(document, property),
				navigation: property['x-ms-navigationProperty'] === true,
			});
		}
	};
	collect(schema);
	return [...byName.values()];
}

/** An operation of one document, with its parameters and body resolved. */
export interface SpecOperation {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	path: string;
	tag: string;
	operationId: string;
	operationType: string | undefined;
	pathParameters: ParameterObject[];
	queryParameters: string[];
	headerParameters: string[];
	body: SchemaObject | undefined;
	successStatus: string;
	response: SchemaObject | undefined;
}

/** Lists the operations of a document in path order. */
export function operationsOf(document: OpenApiDocument): SpecOperation[] {
	const operations: SpecOperation[] = [];
	for (const [path, item] of Object.entries(document.paths)) {
		for (const method of ['get', 'post', 'patch', 'delete']) {
			const operation = item[method] as OperationObject | undefined;
			if (operation === undefined) continue;

			const parameters = (operation.parameters ?? []).map((parameter) =>
				parameter.$ref ? resolveReference<ParameterObject>(document, parameter.$ref) : parameter,
			);
			const successStatus =
				Object.keys(operation.responses).find((status) => status.startsWith('2')) ?? '200';

			operations.push({
				method: method.toUpperCase() as SpecOperation['method'],
				path,
				tag: operation.tags?.[0] ?? path.split('/')[1].replace(/\(.*$/, ''),
				operationId: operation.operationId,
				operationType: operation['x-ms-docs-operation-type'],
				pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
				queryParameters: parameters
					.filter((parameter) => parameter.in === 'query')
					.map((parameter) => parameter.name),
				headerParameters: parameters
					.filter((parameter) => parameter.in === 'header')
					.map((parameter) => parameter.name),
				body: bodySchema(document, operation),
				successStatus,
				response: responseSchema(document, operation.responses[successStatus]),
			});
		}
	}
	return operations;
}

function bodySchema(
	document: OpenApiDocument,
	operation: OperationObject,
): SchemaObject | undefined {
	let body = operation.requestBody;
	if (body?.$ref) body = resolveReference(document, body.$ref);
	return body?.content?.['application/json']?.schema;
}

function responseSchema(
	document: OpenApiDocument,
	response: ResponseObject | undefined,
): SchemaObject | undefined {
	let resolved = response;
	if (resolved?.$ref) resolved = resolveReference<ResponseObject>(document, resolved.$ref);
	return resolved?.content?.['application/json']?.schema;
}

/**
 * Returns a path's shape, the same across releases that changed only a function's parameter list:
 * `/ActivityLog/Pbx.GetLogs(...)` for every release of GetLogs, but `/Users(Number=)` and
 * `/Users/Pbx.GetByNumber(...)` for the two forms of GetUserByNumber.
 */
export function pathShape(path: string): string {
	return path
		.split('/')
		.map((segment) => {
			if (ALTERNATE_KEY.test(segment)) return segment.replace(/=\{[^}]+\}\)$/, '=)');
			return segment.replace(/\(\{[^}]+\}\)$/, '({})').replace(/\([^)]*=[^)]*\)$/, '(...)');
		})
		.join('/');
}

/** A key segment such as `Users(Number={Number})`; function parameters start in lower case. */
export const ALTERNATE_KEY = /^[A-Za-z]+\([A-Z][A-Za-z]*=\{[^}]+\}\)$/;
