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
	const tokenLifetime = Number(values['token-lifetime']);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`--port must be a port number from 0 to 65535, not "${values.port}".`);
		process.exitCode = 2;
		return;
	}
	if (!Number.isInteger(tokenLifetime) || tokenLifetime < 1) {
		console.error(
			`--token-lifetime must be a whole number of seconds, 1 or more, not "${values['token-lifetime']}".`,
		);
		process.exitCode = 2;
		return;
	}
	let simulator;
	try {
		simulator = await startSimulator({
			port,
			release: values.release,
			tokenLifetimeSeconds: tokenLifetime,
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
		console.error((error as Error).message);
		process.exitCode = 1;
		return;
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
