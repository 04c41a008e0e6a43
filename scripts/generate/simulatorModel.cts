// Writes the model that the 3CX simulator routes and checks requests with. It is built straight
// from the documents, apart from the node's model, so that the simulator judges the node's
// requests by the documents and not by the node's own reading of them.
import type { OpenApiDocument, SchemaObject, SpecDocument, TypeInfo } from './spec.cjs';
import { operationsOf, propertiesOf, referenceName, resolveReference, typeOf } from './spec.cjs';

/** A type in the simulator model: a scalar name, `Name` of a component, or `{ list: type }`. */
export type ModelType = string | { list: ModelType };

export interface ModelParameter {
	name: string;
	type: ModelType;
	nullable?: true;
}

export interface ModelOperation {
	id: string;
	method: string;
	path: string;
	releases: string[];
	parameters: ModelParameter[];
	query: string[];
	headers?: string[];
	/** A component name, or the properties of an inline action body. */
	body?: string | { properties: Record<string, ModelType> };
	status: number;
	/** The success response: a component, `{ list }` for a collection, `{ value }` for one value. */
	response?: ModelType | { value: ModelType };
}

export interface ModelSchema {
	enum?: string[];
	properties?: Record<string, { type: ModelType; nullable?: true; navigation?: true }>;
}

export interface SimulatorModel {
	releases: string[];
	operations: ModelOperation[];
	schemas: Record<string, ModelSchema>;
}

function modelType(type: TypeInfo): ModelType {
	switch (type.kind) {
		case 'array':
			return { list: modelType(type.items) };
		case 'object':
		case 'enum':
			return type.name;
		case 'scalar':
			return type.scalar;
		default:
			return 'unknown';
	}
}

function parameterType(schema: SchemaObject | undefined): string {
	if (schema?.type === 'integer') return schema.format === 'int64' ? 'int64' : 'int32';
	if (schema?.type === 'boolean') return 'boolean';
	if (schema?.format === 'uuid') return 'guid';
	if (schema?.format === 'date-time') return 'dateTime';
	return 'string';
}

/** Reads the success response as a component, a collection of one, or a single value. */
function responseType(
	document: OpenApiDocument,
	schema: SchemaObject | undefined,
): ModelOperation['response'] {
	if (schema === undefined) return undefined;
	const resolved = schema.$ref ? resolveReference<SchemaObject>(document, schema.$ref) : schema;
	const parts = [resolved, ...(resolved.allOf ?? [])].map((part) =>
		part.$ref ? resolveReference<SchemaObject>(document, part.$ref) : part,
	);
	for (const part of parts) {
		const nested = [part, ...(part.allOf ?? [])];
		for (const candidate of nested) {
			const value = candidate.properties?.value;
			if (value?.type === 'array') return { list: modelType(typeOf(document, value.items)) };
		}
	}
	const value = resolved.properties?.value;
	if (value !== undefined && Object.keys(resolved.properties ?? {}).length === 1) {
		return { value: modelType(typeOf(document, value)) };
	}
	return modelType(typeOf(document, schema));
}

/** Builds the model of every operation of every release, and the schemas they use. */
export function buildSimulatorModel(documents: SpecDocument[]): SimulatorModel {
	const byKey = new Map<string, ModelOperation>();
	const schemas: Record<string, ModelSchema> = {};

	for (const { release, document } of documents) {
		for (const operation of operationsOf(document)) {
			const key = `${operation.method} ${operation.path}`;
			const existing = byKey.get(key);
			const parameters = [...operation.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => {
				const schema = operation.pathParameters.find(
					(parameter) => parameter.name === name,
				)?.schema;
				const parameter: ModelParameter = { name, type: parameterType(schema) };
				if (schema?.nullable) parameter.nullable = true;
				return parameter;
			});

			let body: ModelOperation['body'];
			if (operation.body?.$ref || operation.body?.allOf) {
				body = referenceName(operation.body.$ref ?? operation.body.allOf![0].$ref!);
			} else if (operation.body) {
				body = {
					properties: Object.fromEntries(
						Object.entries(operation.body.properties ?? {}).map(([name, schema]) => [
							name,
							modelType(typeOf(document, schema)),
						]),
					),
				};
			}

			const model: ModelOperation = {
				id: operation.operationId,
				method: operation.method,
				path: operation.path,
				releases: [...(existing?.releases ?? []), release],
				parameters,
				query: operation.queryParameters,
				status: Number(operation.successStatus),
			};
			if (operation.headerParameters.length > 0) model.headers = operation.headerParameters;
			if (body !== undefined) model.body = body;
			const response = responseType(document, operation.response);
			if (response !== undefined && operation.successStatus !== '204') model.response = response;
			byKey.set(key, model);
		}

		// Later releases replace a component's definition.
		for (const name of Object.keys(document.components.schemas)) {
			const schema = document.components.schemas[name];
			if (schema.enum) {
				schemas[name] = { enum: schema.enum };
			} else if (schema.type === 'object' || schema.allOf || schema.properties) {
				schemas[name] = {
					properties: Object.fromEntries(
						propertiesOf(document, name).map((property) => {
							const entry: NonNullable<ModelSchema['properties']>[string] = {
								type: modelType(property.type),
							};
							if (property.type.nullable) entry.nullable = true;
							if (property.navigation) entry.navigation = true;
							return [property.name, entry];
						}),
					),
				};
			}
		}
	}

	return {
		releases: documents.map((document) => document.release),
		operations: [...byKey.values()],
		schemas,
	};
}

/**
 * Serialises the model as JSON with one operation or schema per line, so that a change in the
 * documents shows as a readable diff. The first key says that the file is generated.
 */
export function simulatorModelJson(model: SimulatorModel, header: string): string {
	const lines = [
		'{',
		`"//": ${JSON.stringify(header)},`,
		`"releases": ${JSON.stringify(model.releases)},`,
		'"operations": [',
		model.operations.map((operation) => JSON.stringify(operation)).join(',\n'),
		'],',
		'"schemas": {',
		Object.keys(model.schemas)
			.sort()
			.map((name) => `${JSON.stringify(name)}: ${JSON.stringify(model.schemas[name])}`)
			.join(',\n'),
		'}',
		'}',
		'',
	];
	return lines.join('\n');
}
