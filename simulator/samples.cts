// Builds schema-valid sample data for responses that the simulator keeps no state for.
import type { ModelSchema, ModelType } from '../scripts/generate/simulatorModel.cjs';

/** Nesting depth up to which objects get their properties filled in. */
const MAX_DEPTH = 2;

/** Returns a value of the type; `seed` varies numbers and texts between records. */
export function sampleValue(
	schemas: Record<string, ModelSchema>,
	type: ModelType,
	seed = 1,
	depth = 0,
): unknown {
	if (typeof type === 'object') {
		return depth >= MAX_DEPTH ? [] : [sampleValue(schemas, type.list, seed, depth + 1)];
	}
	switch (type) {
		case 'string':
			return `text ${seed}`;
		case 'int32':
		case 'int64':
			return seed;
		case 'number':
			return seed + 0.5;
		case 'boolean':
			return seed % 2 === 0;
		case 'dateTime':
			return `2026-01-${String(1 + (seed % 28)).padStart(2, '0')}T08:00:00Z`;
		case 'guid':
			return `00000000-0000-4000-8000-${String(seed).padStart(12, '0')}`;
		case 'duration':
			return 'PT1H';
		case 'time':
			return '08:00:00';
		case 'unknown':
			return null;
	}

	const schema = schemas[type];
	if (schema === undefined) return {};
	if (schema.enum) return schema.enum[seed % schema.enum.length];
	const record: Record<string, unknown> = {};
	if (depth >= MAX_DEPTH) return record;
	for (const [name, property] of Object.entries(schema.properties ?? {})) {
		if (property.navigation) continue;
		record[name] = sampleValue(schemas, property.type, seed, depth + 1);
	}
	return record;
}
