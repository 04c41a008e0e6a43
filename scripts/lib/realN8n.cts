// A throwaway n8n user folder with this package installed the way n8n installs community
// packages, and the real n8n CLI run in it: imports, `n8n execute` and `n8n start`.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IRunData } from 'n8n-workflow';

import { PACKAGE_DIR } from './n8nEngine.cjs';
import { ensureN8nRuntime } from './n8nRuntime.cjs';
import type { N8nRuntime } from './n8nRuntime.cjs';

export interface CommandResult {
	status: number;
	output: string;
}

export class RealN8n {
	private commandCount = 0;

	private constructor(
		readonly runtime: N8nRuntime,
		readonly userFolder: string,
		readonly environment: NodeJS.ProcessEnv,
	) {}

	/**
	 * Installs the packed package into a new user folder. `log` reports the one-time install of
	 * the n8n runtime.
	 */
	static async create(
		log: (line: string) => void,
		extraEnvironment: NodeJS.ProcessEnv = {},
	): Promise<RealN8n> {
		const runtime = ensureN8nRuntime(log);
		const userFolder = mkdtempSync(join(tmpdir(), 'n8n-3cx-real-'));

		// The packed tarball in <user folder>/.n8n/nodes/node_modules, without peer dependencies.
		const packDir = join(userFolder, 'pack');
		mkdirSync(packDir);
		execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
			cwd: PACKAGE_DIR,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		const tarball = join(packDir, readdirSync(packDir)[0]);
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			'{ "name": "installed-nodes", "private": true }\n',
		);
		execFileSync(
			'npm',
			['install', '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error', tarball],
			{ cwd: nodesDir, stdio: ['ignore', 'ignore', 'inherit'] },
		);

		// Node's test runner marks its child processes with NODE_TEST_CONTEXT, and a Node.js
		// process that inherits it reports to the runner instead of printing; n8n must not.
		const { NODE_TEST_CONTEXT: _runnerContext, ...inherited } = process.env;
		const environment: NodeJS.ProcessEnv = {
			...inherited,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
			// The in-process engine sets warn, at which `n8n execute` prints no run.
			N8N_LOG_LEVEL: 'info',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			// Otherwise n8n start fetches the list of verified community packages from n8n's servers.
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_PORT: String(await freePort()),
			DB_SQLITE_POOL_SIZE: '1',
			...extraEnvironment,
		};
		return new RealN8n(runtime, userFolder, environment);
	}

	/**
	 * Runs an n8n CLI command in the user folder. The output goes to a file: n8n exits right after
	 * printing, before a pipe would be drained. It runs asynchronously, so that a simulator in this
	 * process can answer.
	 */
	async command(args: string[], environment: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
		const outputFile = join(this.userFolder, `command-${++this.commandCount}.log`);
		const output = openSync(outputFile, 'a');
		try {
			const child = spawn(this.runtime.n8nBin, args, {
				cwd: this.userFolder,
				env: { ...this.environment, ...environment },
				stdio: ['ignore', output, output],
			});
			const status = await new Promise<number>((resolve, reject) => {
				child.once('error', reject);
				child.once('exit', (code) => resolve(code ?? 1));
			});
			return { status, output: readFileSync(outputFile, 'utf8') };
		} finally {
			closeSync(output);
		}
	}

	/** Imports credentials and workflows, given as the objects `n8n import:*` reads. */
	async import(credentials: unknown[], workflows: unknown[]): Promise<void> {
		writeFileSync(join(this.userFolder, 'credentials.json'), JSON.stringify(credentials));
		writeFileSync(join(this.userFolder, 'workflows.json'), JSON.stringify(workflows));
		for (const args of [
			['import:credentials', '--input=credentials.json'],
			['import:workflow', '--input=workflows.json'],
		]) {
			const result = await this.command(args);
			if (result.status !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.output}`);
		}
	}

	/** Executes an imported workflow and returns its exit status and run data. */
	async execute(
		workflowId: string,
		environment: NodeJS.ProcessEnv = {},
	): Promise<{ status: number; runData: IRunData }> {
		const { status, output } = await this.command(
			['execute', `--id=${workflowId}`, '--rawOutput'],
			environment,
		);
		// n8n prints log lines around the JSON of the run, which starts and ends on lines of their own.
		const start = output.search(/^\{$/m);
		const end = output.lastIndexOf('\n}');
		if (start < 0 || end < start) {
			throw new Error(`n8n printed no run data:\n${output.slice(0, 2000)}`);
		}
		const run = JSON.parse(output.slice(start, end + 2)) as {
			data: { resultData: { runData: IRunData } };
		};
		return { status, runData: run.data.resultData.runData };
	}

	/** Starts `n8n start` and waits until its REST API answers. */
	async startEditor(): Promise<ChildProcess> {
		const editor = spawn(this.runtime.n8nBin, ['start'], {
			cwd: this.userFolder,
			env: this.environment,
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let errors = '';
		editor.stderr!.on('data', (chunk: Buffer) => {
			errors = (errors + chunk.toString()).slice(-4000);
		});
		// The REST API answers later than the health check, so wait for the settings it serves.
		const url = `http://127.0.0.1:${this.environment.N8N_PORT}/rest/settings`;
		for (let waited = 0; waited < 120_000; waited += 500) {
			if (editor.exitCode !== null) {
				throw new Error(`n8n start exited with ${editor.exitCode}:\n${errors}`);
			}
			const ready = await fetch(url).then(
				(response) => response.ok,
				() => false,
			);
			if (ready) return editor;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		editor.kill();
		throw new Error(`n8n start did not answer ${url} within 120 s:\n${errors}`);
	}

	/** Deletes the user folder, unless THREECX_E2E_KEEP=1 keeps it with each command's output. */
	remove(): void {
		if (process.env.THREECX_E2E_KEEP !== '1') {
			rmSync(this.userFolder, { recursive: true, force: true });
		}
	}
}

export async function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

/** A TCP port that is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
