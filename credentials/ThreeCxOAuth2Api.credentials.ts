import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { describeNetworkCode } from '../nodes/ThreeCx/shared/networkErrors';
import { normalizeServerUrl, TOKEN_FAILURE_DESCRIPTION } from '../nodes/ThreeCx/shared/serverUrl';
import type { AccessToken } from '../nodes/ThreeCx/shared/tokenCache';
import { shareAccessToken } from '../nodes/ThreeCx/shared/tokenCache';

export class ThreeCxOAuth2Api implements ICredentialType {
	name = 'threeCxOAuth2Api';

	displayName = '3CX OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/ThreeCx/threeCx.svg',
		dark: 'file:../nodes/ThreeCx/threeCx.dark.svg',
	};

	documentationUrl = 'https://www.3cx.com/docs/configuration-rest-api/';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: {
				expirable: true,
				password: true,
			},
			default: '',
		},
		{
			displayName: 'Renew After',
			name: 'renewAfter',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Server URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://pbx.example.com:5001',
			description: 'Address of the 3CX web client, with the port if it is not 443',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Client ID of the API client created in the 3CX Admin Console under Integrations > API',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: {
				password: true,
			},
			default: '',
			required: true,
			description: 'API key that 3CX showed once when the API client was created',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the SSL certificate of the 3CX server cannot be validated, e.g. a self-signed certificate',
		},
	];

	/**
	 * Provides the access token and the time to renew it (ISO 8601). n8n calls this when the
	 * stored token is empty or got a 401 response; in the second case `credentials.accessToken`
	 * is the token that failed. The node empties the token when its renewal time has passed.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const token = await shareAccessToken(credentials, async () =>
			requestAccessToken.call(this, credentials),
		);
		return {
			accessToken: token.accessToken,
			renewAfter: new Date(token.renewAt).toISOString(),
		};
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url.trim().replace(/\\/+$/, "")}}/xapi/v1',
			url: '/Defs',
			qs: {
				$select: 'Id',
			},
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
		},
	};
}

/**
 * Failure of the token request to `/connect/token`. Its message names what went wrong and never
 * contains the API key. It carries no HTTP response on purpose: n8n retries a request whose error
 * has a 401 response, and a rejected key would then be sent a second time.
 */
export class ThreeCxTokenError extends Error {
	constructor(
		message: string,
		readonly reason:
			| 'rejected'
			| 'notFound'
			| 'notJson'
			| 'noToken'
			| 'noExpiry'
			| 'network'
			| 'tls',
	) {
		super(message);
		this.name = 'ThreeCxTokenError';
	}

	/** Copied by n8n into the NodeApiError that wraps this error. */
	get description(): string {
		return TOKEN_FAILURE_DESCRIPTION;
	}
}

/** Time the token request may take. 3CX answers it at once when it is reachable. */
const TOKEN_TIMEOUT_MS = 30_000;

interface HttpFailure {
	code?: string;
	response?: { status?: number; headers?: IDataObject; data?: unknown };
}

/**
 * Requests an access token with the client-credentials grant: a form body with `client_id`,
 * `client_secret` and `grant_type`, and no Authorization header. 3CX keeps one token per API
 * client, so every successful call revokes the token issued before it.
 */
export async function requestAccessToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<AccessToken> {
	const serverUrl = normalizeServerUrl(credentials.url);
	const apiKey = String(credentials.apiKey ?? '');
	const form = new URLSearchParams({
		client_id: String(credentials.clientId ?? '').trim(),
		client_secret: apiKey,
		grant_type: 'client_credentials',
	});

	let body: unknown;
	try {
		// NOTE: the node's Request Options (proxy, timeout) do not reach this request, because n8n
		// runs preAuthentication with the credential alone.
		body = await this.helpers.httpRequest({
			method: 'POST',
			url: `${serverUrl}/connect/token`,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: form.toString(),
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			timeout: TOKEN_TIMEOUT_MS,
		});
	} catch (error) {
		throw describeTokenFailure(error as HttpFailure, serverUrl, apiKey);
	}

	return parseTokenResponse(body, serverUrl);
}

function parseTokenResponse(body: unknown, serverUrl: string): AccessToken {
	let parsed: unknown = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			throw new ThreeCxTokenError(
				`${serverUrl}/connect/token did not return JSON${looksLikeHtml(body) ? ' but an HTML page' : ''}. Check that the Server URL is the address of the 3CX web client.`,
				'notJson',
			);
		}
	}

	const token = isObject(parsed) ? parsed.access_token : undefined;
	if (typeof token !== 'string' || token === '') {
		throw new ThreeCxTokenError(
			`${serverUrl}/connect/token returned no access_token. Check that the Server URL points to a 3CX V20 server.`,
			'noToken',
		);
	}

	// 3CX 20.0.9 and later count expires_in in seconds, earlier releases in minutes. Reading it
	// as seconds renews an older release's token too early, never too late.
	const expiresIn = isObject(parsed) ? parsed.expires_in : undefined;
	const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
		throw new ThreeCxTokenError(
			`${serverUrl}/connect/token returned a token without a valid expires_in (${expiresIn === undefined ? 'missing' : JSON.stringify(expiresIn)}), so the node cannot tell when to renew it. Check that the Server URL points to a 3CX V20 server.`,
			'noExpiry',
		);
	}
	return { accessToken: token, expiresInSeconds: seconds };
}

function describeTokenFailure(
	error: HttpFailure,
	serverUrl: string,
	apiKey: string,
): ThreeCxTokenError {
	const response = error.response;
	if (response?.status === undefined) {
		const code = typeof error.code === 'string' ? error.code : 'no response';
		const network = describeNetworkCode(code, TOKEN_TIMEOUT_MS);
		return new ThreeCxTokenError(
			`Could not get an access token from ${serverUrl}/connect/token: ${network.summary} (${code}). ${network.hint}`,
			network.tls ? 'tls' : 'network',
		);
	}

	const data = isObject(response.data) ? response.data : undefined;
	const oauthError = typeof data?.error === 'string' ? data.error : undefined;
	const oauthDescription =
		typeof data?.error_description === 'string' ? data.error_description : undefined;

	if (oauthError !== undefined) {
		const detail = oauthDescription ? `${oauthError}: ${oauthDescription}` : oauthError;
		return new ThreeCxTokenError(
			redact(
				`3CX rejected the API client credentials (HTTP ${response.status}, ${detail}). Check the Client ID and the API Key of the API client in the 3CX Admin Console under Integrations > API.`,
				apiKey,
			),
			'rejected',
		);
	}

	if (typeof response.data === 'string' && looksLikeHtml(response.data)) {
		return new ThreeCxTokenError(
			`${serverUrl}/connect/token returned an HTML page (HTTP ${response.status}) instead of a token. Check that the Server URL is the address of the 3CX web client.`,
			'notJson',
		);
	}

	if (response.status === 404) {
		return new ThreeCxTokenError(
			`${serverUrl}/connect/token returned HTTP 404: there is no 3CX token endpoint at this address. Check that the Server URL is the address of the 3CX web client, without a path.`,
			'notFound',
		);
	}

	return new ThreeCxTokenError(
		`3CX rejected the token request with HTTP ${response.status}. Check the Server URL, the Client ID and the API Key.`,
		'rejected',
	);
}

function looksLikeHtml(text: string): boolean {
	return /^\s*</.test(text);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Masks the API key in a server-supplied text, in case the server echoes it back. */
function redact(text: string, secret: string): string {
	return secret.length > 0 ? text.split(secret).join('***') : text;
}
