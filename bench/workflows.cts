// The benchmark's workflows: each job once with the 3CX node and once with n8n's HTTP Request
// node and a generic OAuth2 client-credentials credential, as a user would build it without
// this package.
import type { INode } from 'n8n-workflow';

import type { WorkflowJson } from '../scripts/lib/n8nEngine.cjs';

export const THREECX_CREDENTIAL = { id: 'bench3cxCredent1', name: '3CX simulator' };
export const OAUTH2_CREDENTIAL = { id: 'benchOAuth2Cred1', name: '3CX OAuth2 (generic)' };

export const ITEMS = 1000;
export const PAGE_SIZE = 100;

export const IDS = {
	updateThreeCx: 'benchUpdate3cx01',
	updateHttp: 'benchUpdateHttp1',
	listThreeCx: 'benchList3cx0001',
	listHttp: 'benchListHttp001',
};

/** Names of the nodes whose execution time is the work measured. */
export const MEASURED = {
	update: { threeCx: ['3CX'], http: ['HTTP Request'] },
	list: { threeCx: ['3CX'], http: ['HTTP Request', 'Split Out'] },
};

const TRIGGER = 'Start';

function node(name: string, type: string, typeVersion: number, parameters: INode['parameters']) {
	return {
		id: name.toLowerCase().replace(/\W+/g, '-'),
		name,
		type,
		typeVersion,
		position: [0, 0],
		parameters,
	} as INode;
}

function chain(id: string, name: string, nodes: INode[]) {
	const all = [node(TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}), ...nodes];
	all.forEach((entry, index) => (entry.position = [index * 220, 0]));
	const connections: WorkflowJson['connections'] = {};
	for (let index = 0; index + 1 < all.length; index++) {
		connections[all[index].name] = {
			main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		id,
		name,
		versionId: `${id}-v`,
		active: false,
		nodes: all,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** A Code node that outputs `ITEMS` items `{ i }`. */
function items(): INode {
	return node('Items', 'n8n-nodes-base.code', 2, {
		jsCode: `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { i } }));`,
	});
}

function threeCx(parameters: INode['parameters']): INode {
	return {
		...node('3CX', 'n8n-nodes-3cx-xapi.threeCx', 1, parameters),
		credentials: { threeCxOAuth2Api: THREECX_CREDENTIAL },
	};
}

function httpRequest(parameters: INode['parameters']): INode {
	return {
		...node('HTTP Request', 'n8n-nodes-base.httpRequest', 4.2, {
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			...parameters,
		}),
		credentials: { oAuth2Api: OAUTH2_CREDENTIAL },
	};
}

export function benchWorkflows(serverUrl: string) {
	const xapi = `${serverUrl}/xapi/v1`;
	return [
		chain(IDS.updateThreeCx, 'Update with the 3CX node', [
			items(),
			threeCx({
				resource: 'microsoft365Integration',
				operation: 'update',
				updateFields: { tenantId: "={{ 'tenant-' + $json.i + '.onmicrosoft.com' }}" },
				options: { returnUpdated: false },
			}),
		]),
		chain(IDS.updateHttp, 'Update with the HTTP Request node', [
			items(),
			httpRequest({
				method: 'PATCH',
				url: `${xapi}/Microsoft365Integration`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: "={{ JSON.stringify({ TenantId: 'tenant-' + $json.i + '.onmicrosoft.com' }) }}",
				// Without batching, the node sends the first items at once; each fetches its own token,
				// which revokes the others' on 3CX, and they fail with 401.
				options: { batching: { batch: { batchSize: 1, batchInterval: 0 } } },
			}),
		]),
		chain(IDS.listThreeCx, 'Get all users with the 3CX node', [
			threeCx({ resource: 'users', operation: 'getAll', returnAll: true }),
		]),
		chain(IDS.listHttp, 'Get all users with the HTTP Request node', [
			httpRequest({
				method: 'GET',
				url: `${xapi}/Users`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: '$top', value: String(PAGE_SIZE) }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: {
								parameters: [
									{ type: 'qs', name: '$skip', value: `={{ $pageCount * ${PAGE_SIZE} }}` },
								],
							},
							paginationCompleteWhen: 'other',
							completeExpression: `={{ $response.body.value.length < ${PAGE_SIZE} }}`,
							limitPagesFetched: false,
						},
					},
				},
			}),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, {
				fieldToSplitOut: 'value',
				include: 'noOtherFields',
				options: {},
			}),
		]),
	];
}

/** The API client of the HTTP Request node: its own, so that the two nodes do not revoke each other's tokens. */
export const HTTP_CLIENT = {
	clientId: 'n8n-http-request',
	apiKey: 'http-request-key-4b1e7c93d2a8',
};

/**
 * Credentials of both nodes. The OAuth2 credential starts with a valid token, as after its first
 * use: fetching one in the run, the HTTP Request node's first items would each fetch one at once
 * and revoke each other's.
 */
export function benchCredentials(
	serverUrl: string,
	threeCxClient: { clientId: string; apiKey: string },
	httpToken: string,
) {
	return [
		{
			...THREECX_CREDENTIAL,
			type: 'threeCxOAuth2Api',
			data: { url: serverUrl, ...threeCxClient, ignoreSslIssues: false },
		},
		{
			...OAUTH2_CREDENTIAL,
			type: 'oAuth2Api',
			data: {
				grantType: 'clientCredentials',
				accessTokenUrl: `${serverUrl}/connect/token`,
				clientId: HTTP_CLIENT.clientId,
				clientSecret: HTTP_CLIENT.apiKey,
				scope: '',
				authentication: 'body',
				oauthTokenData: { access_token: httpToken, token_type: 'Bearer', refresh_token: null },
			},
		},
	];
}
