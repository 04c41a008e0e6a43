import type { INodePropertyOptions } from 'n8n-workflow';

export const getOperation: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get the Microsoft 365 integration settings',
	description:
		'Read the Microsoft 365 integration: tenant and application IDs, user sync, presence sync and shared mailbox sync settings',
	routing: {
		request: {
			method: 'GET',
			url: '/Microsoft365Integration',
		},
	},
};
