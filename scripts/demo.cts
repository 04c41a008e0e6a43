// The main job: starts the 3CX simulator, runs a workflow that uses the 3CX node through n8n's
// execution engine, and prints the node's output items.
// Usage: npm run demo [-- --workflow <file>]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { N8nEngine } from './lib/n8nEngine.cjs';
import type { WorkflowJson } from './lib/n8nEngine.cjs';
import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';

const DEFAULT_WORKFLOW = resolve(__dirname, 'workflows', 'update-microsoft-365-integration.json');

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: { workflow: { type: 'string', default: DEFAULT_WORKFLOW } },
	});
	const workflowFile = resolve(values.workflow!);
	const workflow = JSON.parse(readFileSync(workflowFile, 'utf8')) as WorkflowJson;

	const simulator = await startSimulator();
	const engine = await N8nEngine.create();
	try {
		// Every 3CX credential that the workflow names is pointed at the simulator.
		for (const node of workflow.nodes) {
			const reference = node.credentials?.threeCxOAuth2Api;
			if (reference?.id) {
				engine.addCredential({
					id: reference.id,
					name: reference.name,
					type: 'threeCxOAuth2Api',
					data: { url: simulator.url, clientId: DEMO_CLIENT.clientId, apiKey: DEMO_CLIENT.apiKey },
				});
			}
		}

		console.log(`3CX simulator listening on ${simulator.url}`);
		console.log(
			`Running workflow "${workflow.name ?? workflowFile}" with n8n-core's WorkflowExecute\n`,
		);
		const result = await engine.run(workflow);

		console.log('Requests the simulator received:');
		for (const request of simulator.requests) {
			console.log(`  ${request.method} ${request.url} -> ${request.status}`);
		}

		const threeCxNodes = workflow.nodes.filter((node) => node.type === engine.nodeTypeName);
		for (const node of threeCxNodes) {
			console.log(`\nOutput items of "${node.name}":`);
			console.log(JSON.stringify(result.json(node.name), null, 2));
		}

		if (result.error) {
			console.error(`\nThe workflow failed: ${result.error.message}`);
			if (result.error.description) console.error(result.error.description);
			return 1;
		}
		return 0;
	} finally {
		await simulator.close();
		N8nEngine.shutdown();
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	},
);
