// Starts the 3CX simulator on 127.0.0.1 until Ctrl+C, e.g. to point a local n8n at it.
// Usage: npm run simulator [-- --port 5001 --release 20.0.7 --token-lifetime 60]
import { parseArgs } from 'node:util';

import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '5001' },
			release: { type: 'string' },
			'token-lifetime': { type: 'string', default: '3600' },
		},
	});
	const port = Number(values.port);
	let simulator;
	try {
		simulator = await startSimulator({
			port,
			release: values.release,
			tokenLifetimeSeconds: Number(values['token-lifetime']),
			log: true,
		});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
			console.error(
				`Port ${port} is in use. Start the simulator on another one: npm run simulator -- --port <port>`,
			);
			process.exitCode = 1;
			return;
		}
		throw error;
	}

	console.log(`3CX ${simulator.release} simulator listening on ${simulator.url}`);
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
