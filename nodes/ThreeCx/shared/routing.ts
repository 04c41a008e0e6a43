import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HandlerRegistry } from './execute';
import { itemContextForRoutingNode } from './itemContext';
import { XapiClient } from './transport';

/**
 * Hidden parameter that makes n8n's RoutingNode hand every request to `routingNodeRunner`.
 * RoutingNode calls the node's `requestOperations.pagination` function only when `paginate` is set.
 */
export const xapiRequestRunner: INodeProperties = {
	displayName: 'XAPI Request Runner',
	name: 'xapiRequestRunner',
	type: 'hidden',
	default: '',
	routing: {
		send: {
			paginate: true,
		},
	},
};

/**
 * Returns the function through which n8n's RoutingNode runs every operation: n8n hands a request
 * to the node's `requestOperations.pagination` function when `paginate` is set, and the node's
 * hidden `xapiRequestRunner` parameter sets it for all operations. RoutingNode runs the node this
 * way where n8n does not use custom operations, e.g. for an AI agent's tool call.
 */
export function routingNodeRunner(registry: HandlerRegistry) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const resource = this.getNodeParameter('resource') as string;
		const operation = this.getNodeParameter('operation') as string;
		const registered = registry[resource]?.[operation];
		if (registered === undefined) {
			throw new NodeOperationError(this.getNode(), `Unknown operation ${resource} → ${operation}`, {
				itemIndex: this.getItemIndex(),
			});
		}

		const client = XapiClient.forRoutingNode(this, requestData.options, registered.label);
		const results = await registered.handler(itemContextForRoutingNode(this, client));
		return results.map((result) => ({ ...result, pairedItem: { item: this.getItemIndex() } }));
	};
}
