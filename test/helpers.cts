import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { N8nEngine } from '../scripts/lib/n8nEngine.cjs';
import type { WorkflowJson } from '../scripts/lib/n8nEngine.cjs';
import type { StoredCredential } from '../scripts/lib/credentialsStore.cjs';
import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';
import type { Simulator, SimulatorOptions } from '../simulator/server.cjs';

export const NODE_NAME = '3CX';

/** A simulator and an n8n engine whose credential `cred-1` points at it. */
export interface Fixture {
	simulator: Simulator;
	engine: N8nEngine;
	credential: StoredCredential;
	close(): Promise<void>;
}

export async function startFixture(options: SimulatorOptions = {}): Promise<Fixture> {
	const simulator = await startSimulator(options);
	const engine = await N8nEngine.create();
	const credential: StoredCredential = {
		id: 'cred-1',
		name: '3CX simulator',
		type: 'threeCxOAuth2Api',
		// The trailing slash is kept on purpose: the node must tolerate it.
		data: { url: `${simulator.url}/`, clientId: DEMO_CLIENT.clientId, apiKey: DEMO_CLIENT.apiKey },
	};
	engine.addCredential(credential);
	return {
		simulator,
		engine,
		credential,
		close: async () => {
			await simulator.close();
			N8nEngine.shutdown();
		},
	};
}

let clientCount = 0;

/**
 * Registers a new API client on the simulator and points credential `cred-1` at it, without a
 * stored token. The credential shares tokens per API client within a process, so a test that
 * counts token requests needs a client of its own.
 */
export function useNewApiClient(fixture: Fixture): StoredCredential {
	clientCount += 1;
	const client = {
		clientId: `test-client-${clientCount}`,
		apiKey: `test-key-${clientCount}-9f8e7d6c`,
	};
	fixture.simulator.clients.push(client);
	fixture.credential = {
		...fixture.credential,
		data: { ...fixture.credential.data, clientId: client.clientId, apiKey: client.apiKey },
	};
	fixture.engine.addCredential(fixture.credential);
	return fixture.credential;
}

/** The 3CX node with the given parameters, using credential `cred-1`. */
export function threeCxNode(
	engine: N8nEngine,
	parameters: INode['parameters'],
	settings: Partial<INode> = {},
): INode {
	return {
		id: 'three-cx',
		name: NODE_NAME,
		type: engine.nodeTypeName,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { threeCxOAuth2Api: { id: 'cred-1', name: '3CX simulator' } },
		...settings,
	};
}

/** Manual Trigger → node, with the trigger's output pinned to `items`. */
export function workflowWith(node: INode, items: IDataObject[] = [{}]): WorkflowJson {
	return {
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			node,
		],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		pinData: { Start: items.map((json) => ({ json })) },
	};
}

/** Parameters of Microsoft 365 Integration → Update. */
export function updateParameters(
	updateFields: INodeParameters,
	options: INodeParameters = {},
): INodeParameters {
	return {
		resource: 'microsoft365Integration',
		operation: 'update',
		updateFields,
		options,
	};
}

/** Method and path of each XAPI request, e.g. `PATCH /xapi/v1/Microsoft365Integration 204`. */
export function requestLines(simulator: Simulator): string[] {
	return simulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`);
}
