import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './resources';
import { asCustomOperation } from './shared/execute';
import { selectionLoadOptions } from './resources/microsoft365Integration/selection';
import { listSearch } from './shared/pickers';
import type { HandlerRegistry } from './shared/execute';
import { routingNodeRunner, xapiRequestRunner } from './shared/routing';

const handlers: HandlerRegistry = Object.fromEntries(
	resources.map((resource) => [
		resource.value,
		Object.fromEntries(
			resource.operations.map(({ option }) => [
				String(option.value),
				{
					label: `${resource.name} → ${option.name}`,
					handler: resource.handlers[String(option.value)],
				},
			]),
		),
	]),
);

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
			pagination: routingNodeRunner(handlers),
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resources.map(({ name, value, description }) => ({ name, value, description })),
				default: 'users',
			},
			...resources.flatMap((resource) => resource.properties),
			xapiRequestRunner,
		],
	};

	methods = { listSearch, loadOptions: selectionLoadOptions };

	// n8n runs these in workflows; RoutingNode runs the same handlers through requestOperations.
	customOperations = Object.fromEntries(
		Object.entries(handlers).map(([resource, operations]) => [
			resource,
			Object.fromEntries(
				Object.entries(operations).map(([operation, registered]) => [
					operation,
					asCustomOperation(registered),
				]),
			),
		]),
	);
}
