// Starts the 3CX simulator on 127.0.0.1 until Ctrl+C, e.g. to point a local n8n at it.
// Usage: npm run simulator [-- --port 5001 --token-lifetime 60]
import { parseArgs } from 'node:util';

import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '5001' },
			'token-lifetime': { type: 'string', default: '3600' },
		},
	});
	const simulator = await startSimulator({
		port: Number(values.port),
		tokenLifetimeSeconds: Number(values['token-lifetime']),
		log: true,
	});

	console.log(`3CX simulator listening on ${simulator.url}`);
	console.log(
		`Credential: Server URL ${simulator.url}, Client ID ${DEMO_CLIENT.clientId}, API Key ${DEMO_CLIENT.apiKey}`,
	);

	const stop = async () => {
		await simulator.close();
		console.log('3CX simulator stopped');
	};
	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());
}

void main();
