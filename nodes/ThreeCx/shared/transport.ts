import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	Logger,
	RequestHelperFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleepWithAbort } from 'n8n-workflow';

import { isBusyStatus, MAX_ATTEMPTS, MAX_TOTAL_WAIT_MS, waitBeforeRetry } from './retryPolicy';
import { xapiBaseUrl } from './serverUrl';
import { forgetRejectedToken } from './tokenCache';
import type { RequestProgress } from './xapiErrors';
import { toXapiNodeError } from './xapiErrors';

export const CREDENTIAL_TYPE = 'threeCxOAuth2Api';

/**
 * Time a request may take when the node's Request Options set no Timeout, in milliseconds.
 * Large call history and report queries are the slowest 3CX requests and usually finish well
 * within it.
 */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** One call to the Configuration API. */
export interface XapiRequest {
	method: IHttpRequestMethods;
	/** Path below `/xapi/v1`, with the query string already encoded. */
	path: string;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
	/** Whether the response may be a file, which is then read as raw bytes. */
	binary?: boolean;
	/** Releases that have the operation, named in the hint of a 404. */
	releases?: string;
	/** Position of the request in a longer task, named in its error. */
	progress?: RequestProgress;
}

/** The node's "Request Options" setting, which n8n adds to declarative nodes. */
interface RequestOptionsSetting {
	allowUnauthorizedCerts?: boolean;
	proxy?: string;
	timeout?: number;
}

type RequestDefaults = Omit<IHttpRequestOptions, 'url'> & { timeout: number };

/** The parts of n8n's execution contexts that the client uses. */
interface RequestContext {
	getCredentials: IExecuteFunctions['getCredentials'];
	getNode(): INode;
	helpers: RequestHelperFunctions;
	logger: Logger;
	getExecutionCancelSignal?: () => AbortSignal | undefined;
}

/**
 * Sends XAPI requests through n8n's authenticated request helper, so that proxies, SSL settings
 * and the credential's token handling apply. It renews the token before it runs out and once
 * after a 401, retries idempotent requests that 3CX answers with 429 or 503, and turns every
 * failure into a NodeApiError that names the operation.
 */
export class XapiClient {
	private constructor(
		private readonly context: RequestContext,
		private readonly defaults: RequestDefaults,
		/** Operation named in errors and log lines, e.g. `Users → Get Many`. */
		readonly operation: string,
	) {}

	/**
	 * Prepares a client for an operation that n8n runs as code: the base URL and Ignore SSL Issues
	 * come from the credential, the timeout and proxy from the node's Request Options.
	 */
	static async forExecution(context: IExecuteFunctions, operation: string): Promise<XapiClient> {
		const defaults = await XapiClient.credentialDefaults(context);
		const setting = context.getNodeParameter('requestOptions', 0, {}) as RequestOptionsSetting;
		if (setting.allowUnauthorizedCerts === true) defaults.skipSslCertificateValidation = true;
		if (setting.timeout && setting.timeout > 0) defaults.timeout = setting.timeout;
		if (setting.proxy) defaults.proxy = parseProxy(context.getNode(), setting.proxy);
		return new XapiClient(context, defaults, operation);
	}

	/**
	 * Prepares a client for a list search or a list of options in the editor: the base URL and
	 * Ignore SSL Issues come from the credential, and the timeout is the default.
	 */
	static async forLoadOptions(
		context: ILoadOptionsFunctions,
		operation: string,
	): Promise<XapiClient> {
		const defaults = await XapiClient.credentialDefaults(context);
		return new XapiClient(context as unknown as RequestContext, defaults, operation);
	}

	/** Reads the base URL and Ignore SSL Issues from the credential, with the default timeout. */
	private static async credentialDefaults(
		context: IExecuteFunctions | ILoadOptionsFunctions,
	): Promise<RequestDefaults> {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		let baseURL: string;
		try {
			baseURL = xapiBaseUrl(credentials.url);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex: 0 });
		}
		return {
			baseURL,
			headers: { Accept: 'application/json' },
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			timeout: DEFAULT_TIMEOUT_MS,
		};
	}

	/**
	 * Prepares a client inside n8n's RoutingNode, from the request options it resolved from the
	 * node's `requestDefaults` and Request Options.
	 */
	static forRoutingNode(
		context: IExecutePaginationFunctions,
		options: DeclarativeRestApiSettings.HttpRequestOptions,
		operation: string,
	): XapiClient {
		const defaults: RequestDefaults = {
			baseURL: options.baseURL,
			headers: { Accept: 'application/json' },
			skipSslCertificateValidation: options.skipSslCertificateValidation === true,
			timeout: options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS,
		};
		if (options.proxy) defaults.proxy = options.proxy;
		return new XapiClient(context, defaults, operation);
	}

	/**
	 * Sends the request and returns the full response of a 2xx status. Any other outcome becomes a
	 * NodeApiError that names the operation, the status or network code and what to try.
	 */
	async send(request: XapiRequest, itemIndex: number): Promise<IN8nHttpFullResponse> {
		const options = this.requestOptions(request);
		const context = { ...request, operation: this.operation, timeoutMs: this.defaults.timeout };
		// POST creates records and runs actions, which must not run twice.
		const retryable = request.method !== 'POST';

		let attempt = 1;
		let waited = 0;
		let renewed = false;
		for (;;) {
			const credentials = await this.readCredentials(itemIndex, renewed);
			let response: IN8nHttpFullResponse;
			try {
				response = await this.authenticatedRequest(options, credentials);
			} catch (error) {
				throw toXapiNodeError(this.context.getNode(), error, context, itemIndex);
			}

			if (response.statusCode === 401 && !renewed) {
				// 3CX revokes a token when it issues another, e.g. to a second n8n instance using
				// the same API client. Fetch one new token and repeat the request once.
				forgetRejectedToken(credentials, credentials.accessToken);
				renewed = true;
				continue;
			}

			if (isBusyStatus(response.statusCode) && retryable && attempt < MAX_ATTEMPTS) {
				const wait = waitBeforeRetry(response, attempt);
				if (wait !== undefined && waited + wait <= MAX_TOTAL_WAIT_MS) {
					this.context.logger.warn(
						`3CX answered HTTP ${response.statusCode} to ${this.operation} (${request.method} ${shorten(request.path)}), attempt ${attempt} of ${MAX_ATTEMPTS}: retrying in ${wait} ms`,
						{ node: this.context.getNode().name, itemIndex },
					);
					await sleepWithAbort(wait, this.context.getExecutionCancelSignal?.());
					waited += wait;
					attempt++;
					continue;
				}
			}

			if (response.statusCode >= 200 && response.statusCode < 300) return response;
			throw toXapiNodeError(
				this.context.getNode(),
				{ response: { status: response.statusCode, data: readErrorBody(response.body) } },
				{ ...context, attempts: attempt, retryable },
				itemIndex,
			);
		}
	}

	private requestOptions(request: XapiRequest): IHttpRequestOptions {
		const options: IHttpRequestOptions = {
			...this.defaults,
			headers: { ...this.defaults.headers, ...request.headers },
			method: request.method,
			url: request.path,
			returnFullResponse: true,
			// Statuses are handled here: a 401 renews the token, a 429 or 503 may be retried.
			ignoreHttpStatusErrors: true,
		};
		if (request.body !== undefined && Object.keys(request.body).length === 0) {
			// n8n's request helper drops an empty object; 3CX requires a body on actions that take one.
			options.body = '{}';
			options.headers!['Content-Type'] = 'application/json';
		} else if (request.body !== undefined) {
			options.body = request.body;
		}
		if (request.binary) {
			options.encoding = 'arraybuffer';
			options.headers!.Accept = '*/*';
		} else {
			options.json = true;
		}
		return options;
	}

	/**
	 * Reads the credential for one request. An empty token makes n8n call the credential's
	 * `preAuthentication`, which is how the token gets renewed: when its renewal time has passed,
	 * or after a 401.
	 */
	private async readCredentials(
		itemIndex: number,
		renew: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = { ...(await this.context.getCredentials(CREDENTIAL_TYPE, itemIndex)) };
		const renewAt = Date.parse(String(credentials.renewAfter ?? ''));
		if (renew || !(Date.now() < renewAt)) credentials.accessToken = '';
		return credentials;
	}

	private async authenticatedRequest(
		options: IHttpRequestOptions,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IN8nHttpFullResponse> {
		const reference = this.context.getNode().credentials?.[CREDENTIAL_TYPE];
		// n8n writes the token that preAuthentication returns into `credentials`, so after the
		// call it holds the token that was sent.
		return (await this.context.helpers.httpRequestWithAuthentication.call(
			this.context as IExecuteFunctions,
			CREDENTIAL_TYPE,
			{ ...options, headers: { ...options.headers } },
			{
				credentialsDecrypted: {
					id: reference?.id ?? '',
					name: reference?.name ?? '',
					type: CREDENTIAL_TYPE,
					data: credentials,
				},
			},
		)) as IN8nHttpFullResponse;
	}
}

/** Returns the body of an error response as text or JSON, whatever the requested encoding. */
function readErrorBody(body: unknown): unknown {
	if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
		const view = body instanceof ArrayBuffer ? new Uint8Array(body) : body;
		return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('utf8');
	}
	return body;
}

function shorten(path: string): string {
	return path.length > 200 ? `${path.slice(0, 197)}...` : path;
}

function parseProxy(node: INode, proxy: string): IHttpRequestOptions['proxy'] {
	let parsed: URL;
	try {
		parsed = new URL(proxy);
	} catch {
		throw new NodeOperationError(node, 'The proxy in Request Options is not a URL', {
			itemIndex: 0,
			description: 'Enter the proxy as e.g. http://myproxy:3128',
		});
	}

	const options: NonNullable<IHttpRequestOptions['proxy']> = {
		host: parsed.hostname,
		port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
		protocol: parsed.protocol.replace(/:$/, ''),
	};
	if (parsed.username) {
		options.auth = {
			username: decodeURIComponent(parsed.username),
			password: decodeURIComponent(parsed.password),
		};
	}
	return options;
}
