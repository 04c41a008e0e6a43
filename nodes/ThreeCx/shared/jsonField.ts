import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

/** A JSON parameter and the zod schema its value must match. */
export interface JsonFieldSpec<T> {
	displayName: string;
	schema: z.ZodType<T>;
}

type PathSegment = string | number;

const NOTHING_SENT = 'Nothing was sent to 3CX for this item.';

/**
 * Parses a JSON parameter that contains either JSON text or an object from an expression, and
 * validates it against the field's schema. Returns undefined when the field is empty.
 * Throws a NodeOperationError that names the field and the JSON path of the first problem.
 */
export function parseJsonField<T>(
	node: INode,
	field: JsonFieldSpec<T>,
	value: unknown,
	itemIndex: number,
): T | undefined {
	const fail = (path: PathSegment[], problem: string, fix: string) =>
		new NodeOperationError(node, `${describeLocation(field.displayName, path)}: ${problem}`, {
			itemIndex,
			description: `${fix} ${NOTHING_SENT}`,
		});

	let data: unknown = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return undefined;
		if (text === '[object Object]') {
			throw fail(
				[],
				'contains the text "[object Object]" instead of JSON',
				'An expression turned an object into text. Reference the object itself, e.g. {{ $json.AdUsers }}, or wrap it in JSON.stringify().',
			);
		}
		try {
			data = JSON.parse(text);
		} catch (error) {
			throw fail(
				[],
				'is not valid JSON',
				`${(error as Error).message}. Check quotes, commas and brackets. Keys and string values need double quotes.`,
			);
		}
		const repeated = findRepeatedKey(text);
		if (repeated) {
			throw fail(
				repeated,
				'appears twice in the same object',
				'JSON keeps only the last of two equal keys, so the first value would be lost without notice. Remove one of them.',
			);
		}
	}

	if (data === undefined) return undefined;
	const expectsList = unwrap(field.schema) instanceof z.ZodArray;
	if (expectsList && !Array.isArray(data)) {
		throw fail(
			[],
			`must be a JSON array, not ${describeType(data)}`,
			'Enter a list such as [1, 2]. To leave the value unchanged, leave the field out.',
		);
	}
	if (!expectsList && (data === null || typeof data !== 'object' || Array.isArray(data))) {
		throw fail(
			[],
			`must be a JSON object, not ${describeType(data)}`,
			'Enter an object such as { "IsEnabled": true }. To keep the current value, leave the field out.',
		);
	}

	rejectAnnotationsAndPlaceholders(data as object, fail);

	const result = field.schema.safeParse(data);
	if (result.success) return result.data;

	const issue = result.error.issues[0];
	const more = result.error.issues.length - 1;
	const { path, problem, fix } = describeIssue(issue, field.schema, data);
	const suffix = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
	throw fail(path, `${problem}${suffix}`, fix);
}

/** Formats `Ad Users → StatusSyncConfiguration.M365ToPbxBindings[0].To`. */
export function describeLocation(displayName: string, path: PathSegment[]): string {
	if (path.length === 0) return displayName;
	let text = '';
	for (const segment of path) {
		if (typeof segment === 'number') text += `[${segment}]`;
		else text += text === '' ? segment : `.${segment}`;
	}
	return `${displayName} → ${text}`;
}

interface JsonScope {
	/** Keys seen so far, for an object; undefined for an array. */
	keys?: Set<string>;
	/** The key whose value comes next, or the index of the next array entry. */
	position: PathSegment;
	expectsKey: boolean;
}

/**
 * Returns the path of the first key that appears twice in one object of valid JSON text, which
 * JSON.parse accepts and resolves by keeping the last value.
 */
function findRepeatedKey(text: string): PathSegment[] | undefined {
	const scopes: JsonScope[] = [];
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		const scope = scopes[scopes.length - 1];
		if (char === '"') {
			let end = index + 1;
			while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
			if (scope?.keys && scope.expectsKey) {
				const key = JSON.parse(text.slice(index, end + 1)) as string;
				// Each outer scope's position is where the next scope sits in it.
				const outer = scopes.slice(0, -1).map((container) => container.position);
				if (scope.keys.has(key)) return [...outer, key];
				scope.keys.add(key);
				scope.position = key;
			}
			index = end;
		} else if (char === '{') {
			scopes.push({ keys: new Set(), position: '', expectsKey: true });
		} else if (char === '[') {
			scopes.push({ position: 0, expectsKey: false });
		} else if (char === '}' || char === ']') {
			scopes.pop();
		} else if (char === ':') {
			scope.expectsKey = false;
		} else if (char === ',') {
			if (scope.keys) scope.expectsKey = true;
			else scope.position = (scope.position as number) + 1;
		}
	}
	return undefined;
}

/**
 * Rejects `@odata.*` keys, which a Get output carries and 3CX refuses in an update, and strings
 * that read "[object Object]". Walks the value without recursion so deep input cannot overflow
 * the stack.
 */
function rejectAnnotationsAndPlaceholders(
	data: object,
	fail: (path: PathSegment[], problem: string, fix: string) => Error,
): void {
	const pending: Array<{ value: unknown; path: PathSegment[] }> = [{ value: data, path: [] }];
	while (pending.length > 0) {
		const { value, path } = pending.pop()!;
		if (typeof value === 'string' && value === '[object Object]') {
			throw fail(
				path,
				'contains the text "[object Object]"',
				'An expression turned an object into text. Reference the value itself or wrap it in JSON.stringify().',
			);
		}
		if (Array.isArray(value)) {
			value.forEach((entry, index) => pending.push({ value: entry, path: [...path, index] }));
		} else if (typeof value === 'object' && value !== null) {
			for (const [key, entry] of Object.entries(value)) {
				if (key.includes('@odata.')) {
					throw fail(
						[...path, key],
						'is an OData annotation copied from a Get output',
						'Remove every key that contains "@odata." before sending the object back.',
					);
				}
				pending.push({ value: entry, path: [...path, key] });
			}
		}
	}
}

function describeIssue(
	issue: z.ZodIssue,
	schema: z.ZodTypeAny,
	data: unknown,
): { path: PathSegment[]; problem: string; fix: string } {
	const path = issue.path;
	const received = valueAt(data, path);

	switch (issue.code) {
		case z.ZodIssueCode.unrecognized_keys: {
			const key = issue.keys[0];
			const allowed = allowedKeys(schemaAt(schema, path));
			const suggestion = closestMatch(key, allowed);
			return {
				path: [...path, key],
				problem: `is not a known key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
				fix: `Allowed keys here: ${allowed.join(', ')}. Keys are case-sensitive.`,
			};
		}
		case z.ZodIssueCode.invalid_enum_value:
			return {
				path,
				problem: `${preview(received)} is not an allowed value`,
				fix: `Use one of: ${issue.options.join(', ')}.`,
			};
		case z.ZodIssueCode.invalid_type: {
			const expected = schemaAt(schema, path);
			if (expected instanceof z.ZodEnum) {
				return {
					path,
					problem: `must be one of the allowed values, not ${describeType(received)}`,
					fix: `Use one of: ${(expected.options as string[]).join(', ')}.`,
				};
			}
			const isListEntry = typeof path[path.length - 1] === 'number';
			const fix =
				received === null && isListEntry
					? 'Remove null entries from the list.'
					: `Enter ${article(issue.expected)} ${issue.expected}${issue.expected === 'string' ? ' in double quotes' : ''}.`;
			return {
				path,
				problem: `must be ${article(issue.expected)} ${issue.expected}, not ${describeType(received)}`,
				fix,
			};
		}
		case z.ZodIssueCode.too_small:
			return {
				path,
				problem: 'must not be empty',
				fix: 'Remove the empty entry or fill it in.',
			};
		default:
			return { path, problem: issue.message, fix: 'Correct the value.' };
	}
}

/** Finds the schema that validates the value at `path`, looking through optional and nullable. */
function schemaAt(schema: z.ZodTypeAny, path: PathSegment[]): z.ZodTypeAny | undefined {
	let current: z.ZodTypeAny | undefined = unwrap(schema);
	for (const segment of path) {
		if (current instanceof z.ZodObject && typeof segment === 'string') {
			current = unwrap((current.shape as Record<string, z.ZodTypeAny>)[segment]);
		} else if (current instanceof z.ZodArray && typeof segment === 'number') {
			current = unwrap(current.element as z.ZodTypeAny);
		} else {
			return undefined;
		}
	}
	return current;
}

function unwrap(schema: z.ZodTypeAny | undefined): z.ZodTypeAny | undefined {
	let current = schema;
	for (;;) {
		if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
			current = current.unwrap() as z.ZodTypeAny;
		} else if (current instanceof z.ZodLazy) {
			current = current.schema as z.ZodTypeAny;
		} else {
			return current;
		}
	}
}

function allowedKeys(schema: z.ZodTypeAny | undefined): string[] {
	return schema instanceof z.ZodObject ? Object.keys(schema.shape as object).sort() : [];
}

/** Suggests the allowed key within two edits of a mistyped one, or the same key in other case. */
function closestMatch(key: string, candidates: string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = 3;
	for (const candidate of candidates) {
		const distance =
			candidate.toLowerCase() === key.toLowerCase()
				? 0
				: editDistance(key.toLowerCase(), candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}

function editDistance(a: string, b: string): number {
	const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = previous[0];
		previous[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = previous[j];
			previous[j] = Math.min(
				previous[j] + 1,
				previous[j - 1] + 1,
				diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
			);
			diagonal = above;
		}
	}
	return previous[b.length];
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
	let current = data;
	for (const segment of path) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<PathSegment, unknown>)[segment];
	}
	return current;
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return `the string ${preview(value)}`;
	if (typeof value === 'object') return 'an object';
	return `${article(typeof value)} ${typeof value} (${String(value)})`;
}

function preview(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function article(word: string): string {
	return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
