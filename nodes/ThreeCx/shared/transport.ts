import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { xapiBaseUrl } from './serverUrl';
import { toXapiNodeError } from './xapiErrors';

export const CREDENTIAL_TYPE = 'threeCxOAuth2Api';

/** Timeout that n8n's declarative nodes use when the Request Options set none, in milliseconds. */
const DEFAULT_TIMEOUT_MS = 300_000;

/** One call to the Configuration API. `path` is relative to `/xapi/v1`. */
export interface XapiRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

/** Request options of the node's "Request Options" setting that apply to every request. */
interface RequestOptionsSetting {
	allowUnauthorizedCerts?: boolean;
	proxy?: string;
	timeout?: number;
}

/** Sends XAPI requests for a hand-written operation through n8n's authenticated request helper. */
export class XapiClient {
	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly defaults: Omit<IHttpRequestOptions, 'url'>,
	) {}

	/**
	 * Prepares the base URL and the settings shared by all requests of this execution: the
	 * credential's Ignore SSL Issues, and the node's Request Options (timeout, proxy).
	 */
	static async create(context: IExecuteFunctions): Promise<XapiClient> {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		const setting = context.getNodeParameter('requestOptions', 0, {}) as RequestOptionsSetting;

		let baseURL: string;
		try {
			baseURL = xapiBaseUrl(credentials.url);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex: 0 });
		}

		const defaults: Omit<IHttpRequestOptions, 'url'> = {
			baseURL,
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			skipSslCertificateValidation:
				credentials.ignoreSslIssues === true || setting.allowUnauthorizedCerts === true,
			timeout: setting.timeout && setting.timeout > 0 ? setting.timeout : DEFAULT_TIMEOUT_MS,
		};
		if (setting.proxy) defaults.proxy = parseProxy(context, setting.proxy);

		return new XapiClient(context, defaults);
	}

	/**
	 * Sends the request. After a 401 response n8n fetches a new token and retries once. Any
	 * other failure becomes a NodeApiError that names the 3CX warning code and field.
	 */
	async send(request: XapiRequest, itemIndex: number): Promise<IN8nHttpFullResponse> {
		const options: IHttpRequestOptions = {
			...this.defaults,
			headers: { ...this.defaults.headers },
			method: request.method,
			url: request.path,
		};
		if (request.qs) options.qs = request.qs;
		if (request.body) options.body = request.body;

		try {
			return (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			throw toXapiNodeError(
				this.context.getNode(),
				error,
				{ method: request.method, path: request.path },
				itemIndex,
			);
		}
	}
}

function parseProxy(context: IExecuteFunctions, proxy: string): IHttpRequestOptions['proxy'] {
	let parsed: URL;
	try {
		parsed = new URL(proxy);
	} catch {
		throw new NodeOperationError(context.getNode(), 'The proxy in Request Options is not a URL', {
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
