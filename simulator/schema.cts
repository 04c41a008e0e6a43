/**
 * A subset of OpenAPI schema objects, enough to check request bodies the way the 3CX OData
 * layer does: named types, nullable properties, enums and 32-bit integers.
 */
export type SchemaNode =
	| { type: 'object'; typeName: string; properties: Record<string, SchemaNode>; nullable?: boolean }
	| { type: 'array'; items: SchemaNode; nullable?: boolean }
	| { type: 'string'; typeName?: string; enum?: string[]; nullable?: boolean }
	| { type: 'integer'; format: 'int32' | 'int64'; nullable?: boolean }
	| { type: 'number'; nullable?: boolean }
	| { type: 'boolean'; nullable?: boolean };

/** The first problem found in a body: the property path and an OData-style message. */
export interface SchemaViolation {
	target: string;
	message: string;
}

const EDM_NAMES: Record<string, string> = {
	string: 'Edm.String',
	integer: 'Edm.Int32',
	number: 'Edm.Double',
	boolean: 'Edm.Boolean',
};

/** Returns the first violation of `schema` by `value`, or undefined when the value is valid. */
export function findViolation(
	schema: SchemaNode,
	value: unknown,
	path = '',
): SchemaViolation | undefined {
	const target = path === '' ? 'value' : path;

	if (value === null) {
		return schema.nullable
			? undefined
			: {
					target,
					message: `A null value was found for the property named '${target}', which is not nullable.`,
				};
	}

	switch (schema.type) {
		case 'object': {
			if (typeof value !== 'object' || Array.isArray(value)) {
				return typeMismatch(target, schema.typeName, value);
			}
			for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
				const entryPath = path === '' ? key : `${path}.${key}`;
				if (key.includes('@odata.')) {
					return {
						target: entryPath,
						message: `The annotation '${key}' is not allowed in a request body.`,
					};
				}
				const propertySchema = schema.properties[key];
				if (propertySchema === undefined) {
					return {
						target: entryPath,
						message: `The property '${key}' does not exist on type '${schema.typeName}'. Make sure to only use property names that are defined by the type.`,
					};
				}
				const violation = findViolation(propertySchema, entry, entryPath);
				if (violation) return violation;
			}
			return undefined;
		}
		case 'array': {
			if (!Array.isArray(value)) return typeMismatch(target, 'Collection', value);
			for (let index = 0; index < value.length; index++) {
				const violation = findViolation(schema.items, value[index], `${path}[${index}]`);
				if (violation) return violation;
			}
			return undefined;
		}
		case 'string': {
			if (typeof value !== 'string')
				return typeMismatch(target, schema.typeName ?? 'Edm.String', value);
			if (schema.enum && !schema.enum.includes(value)) {
				return {
					target,
					message: `The string '${value}' is not a valid enumerated type constant for type '${schema.typeName ?? 'enum'}'.`,
				};
			}
			return undefined;
		}
		case 'integer': {
			const limit = schema.format === 'int32' ? 2 ** 31 : 2 ** 63;
			if (
				typeof value !== 'number' ||
				!Number.isInteger(value) ||
				value < -limit ||
				value >= limit
			) {
				return typeMismatch(target, schema.format === 'int32' ? 'Edm.Int32' : 'Edm.Int64', value);
			}
			return undefined;
		}
		case 'number':
			return typeof value === 'number' ? undefined : typeMismatch(target, EDM_NAMES.number, value);
		case 'boolean':
			return typeof value === 'boolean'
				? undefined
				: typeMismatch(target, EDM_NAMES.boolean, value);
	}
}

function typeMismatch(target: string, expected: string, value: unknown): SchemaViolation {
	return {
		target,
		message: `Cannot convert the value ${JSON.stringify(value)?.slice(0, 80)} of property '${target}' to the expected type '${expected}'.`,
	};
}
