import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { customOperations, resourceProperties, resourceProperty } from './resources';
import { runXapiRequest, xapiRequestRunner } from './shared/routing';

export class ThreeCx implements INodeType {
	description: INodeTypeDescription = {
		displayName: '3CX',
		name: 'threeCx',
		icon: { light: 'file:threeCx.svg', dark: 'file:threeCx.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage a 3CX V20 phone system through its Configuration API (XAPI)',
		defaults: {
			name: '3CX',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'threeCxOAuth2Api',
				required: true,
			},
		],
		requestDefaults: {
			baseURL: '={{$credentials.url.trim().replace(/\\/+$/, "")}}/xapi/v1',
			headers: {
				Accept: 'application/json',
			},
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
		},
		requestOperations: {
			pagination: runXapiRequest,
		},
		properties: [resourceProperty, ...resourceProperties, xapiRequestRunner],
	};

	customOperations = customOperations;
}
