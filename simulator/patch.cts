/**
 * Applies a PATCH body to stored state. Nested objects are merged and arrays and scalars are
 * replaced, so `Members: []` empties a list as it does on 3CX.
 * NOTE: 3CX documents no rule for nested complex properties; merging them follows the
 * delta semantics of ASP.NET Core OData, which the 3CX XAPI is built on.
 */
export function applyPatch(
	target: Record<string, unknown>,
	patch: Record<string, unknown>,
): Record<string, unknown> {
	for (const [key, value] of Object.entries(patch)) {
		const current = target[key];
		if (isPlainObject(value) && isPlainObject(current)) {
			applyPatch(current, value);
		} else {
			target[key] = structuredClone(value);
		}
	}
	return target;
}

/** Drops null properties, as 3CX leaves them out of its responses. */
export function withoutNulls(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNulls);
	if (!isPlainObject(value)) return value;
	const result: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		if (entry !== null) result[key] = withoutNulls(entry);
	}
	return result;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
