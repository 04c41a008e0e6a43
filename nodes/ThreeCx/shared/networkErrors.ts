/** A failure below HTTP, as read from a Node.js error code. */
export interface NetworkFailure {
	/** What happened, e.g. `3CX refused the connection`. */
	summary: string;
	/** What the user can try. */
	hint: string;
	/** Whether the failure is about the server's certificate. */
	tls: boolean;
}

const TLS_HINT =
	'If the 3CX server uses a self-signed certificate and you trust it, turn on Ignore SSL Issues in the credential. Otherwise install a certificate that n8n trusts on 3CX, and check that the Server URL starts with https:// only when the port serves HTTPS.';

/** Codes of Node.js and OpenSSL that mean the TLS handshake or the certificate failed. */
const TLS_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_UNTRUSTED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'EPROTO',
	'ERR_SSL_WRONG_VERSION_NUMBER',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Returns whether a network error code is a TLS or certificate failure. */
export function isTlsCode(code: string): boolean {
	return TLS_CODES.has(code) || /CERT|SSL|TLS/.test(code);
}

/**
 * Describes a network error code in words and says what to try. `timeoutMs` is the timeout
 * that was in force, named when the code is a timeout.
 */
export function describeNetworkCode(code: string, timeoutMs?: number): NetworkFailure {
	if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
		return {
			summary: 'the TLS handshake with the 3CX server failed',
			hint: 'The port may serve plain HTTP: use http:// in the Server URL for such a port, and https:// for the port of the 3CX web client (e.g. 5001 or 443). A proxy between n8n and 3CX can cause this as well.',
			tls: true,
		};
	}
	if (isTlsCode(code)) {
		return {
			summary: 'the SSL certificate of the 3CX server was not accepted',
			hint: TLS_HINT,
			tls: true,
		};
	}

	switch (code) {
		case 'ECONNREFUSED':
			return {
				summary: '3CX refused the connection',
				hint: 'Nothing accepts connections at the host and port of the Server URL. Check the port (the one of the 3CX web client, e.g. 5001 or 443) and that 3CX is running.',
				tls: false,
			};
		case 'ECONNRESET':
		case 'EPIPE':
			return {
				summary: 'the connection to 3CX was closed before the answer arrived',
				hint: 'Run the node again. If it keeps happening, check proxies and firewalls between n8n and 3CX. A create or action may have taken effect before the connection closed, so check 3CX before repeating one.',
				tls: false,
			};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				summary: 'the host name of the Server URL could not be resolved',
				hint: 'Check the host name in the credential and that the n8n server can resolve it (DNS).',
				tls: false,
			};
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return {
				summary: 'the 3CX server cannot be reached from the n8n server',
				hint: 'Check the network route and firewall between n8n and 3CX.',
				tls: false,
			};
		case 'ECONNABORTED':
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
			return {
				summary:
					timeoutMs === undefined
						? '3CX did not answer in time'
						: `3CX did not answer within ${formatSeconds(timeoutMs)}`,
				hint: "Raise the Timeout under the node's Request Options, or ask for less data: a filter, a Limit or a shorter period. Large call history and report queries are the usual cause.",
				tls: false,
			};
		default:
			return {
				summary: 'the 3CX server could not be reached',
				hint: 'Check the Server URL in the credential and that the 3CX server is running.',
				tls: false,
			};
	}
}

function formatSeconds(milliseconds: number): string {
	const seconds = milliseconds / 1000;
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
