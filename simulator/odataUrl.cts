// Parses XAPI paths the way an OData server reads them: segments, keys, alternate keys and
// function parameters, each written as a literal of its declared type.

/** A path segment split into its name and the text between its parentheses. */
export interface Segment {
	raw: string;
	name: string;
	/** Text between the parentheses, or undefined for a segment without them. */
	argumentText?: string;
}

/** Why a URL does not fit an operation: 404 when no operation has its shape, 400 for a bad literal. */
export class UrlRejection extends Error {
	constructor(
		readonly status: 400 | 404,
		message: string,
		readonly target = 'url',
	) {
		super(message);
	}
}

/** Splits a raw (still percent-encoded) path at slashes outside quoted literals. */
export function splitSegments(rawPath: string): Segment[] {
	const segments: Segment[] = [];
	let current = '';
	let inQuotes = false;
	for (const character of rawPath.replace(/^\//, '')) {
		if (character === "'") inQuotes = !inQuotes;
		if (character === '/' && !inQuotes) {
			segments.push(toSegment(current));
			current = '';
		} else {
			current += character;
		}
	}
	if (current !== '') segments.push(toSegment(current));
	return segments;
}

function toSegment(raw: string): Segment {
	const open = raw.indexOf('(');
	if (open === -1 || !raw.endsWith(')')) return { raw, name: raw };
	return { raw, name: raw.slice(0, open), argumentText: raw.slice(open + 1, -1) };
}

/**
 * Splits `a=1,b='x,y'` into named arguments, or returns a single positional argument such as
 * `42` or `'a.zip'`. Commas and equal signs inside quoted literals do not split.
 */
export function splitArguments(text: string): { positional?: string; named?: Map<string, string> } {
	if (text === '') return { named: new Map() };
	const parts: string[] = [];
	let current = '';
	let inQuotes = false;
	for (const character of text) {
		if (character === "'") inQuotes = !inQuotes;
		if (character === ',' && !inQuotes) {
			parts.push(current);
			current = '';
		} else {
			current += character;
		}
	}
	parts.push(current);

	const isNamed = parts.every((part) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(part));
	if (!isNamed) {
		if (parts.length > 1)
			throw new UrlRejection(400, `The key ${text} has several parts but no names.`);
		return { positional: parts[0] };
	}
	const named = new Map<string, string>();
	for (const part of parts) {
		const equals = part.indexOf('=');
		named.set(part.slice(0, equals), part.slice(equals + 1));
	}
	return { named };
}

const DATE_TIME =
	/^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Reads a raw literal as the given Edm type and returns its value. Strings must be quoted with
 * inner quotes doubled; numbers, booleans, GUIDs and date-times must not be quoted. A `+` of a
 * date-time offset must arrive as `%2B`, because servers read a raw `+` as a space.
 */
export function readLiteral(raw: string, type: string, nullable: boolean, target: string): unknown {
	if (type === 'dateTime' && raw.includes('+')) {
		throw new UrlRejection(400, `The date-time ${raw} has a raw '+'; send it as %2B.`, target);
	}
	let text: string;
	try {
		text = decodeURIComponent(raw);
	} catch {
		throw new UrlRejection(400, `The literal ${raw} is not valid percent-encoding.`, target);
	}

	if (text === 'null' && nullable) return null;
	switch (type) {
		case 'int32':
		case 'int64': {
			if (!/^-?[0-9]+$/.test(text)) {
				throw new UrlRejection(
					400,
					`The literal ${text} is not a valid Edm.${type === 'int32' ? 'Int32' : 'Int64'}.`,
					target,
				);
			}
			const value = Number(text);
			if (type === 'int32' && Math.abs(value) > 2 ** 31) {
				throw new UrlRejection(400, `The literal ${text} is out of range for Edm.Int32.`, target);
			}
			return value;
		}
		case 'boolean':
			if (text !== 'true' && text !== 'false') {
				throw new UrlRejection(400, `The literal ${text} is not a valid Edm.Boolean.`, target);
			}
			return text === 'true';
		case 'guid':
			if (!GUID.test(text))
				throw new UrlRejection(400, `The literal ${text} is not a valid Edm.Guid.`, target);
			return text;
		case 'dateTime':
			if (!DATE_TIME.test(text)) {
				throw new UrlRejection(
					400,
					`The literal ${text} is not a valid Edm.DateTimeOffset.`,
					target,
				);
			}
			return text;
		default: {
			if (!/^'(?:[^']|'')*'$/.test(text)) {
				throw new UrlRejection(
					400,
					text.startsWith("'")
						? `The string literal ${text} has an unescaped quote; double it.`
						: `The string literal ${text} is not quoted.`,
					target,
				);
			}
			return text.slice(1, -1).replace(/''/g, "'");
		}
	}
}
