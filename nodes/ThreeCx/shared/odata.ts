import { DateTime } from 'luxon';

/**
 * OData literal types of the values that go into an XAPI URL: entity keys, alternate keys and
 * the parameters of bound and unbound functions. These are the types the 3CX documents use there.
 */
export type LiteralType = 'int32' | 'int64' | 'boolean' | 'string' | 'guid' | 'dateTime';

/** Failure to write a value as a literal. The caller adds the field name to the message. */
export class LiteralError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'LiteralError';
	}
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// The pattern that the 3CX documents give for Edm.DateTimeOffset parameters.
const DATE_TIME =
	/^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$/;

// A date, or a date and time, without an offset, as n8n's date-time picker produces it.
const LOCAL_DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$/;

/**
 * Writes `value` as an OData literal for a URL segment, percent-encoded once: integers and
 * booleans bare, strings in single quotes with `'` doubled, GUIDs bare, and date-times as
 * unquoted ISO 8601 with an offset. `timeZone` applies to date-times given without an offset.
 * Throws a LiteralError when the value does not fit the type.
 */
export function formatLiteral(value: unknown, type: LiteralType, timeZone = 'UTC'): string {
	switch (type) {
		case 'int32':
		case 'int64':
			return String(readInteger(value, type));
		case 'boolean':
			if (typeof value === 'boolean') return String(value);
			if (value === 'true' || value === 'false') return value;
			throw new LiteralError(
				`must be true or false, not ${describeValue(value)}`,
				'Enter true or false.',
			);
		case 'guid': {
			const text = typeof value === 'string' ? value.trim() : '';
			if (!GUID.test(text)) {
				throw new LiteralError(
					`must be a GUID, not ${describeValue(value)}`,
					'Enter a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e.',
				);
			}
			return text;
		}
		case 'dateTime':
			// Only the + of the offset needs encoding; servers read a raw + in a URL as a space.
			return formatDateTime(value, timeZone).replace(/\+/g, '%2B');
		case 'string':
			if (typeof value !== 'string' && typeof value !== 'number') {
				throw new LiteralError(
					`must be text, not ${describeValue(value)}`,
					'Enter the value as text.',
				);
			}
			return `'${encodeURIComponent(String(value).replace(/'/g, "''"))}'`;
	}
}

/**
 * Returns a date-time as ISO 8601 with an offset, the form 3CX accepts unquoted in a URL.
 * Accepts ISO text with an offset, text without one (read in `timeZone`, as n8n's date-time
 * picker yields it), JavaScript Dates and Luxon DateTimes from expressions.
 */
export function formatDateTime(value: unknown, timeZone = 'UTC'): string {
	let text: string | undefined;
	if (value instanceof Date && !Number.isNaN(value.getTime())) {
		text = value.toISOString();
	} else if (DateTime.isDateTime(value) && value.isValid) {
		text = value.toISO() ?? undefined;
	} else if (typeof value === 'string') {
		text = value.trim();
		if (LOCAL_DATE_TIME.test(text)) {
			const local = DateTime.fromISO(text, { zone: timeZone });
			text = local.isValid ? (local.toISO({ suppressMilliseconds: true }) ?? text) : text;
		}
	}

	if (text === undefined || !DATE_TIME.test(text)) {
		throw new LiteralError(
			`must be an ISO 8601 date-time, not ${describeValue(value)}`,
			'Enter a date-time such as 2026-01-31T08:00:00Z or 2026-01-31T09:00:00+01:00.',
		);
	}
	return text;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Reads a whole number from a number or from digits in text. Edm.Int32 values must fit in 32 bits;
 * Edm.Int64 values must be exact in JavaScript, which holds integers up to 2^53.
 */
export function readInteger(value: unknown, type: 'int32' | 'int64'): number {
	const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
		throw new LiteralError(
			`must be a whole number, not ${describeValue(value)}`,
			'Enter digits only, e.g. 42.',
		);
	}
	if (type === 'int32' && (number < INT32_MIN || number > INT32_MAX)) {
		throw new LiteralError(
			`must be a whole number from ${INT32_MIN} to ${INT32_MAX}, not ${number}`,
			'3CX stores this value as a 32-bit integer.',
		);
	}
	return number;
}

/** Describes a value for an error message without quoting more than 60 characters of it. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'an empty value';
	if (value === null) return 'null';
	if (typeof value === 'string') {
		if (value === '') return 'an empty text';
		const quoted = JSON.stringify(value);
		return quoted.length > 60 ? `${quoted.slice(0, 57)}..."` : quoted;
	}
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return String(value);
}
