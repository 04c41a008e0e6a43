import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { IDataObject, IExecuteFunctions, INode, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { N8nEngine } from '../scripts/lib/n8nEngine.cjs';
import type { WorkflowJson } from '../scripts/lib/n8nEngine.cjs';
import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';
import type { Simulator } from '../simulator/server.cjs';

/** What an AI agent gets from n8n for a connected tool. */
interface StructuredTool {
	name: string;
	description: string;
	schema: { shape: Record<string, unknown> };
	invoke(input: IDataObject): Promise<string>;
}

/**
 * Stands in for an AI agent: asks n8n for the tools connected to it, the way the agent does, and
 * calls the first one with the item's `arguments`, as a model would.
 */
const toolCaller: INodeType = {
	description: {
		displayName: 'Tool Caller',
		name: 'toolCaller',
		group: ['transform'],
		version: 1,
		description: 'Calls a connected tool',
		defaults: { name: 'Tool Caller' },
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const tools = (await this.getInputConnectionData(
			NodeConnectionTypes.AiTool,
			0,
		)) as StructuredTool[];
		const [tool] = tools;
		const output = [];
		for (const item of this.getInputData()) {
			const response = await tool.invoke(item.json.arguments as IDataObject);
			output.push({
				json: {
					name: tool.name,
					description: tool.description,
					arguments: Object.keys(tool.schema.shape),
					response: JSON.parse(response) as IDataObject,
				},
			});
		}
		return [output];
	},
};

const CALLER = 'AI Agent';
const TOOL = '3CX Tool';

describe('the node as an AI tool', () => {
	let simulator: Simulator;
	let engine: N8nEngine;

	before(async () => {
		simulator = await startSimulator();
		engine = await N8nEngine.create(undefined, {
			aiTools: true,
			extraNodeTypes: { 'test.toolCaller': toolCaller },
		});
		engine.addCredential({
			id: 'cred-1',
			name: '3CX simulator',
			type: 'threeCxOAuth2Api',
			data: { url: simulator.url, clientId: DEMO_CLIENT.clientId, apiKey: DEMO_CLIENT.apiKey },
		});
	});
	after(async () => {
		await simulator.close();
		N8nEngine.shutdown();
	});
	beforeEach(() => {
		simulator.reset();
	});

	/** Trigger → tool caller, with the 3CX tool connected to the caller's tool input. */
	function toolWorkflow(parameters: INode['parameters'], calls: IDataObject[]): WorkflowJson {
		return {
			name: 'AI tool',
			nodes: [
				{
					id: 'trigger',
					name: 'Trigger',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'caller',
					name: CALLER,
					type: 'test.toolCaller',
					typeVersion: 1,
					position: [240, 0],
					parameters: {},
				},
				{
					id: 'tool',
					name: TOOL,
					type: `${engine.nodeTypeName}Tool`,
					typeVersion: 1,
					position: [240, 200],
					parameters,
					credentials: { threeCxOAuth2Api: { id: 'cred-1', name: '3CX simulator' } },
				},
			],
			connections: {
				Trigger: { main: [[{ node: CALLER, type: NodeConnectionTypes.Main, index: 0 }]] },
				[TOOL]: {
					[NodeConnectionTypes.AiTool]: [
						[{ node: CALLER, type: NodeConnectionTypes.AiTool, index: 0 }],
					],
				},
			},
			pinData: { Trigger: calls.map((call) => ({ json: { arguments: call } })) },
		};
	}

	it('updates the Microsoft 365 integration with values the model fills in', async () => {
		const workflow = toolWorkflow(
			{
				resource: 'microsoft365Integration',
				operation: 'update',
				updateFields: {
					tenantId:
						"={{ $fromAI('tenantId', 'Directory (tenant) ID of the Microsoft 365 organisation', 'string') }}",
				},
			},
			[{ tenantId: 'fabrikam.onmicrosoft.com' }],
		);

		const result = await engine.run(workflow);

		assert.equal(result.error, undefined);
		const [call] = result.json(CALLER);
		assert.equal(call.name, '3CX_Tool');
		assert.equal(call.description, 'Update the Microsoft 365 integration settings in 3CX');
		assert.deepEqual(call.arguments, ['tenantId']);
		assert.equal((call.response as IDataObject[])[0].TenantId, 'fabrikam.onmicrosoft.com');
		const patch = simulator.xapiRequests().find((request) => request.method === 'PATCH');
		assert.deepEqual(patch?.body, { TenantId: 'fabrikam.onmicrosoft.com' });
	});

	it('gets many users with a limit the model chooses', async () => {
		const workflow = toolWorkflow(
			{
				resource: 'users',
				operation: 'getAll',
				returnAll: false,
				limit: "={{ $fromAI('limit', 'How many users to return', 'number') }}",
			},
			[{ limit: 3 }],
		);

		const result = await engine.run(workflow);

		assert.equal(result.error, undefined);
		const [call] = result.json(CALLER);
		assert.equal(call.description, 'Get many users in 3CX');
		assert.equal((call.response as IDataObject[]).length, 3);
		assert.deepEqual(simulator.xapiRequests()[0].query, { $top: '3' });
	});

	it('reports a failure to the model with the node message', async () => {
		const workflow = toolWorkflow(
			{
				resource: 'users',
				operation: 'get',
				id: "={{ $fromAI('id', 'ID of the user', 'number') }}",
			},
			[{ id: 987654 }],
		);

		const result = await engine.run(workflow);

		assert.match(String(result.error?.message), /3CX found nothing for Users → Get \(HTTP 404\)/);
	});
});
