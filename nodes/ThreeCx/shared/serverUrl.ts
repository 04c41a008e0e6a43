/**
 * Description of a failed token request. n8n keeps only the message and description of the
 * error it wraps, so this text is how the node recognises a token failure.
 */
export const TOKEN_FAILURE_DESCRIPTION =
	'3CX did not issue an access token, so the Configuration API was not called.';

/** Path of the Configuration API below the server URL. */
export const XAPI_PATH = '/xapi/v1';

/**
 * Returns the server URL without surrounding spaces and trailing slashes, so that
 * `https://pbx.example.com:5001/` and `https://pbx.example.com:5001` build the same requests.
 * Throws when the value is not an absolute http(s) URL.
 */
export function normalizeServerUrl(value: unknown): string {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	let parsed: URL | undefined;
	try {
		parsed = new URL(text);
	} catch {
		parsed = undefined;
	}
	if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw new Error(
			`The Server URL "${text}" is not a valid http(s) address. Enter the address of the 3CX web client, e.g. https://pbx.example.com:5001`,
		);
	}
	return text;
}

/** Returns the XAPI base URL (`<server>/xapi/v1`) for a credential's Server URL. */
export function xapiBaseUrl(serverUrl: unknown): string {
	return `${normalizeServerUrl(serverUrl)}${XAPI_PATH}`;
}
