// Workflows that the end-to-end test imports into the real n8n and executes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { PACKAGE_DIR } from '../../scripts/lib/n8nEngine.cjs';
import type { WorkflowJson } from '../../scripts/lib/n8nEngine.cjs';

export const CREDENTIAL_ID = 'e2e3cxSimulator1';

export const WORKFLOW_IDS = {
	update: 'e2eUpdateM365Int',
	getManyUsers: 'e2eGetManyUsers1',
	download: 'e2eDownloadFile1',
	errorOutput: 'e2eErrorOutput01',
	pickUser: 'e2ePickUser00001',
};

/** ID of the Users → Get node whose User picker the editor check opens. */
export const PICK_USER_NODE_ID = 'pick-a-user-node';

/** ID of the 3CX node in the demo workflow, which the editor check opens. */
export const UPDATE_NODE_ID = '0c3f7a9d-5e41-4b62-8d17-9e4b2c6a3f02';

const NODE_TYPE = 'n8n-nodes-3cx-xapi.threeCx';
const TRIGGER = 'When clicking ‘Execute workflow’';

type ImportedWorkflow = WorkflowJson & { id: string; versionId: string; active: boolean };

/** The demo workflow and three more, in the form `n8n import:workflow` reads. */
export function e2eWorkflows(): ImportedWorkflow[] {
	const demo = JSON.parse(
		readFileSync(
			join(PACKAGE_DIR, 'scripts', 'workflows', 'update-microsoft-365-integration.json'),
			'utf8',
		),
	) as WorkflowJson;
	for (const node of demo.nodes) {
		if (node.credentials?.threeCxOAuth2Api) {
			node.credentials.threeCxOAuth2Api = { id: CREDENTIAL_ID, name: '3CX simulator' };
		}
	}

	return [
		imported(WORKFLOW_IDS.update, demo),
		imported(
			WORKFLOW_IDS.getManyUsers,
			chain('Get many users with Return All', [
				threeCx('Get many users', { resource: 'users', operation: 'getAll', returnAll: true }),
			]),
		),
		imported(
			WORKFLOW_IDS.download,
			chain('Export extensions as a file', [
				threeCx('Export extensions', { resource: 'users', operation: 'exportExtensions' }),
			]),
		),
		imported(WORKFLOW_IDS.errorOutput, errorOutputWorkflow()),
		imported(
			WORKFLOW_IDS.pickUser,
			chain('Pick a user', [
				threeCx('Pick a user', {
					resource: 'users',
					operation: 'get',
					id: { __rl: true, mode: 'list', value: '' },
				}),
			]),
		),
	];
}

function imported(id: string, workflow: WorkflowJson): ImportedWorkflow {
	return { ...workflow, id, versionId: `${id}-version`, active: false };
}

function threeCx(name: string, parameters: INode['parameters']): INode {
	return {
		id: `${name.toLowerCase().replace(/\W+/g, '-')}-node`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [240, 0],
		parameters,
		credentials: { threeCxOAuth2Api: { id: CREDENTIAL_ID, name: '3CX simulator' } },
	};
}

function trigger(): INode {
	return {
		id: 'manual-trigger',
		name: TRIGGER,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** A manual trigger followed by the given nodes, one after another. */
function chain(name: string, nodes: INode[]): WorkflowJson {
	const all = [trigger(), ...nodes];
	const connections: WorkflowJson['connections'] = {};
	for (let index = 0; index + 1 < all.length; index++) {
		connections[all[index].name] = {
			main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/** Reads a user that does not exist, with the failure routed to a second node. */
function errorOutputWorkflow(): WorkflowJson {
	const workflow = chain('Route a failed read to the error output', [
		{
			...threeCx('Get user', {
				resource: 'users',
				operation: 'get',
				id: { __rl: true, mode: 'id', value: '987654' },
			}),
			onError: 'continueErrorOutput',
		},
	]);
	workflow.nodes.push({
		id: 'handle-failure',
		name: 'Handle the failure',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [480, 120],
		parameters: {},
	});
	workflow.connections['Get user'] = {
		main: [[], [{ node: 'Handle the failure', type: 'main', index: 0 }]],
	};
	return workflow;
}
