import { z } from 'zod';

import { componentSchemas } from '../schemas';

/** Returns the zod schema of a component, resolved when first used. */
export type SchemaReference = (name: string) => z.ZodTypeAny;

// The same ISO 8601 form that 3CX documents for Edm.DateTimeOffset values.
const DATE_TIME =
	/^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Zod schemas of the scalar types that component schemas refer to by name. */
export const scalarSchemas = {
	string: () => z.string(),
	int32: () => z.number().int().min(-2147483648).max(2147483647),
	int64: () => z.number().int(),
	number: () => z.number(),
	boolean: () => z.boolean(),
	dateTime: () => z.string().regex(DATE_TIME, 'must be an ISO 8601 date-time with an offset'),
	guid: () => z.string().regex(GUID, 'must be a GUID'),
};

const cache = new Map<string, z.ZodTypeAny>();

const reference: SchemaReference = (name) => z.lazy(() => zodForType(name));

/**
 * Returns the zod schema for a type expression of a JSON field: a scalar name such as `int32`,
 * a component name such as `Pbx.Schedule`, or either followed by `[]` for a list.
 */
export function zodForType(expression: string): z.ZodTypeAny {
	const cached = cache.get(expression);
	if (cached !== undefined) return cached;

	let schema: z.ZodTypeAny;
	if (expression.endsWith('[]')) {
		schema = z.array(zodForType(expression.slice(0, -2)));
	} else if (expression in scalarSchemas) {
		schema = scalarSchemas[expression as keyof typeof scalarSchemas]();
	} else {
		const factory = componentSchemas[expression];
		if (factory === undefined) throw new Error(`No schema is generated for ${expression}`);
		schema = factory(reference);
	}
	cache.set(expression, schema);
	return schema;
}
