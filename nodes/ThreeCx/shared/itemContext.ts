import type {
	IBinaryData,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';

import type { XapiClient, XapiRequest } from './transport';

/**
 * Context of an operation's run for one input item, the same whether n8n runs it as a custom
 * operation or through its RoutingNode (as for an AI agent's tool call).
 */
export interface ItemContext {
	node: INode;
	itemIndex: number;
	/** Time zone of the workflow, applied to date-times given without an offset. */
	timeZone: string;
	getParameter(name: string, fallback?: unknown): unknown;
	send(request: XapiRequest): Promise<IN8nHttpFullResponse>;
	prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData>;
}

export function itemContextForExecution(
	context: IExecuteFunctions,
	client: XapiClient,
	itemIndex: number,
): ItemContext {
	return {
		node: context.getNode(),
		itemIndex,
		timeZone: context.getTimezone(),
		getParameter: (name, fallback) => context.getNodeParameter(name, itemIndex, fallback),
		send: async (request) => await client.send(request, itemIndex),
		prepareBinaryData: async (data, fileName, mimeType) =>
			await context.helpers.prepareBinaryData(data, fileName, mimeType),
	};
}

export function itemContextForRoutingNode(
	context: IExecutePaginationFunctions,
	client: XapiClient,
): ItemContext {
	const itemIndex = context.getItemIndex();
	return {
		node: context.getNode(),
		itemIndex,
		timeZone: context.getTimezone(),
		getParameter: (name, fallback) => context.getNodeParameter(name, fallback),
		send: async (request) => await client.send(request, itemIndex),
		prepareBinaryData: async (data, fileName, mimeType) =>
			await context.helpers.prepareBinaryData(data, fileName, mimeType),
	};
}
