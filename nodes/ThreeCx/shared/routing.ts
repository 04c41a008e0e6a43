import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { toXapiNodeError } from './xapiErrors';

/**
 * Routes every declarative operation through `runXapiRequest`. n8n's RoutingNode hands a request
 * to the node's `requestOperations.pagination` function only when `paginate` is set, and that
 * function is the one place where a declarative node can catch the failed request.
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
 * Sends one declarative request, pairs its output items with the input item, and turns a failure
 * into a NodeApiError that names the 3CX warning code and field. n8n's own 401 handling (one new
 * token, one retry) happens inside `makeRoutingRequest`.
 */
export async function runXapiRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const { method = 'GET', url = '' } = requestData.options;

	let items: INodeExecutionData[];
	try {
		items = await this.makeRoutingRequest(requestData);
	} catch (error) {
		throw toXapiNodeError(this.getNode(), error, { method, path: url }, itemIndex);
	}
	return items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
}
