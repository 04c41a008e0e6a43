// Checks request bodies against the component schemas of the generated model, the way the 3CX
// OData layer rejects them: unknown properties, annotations, wrong types, enum values, nulls.
import type { ModelSchema, ModelType } from '../scripts/generate/simulatorModel.cjs';

/** The first problem found in a body: the property path and an OData-style message. */
export interface SchemaViolation {
	target: string;
	message: string;
}

const EDM_NAMES: Record<string, string> = {
	string: 'Edm.String',
	int32: 'Edm.Int32',
	int64: 'Edm.Int64',
	number: 'Edm.Double',
	boolean: 'Edm.Boolean',
	dateTime: 'Edm.DateTimeOffset',
	guid: 'Edm.Guid',
	duration: 'Edm.Duration',
	time: 'Edm.TimeOfDay',
};

const DATE_TIME =
	/^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Returns the first violation of `type` by `value`, or undefined when the value is valid. */
export function findViolation(
	schemas: Record<string, ModelSchema>,
	type: ModelType,
	value: unknown,
	path = '',
	nullable = false,
): SchemaViolation | undefined {
	const target = path === '' ? 'value' : path;
	if (value === null) {
		return nullable
			? undefined
			: {
					target,
					message: `A null value was found for the property named '${target}', which is not nullable.`,
				};
	}

	if (typeof type === 'object') {
		if (!Array.isArray(value)) return mismatch(target, 'Collection', value);
		for (let index = 0; index < value.length; index++) {
			const violation = findViolation(schemas, type.list, value[index], `${path}[${index}]`);
			if (violation) return violation;
		}
		return undefined;
	}

	switch (type) {
		case 'string':
		case 'duration':
		case 'time':
			return typeof value === 'string' ? undefined : mismatch(target, EDM_NAMES[type], value);
		case 'int32':
			return Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31
				? undefined
				: mismatch(target, EDM_NAMES.int32, value);
		case 'int64':
			return Number.isInteger(value) ? undefined : mismatch(target, EDM_NAMES.int64, value);
		case 'number':
			return typeof value === 'number' || ['INF', '-INF', 'NaN'].includes(value as string)
				? undefined
				: mismatch(target, EDM_NAMES.number, value);
		case 'boolean':
			return typeof value === 'boolean' ? undefined : mismatch(target, EDM_NAMES.boolean, value);
		case 'dateTime':
			return typeof value === 'string' && DATE_TIME.test(value)
				? undefined
				: mismatch(target, EDM_NAMES.dateTime, value);
		case 'guid':
			return typeof value === 'string' && GUID.test(value)
				? undefined
				: mismatch(target, EDM_NAMES.guid, value);
		case 'unknown':
			return undefined;
	}

	const schema = schemas[type];
	if (schema === undefined) return undefined;
	if (schema.enum) {
		return typeof value === 'string' && schema.enum.includes(value)
			? undefined
			: {
					target,
					message: `The string '${String(value)}' is not a valid enumerated type constant for type '${type}'.`,
				};
	}

	if (typeof value !== 'object' || Array.isArray(value)) return mismatch(target, type, value);
	return findObjectViolation(schemas, type, schema, value as Record<string, unknown>, path);
}

/** Checks the properties of an object against a component or an action's parameter list. */
export function findObjectViolation(
	schemas: Record<string, ModelSchema>,
	typeName: string,
	schema: ModelSchema,
	value: Record<string, unknown>,
	path = '',
): SchemaViolation | undefined {
	for (const [key, entry] of Object.entries(value)) {
		const entryPath = path === '' ? key : `${path}.${key}`;
		if (key.includes('@odata.')) {
			return {
				target: entryPath,
				message: `The annotation '${key}' is not allowed in a request body.`,
			};
		}
		const property = schema.properties?.[key];
		if (property === undefined) {
			return {
				target: entryPath,
				message: `The property '${key}' does not exist on type '${typeName}'. Make sure to only use property names that are defined by the type.`,
			};
		}
		const violation = findViolation(
			schemas,
			property.type,
			entry,
			entryPath,
			property.nullable === true,
		);
		if (violation) return violation;
	}
	return undefined;
}

function mismatch(target: string, expected: string, value: unknown): SchemaViolation {
	return {
		target,
		message: `Cannot convert the value ${JSON.stringify(value)?.slice(0, 80)} of property '${target}' to the expected type '${expected}'.`,
	};
}
