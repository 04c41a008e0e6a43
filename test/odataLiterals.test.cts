import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PACKAGE_DIR } from '../scripts/lib/n8nEngine.cjs';

// The built module, as n8n loads it.
const { formatLiteral, LiteralError } = require(
	join(PACKAGE_DIR, 'dist', 'nodes', 'ThreeCx', 'shared', 'odata'),
) as typeof import('../nodes/ThreeCx/shared/odata');

describe('OData literals', () => {
	const accepted: Array<[string, unknown, Parameters<typeof formatLiteral>[1], string, string?]> = [
		['integer', 42, 'int32', '42'],
		['integer text', ' 42 ', 'int32', '42'],
		['negative integer', -7, 'int32', '-7'],
		['64-bit integer', 2 ** 40, 'int64', '1099511627776'],
		['boolean', true, 'boolean', 'true'],
		['boolean text', 'false', 'boolean', 'false'],
		[
			'GUID',
			'0F8FAD5B-D9CB-469F-A165-70867728950E',
			'guid',
			'0F8FAD5B-D9CB-469F-A165-70867728950E',
		],
		['string', 'abc', 'string', "'abc'"],
		['string with quote', "O'Brien", 'string', "'O''Brien'"],
		['string with two quotes', "''", 'string', "''''''"],
		['string with URL characters', 'a/b c#d?e%f&g', 'string', "'a%2Fb%20c%23d%3Fe%25f%26g'"],
		['string with non-ASCII', 'Müller', 'string', "'M%C3%BCller'"],
		['number as string', 15, 'string', "'15'"],
		['empty string', '', 'string', "''"],
		['UTC date-time', '2026-01-31T08:00:00Z', 'dateTime', '2026-01-31T08:00:00Z'],
		[
			'date-time with offset',
			'2026-01-31T09:00:00+01:00',
			'dateTime',
			'2026-01-31T09:00:00%2B01:00',
		],
		['date-time with fraction', '2026-01-31T08:00:00.123Z', 'dateTime', '2026-01-31T08:00:00.123Z'],
		[
			'local date-time',
			'2026-01-31T09:00:00',
			'dateTime',
			'2026-01-31T09:00:00%2B01:00',
			'Europe/Berlin',
		],
		['local date', '2026-07-01', 'dateTime', '2026-07-01T00:00:00%2B02:00', 'Europe/Berlin'],
		['JavaScript date', new Date('2026-01-31T08:00:00Z'), 'dateTime', '2026-01-31T08:00:00.000Z'],
	];
	for (const [name, value, type, expected, timeZone] of accepted) {
		it(`writes ${name}`, () => {
			assert.equal(formatLiteral(value, type, timeZone), expected);
		});
	}

	const rejected: Array<[string, unknown, Parameters<typeof formatLiteral>[1], RegExp]> = [
		['fraction as integer', 1.5, 'int32', /whole number, not 1.5/],
		['text as integer', 'abc', 'int32', /whole number, not "abc"/],
		['empty integer', '', 'int32', /whole number, not an empty text/],
		['integer beyond 32 bits', 2 ** 31, 'int32', /from -2147483648 to 2147483647, not 2147483648/],
		['yes as boolean', 'yes', 'boolean', /true or false/],
		['short GUID', '0f8fad5b', 'guid', /GUID/],
		['date without time', 'yesterday', 'dateTime', /ISO 8601/],
		['US date', '01/31/2026', 'dateTime', /ISO 8601/],
		['object as string', { a: 1 }, 'string', /text, not an object/],
	];
	for (const [name, value, type, message] of rejected) {
		it(`rejects ${name}`, () => {
			assert.throws(
				() => formatLiteral(value, type),
				(error: Error) => error instanceof LiteralError && message.test(error.message),
			);
		});
	}
});
