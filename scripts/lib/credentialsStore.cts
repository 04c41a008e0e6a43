import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { auditSecret } from './audit.cjs';
import { ICredentialsHelper } from 'n8n-workflow';

/** A stored credential, as n8n keeps it in its database (decrypted here). */
export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Keeps credentials in memory and applies them the way the n8n CLI's CredentialsHelper does:
 * defaults are filled in on read, `authenticate` expressions are resolved against
 * `$credentials`, and `preAuthentication` runs when the expirable property is empty or the
 * caller reports it expired, after which the new token is written back for later requests.
 */
export class MemoryCredentialsHelper extends ICredentialsHelper {
	private readonly stored = new Map<string, StoredCredential>();

	/** Every write of a credential, in order, e.g. each token that preAuthentication fetched. */
	readonly updates: Array<{ id: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(private readonly credentialTypes: Map<string, ICredentialType>) {
		super();
	}

	add(credential: StoredCredential): void {
		auditSecret(credential.data.apiKey);
		auditSecret(credential.data.accessToken);
		this.stored.set(credential.id, { ...credential, data: { ...credential.data } });
	}

	get(id: string): StoredCredential | undefined {
		return this.stored.get(id);
	}

	getParentTypes(name: string): string[] {
		const parents = this.credentialTypes.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (authenticate === undefined) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}

		const options = requestOptions as unknown as Record<string, IDataObject>;
		for (const [section, values] of Object.entries(authenticate.properties)) {
			options[section] ??= {};
			for (const [key, value] of Object.entries(values as IDataObject)) {
				options[section][resolve(workflow, node, key, credentials)] = resolve(
					workflow,
					node,
					String(value),
					credentials,
				);
			}
		}
		return options as unknown as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;

		// Like n8n, keep the new token only when the node names a stored credential.
		const reference = node.credentials?.[typeName];
		if (reference === undefined) return undefined;
		const updated = {
			...this.find(reference, typeName).data,
			...output,
		} as ICredentialDataDecryptedObject;
		await this.updateCredentials(reference, typeName, updated);
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const stored = this.find(nodeCredentials, type);
		return {
			id: stored.id,
			name: stored.name,
			type: stored.type,
			getData: () => ({ ...stored.data }),
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.find(nodeCredentials, type);
		const data: ICredentialDataDecryptedObject = {};
		for (const property of this.getCredentialsProperties(type)) {
			if (property.default !== undefined) data[property.name] = property.default as string;
		}
		return Object.assign(data, stored.data);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.find(nodeCredentials, type);
		auditSecret(data.accessToken);
		stored.data = { ...data };
		this.updates.push({ id: stored.id, data: { ...data } });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {
		throw new Error('OAuth token data is not used by the credentials of this package');
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	private type(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (type === undefined) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	private find(reference: INodeCredentialsDetails, type: string): StoredCredential {
		const stored = reference.id ? this.stored.get(reference.id) : undefined;
		if (stored === undefined || stored.type !== type) {
			throw new Error(`No ${type} credential with ID ${String(reference.id)}`);
		}
		return stored;
	}
}

function resolve(
	workflow: Workflow,
	node: INode,
	value: string,
	credentials: ICredentialDataDecryptedObject,
): string {
	if (!value.startsWith('=')) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved === undefined || resolved === null ? '' : String(resolved);
}
