// A second opinion on URL syntax from @odata/parser, an OData V4 URI parser written apart from
// this project, so that the simulator's own parser is not the only judge of the node's URLs.
import { defaultParser } from '@odata/parser';

import type { RecordedRequest } from './server.cjs';

/**
 * Parses a URL below /xapi/v1 with @odata/parser. Its grammar lacks three forms that 3CX
 * documents and serves, which are reported as unsupported instead of rejected: functions without
 * parameters (`/Defs/Pbx.GetSystemParameters()`), unbound function imports (`/GetUpdates()`),
 * and navigation from a singleton (`/Defs/Codecs`). `template` is the matched operation's path.
 */
export function checkUrlSyntax(
	url: string,
	template: string,
): NonNullable<RecordedRequest['referee']> {
	try {
		defaultParser.odataUri(url);
		return 'accepted';
	} catch (error) {
		if (/\(\)(\/|\?|$)/.test(url)) return 'unsupported';
		if (/^\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/.test(template)) return 'unsupported';
		return `rejected: ${(error as Error).message}`;
	}
}
