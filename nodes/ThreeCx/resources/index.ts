import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	microsoft365IntegrationCustomOperations,
	microsoft365IntegrationProperties,
	microsoft365IntegrationResource,
} from './microsoft365Integration';

type CustomOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

const resources = [microsoft365IntegrationResource];

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources,
	default: 'microsoft365Integration',
};

export const resourceProperties: INodeProperties[] = [...microsoft365IntegrationProperties];

export const customOperations: Record<string, Record<string, CustomOperation>> = {
	microsoft365Integration: microsoft365IntegrationCustomOperations,
};
