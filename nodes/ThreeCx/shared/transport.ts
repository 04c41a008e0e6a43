import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { xapiBaseUrl } from './serverUrl';
import { toXapiNodeError } from './xapiErrors';

export const CREDENTIAL_TYPE = 'threeCxOAuth2Api';

/** Timeout that n8n's declarative nodes use when the Request Options set none, in milliseconds. */
const DEFAULT_TIMEOUT_MS = 300_000;

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
}

/** The node's "Request Options" setting, which n8n adds to declarative nodes. */
interface RequestOptionsSetting {
	allowUnauthorizedCerts?: boolean;
	proxy?: string;
	timeout?: number;
}

type RequestDefaults = Omit<IHttpRequestOptions, 'url'>;
type AuthenticatedRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** Sends XAPI requests through n8n's authenticated request helper and maps their failures. */
export class XapiClient {
	private constructor(
		private readonly request: AuthenticatedRequest,
		private readonly node: INode,
		private readonly defaults: RequestDefaults,
	) {}

	/**
	 * Prepares a client for an operation that n8n runs as code: the base URL and Ignore SSL Issues
	 * come from the credential, the timeout and proxy from the node's Request Options.
	 */
	static async forExecution(context: IExecuteFunctions): Promise<XapiClient> {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		const setting = context.getNodeParameter('requestOptions', 0, {}) as RequestOptionsSetting;

		let baseURL: string;
		try {
			baseURL = xapiBaseUrl(credentials.url);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex: 0 });
		}

		const defaults: RequestDefaults = {
			baseURL,
			headers: { Accept: 'application/json' },
			skipSslCertificateValidation:
				credentials.ignoreSslIssues === true || setting.allowUnauthorizedCerts === true,
			timeout: setting.timeout && setting.timeout > 0 ? setting.timeout : DEFAULT_TIMEOUT_MS,
		};
		if (setting.proxy) defaults.proxy = parseProxy(context.getNode(), setting.proxy);

		const request: AuthenticatedRequest = async (options) =>
			await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options);
		return new XapiClient(request, context.getNode(), defaults);
	}

	/**
	 * Prepares a client inside n8n's RoutingNode, from the request options it resolved from the
	 * node's `requestDefaults` and Request Options.
	 */
	static forRoutingNode(
		context: IExecutePaginationFunctions,
		options: DeclarativeRestApiSettings.HttpRequestOptions,
	): XapiClient {
		const defaults: RequestDefaults = {
			baseURL: options.baseURL,
			headers: { Accept: 'application/json' },
			skipSslCertificateValidation: options.skipSslCertificateValidation === true,
			timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
		};
		if (options.proxy) defaults.proxy = options.proxy;

		const request: AuthenticatedRequest = async (requestOptions) =>
			await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				requestOptions,
			);
		return new XapiClient(request, context.getNode(), defaults);
	}

	/**
	 * Sends the request. After a 401 response n8n fetches a new token and retries once. Any
	 * other failure becomes a NodeApiError that names the 3CX warning code and field.
	 */
	async send(request: XapiRequest, itemIndex: number): Promise<IN8nHttpFullResponse> {
		const options: IHttpRequestOptions = {
			...this.defaults,
			headers: { ...this.defaults.headers, ...request.headers },
			method: request.method,
			url: request.path,
			returnFullResponse: true,
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

		try {
			return (await this.request(options)) as IN8nHttpFullResponse;
		} catch (error) {
			throw toXapiNodeError(
				this.node,
				error,
				{ method: request.method, path: request.path, releases: request.releases },
				itemIndex,
			);
		}
	}
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
