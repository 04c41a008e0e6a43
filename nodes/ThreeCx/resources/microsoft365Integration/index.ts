import type { INodeProperties } from 'n8n-workflow';

import { getOperation } from './get';
import { executeUpdate, updateFields, updateOperation } from './update';

export const microsoft365IntegrationResource = {
	name: 'Microsoft 365 Integration',
	value: 'microsoft365Integration',
};

export const microsoft365IntegrationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: {
			show: {
				resource: ['microsoft365Integration'],
			},
		},
		options: [getOperation, updateOperation],
		default: 'get',
	},
	...updateFields,
];

/** Operations that run as code instead of declarative routing, keyed by operation value. */
export const microsoft365IntegrationCustomOperations = {
	update: executeUpdate,
};
