// Runs the packed package in the real n8n CLI, installed the way n8n installs community packages,
// against the simulator: workflows with `n8n execute`, and the editor in headless Chromium.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
	closeSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium, selectors } from 'playwright-core';

import { PACKAGE_DIR } from '../../scripts/lib/n8nEngine.cjs';
import { ensureN8nRuntime } from '../../scripts/lib/n8nRuntime.cjs';
import type { N8nRuntime } from '../../scripts/lib/n8nRuntime.cjs';
import { DEMO_CLIENT, startSimulator } from '../../simulator/server.cjs';
import type { Simulator } from '../../simulator/server.cjs';
import { e2eWorkflows, CREDENTIAL_ID, WORKFLOW_IDS, UPDATE_NODE_ID } from './workflows.cjs';

const OUTPUT_DIR = join(PACKAGE_DIR, 'test-output', 'e2e');
const SCREENSHOT = join(OUTPUT_DIR, 'update-microsoft-365-integration.png');
/** The screenshot that the README shows; the test refreshes it when THREECX_UPDATE_SCREENSHOT=1. */
const README_SCREENSHOT = join(PACKAGE_DIR, 'docs', 'update-microsoft-365-integration.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const USERS_SEEDED = 250;

interface RunData {
	[node: string]: Array<{
		executionStatus?: string;
		data?: {
			main: Array<Array<{
				json: Record<string, unknown>;
				binary?: Record<string, Record<string, unknown>>;
			}> | null>;
		};
	}>;
}

let runtime: N8nRuntime;
let simulator: Simulator;
let userFolder: string;
let environment: NodeJS.ProcessEnv;

let commandCount = 0;

/**
 * Runs an n8n CLI command in the test's user folder and returns its exit status and output. The
 * output goes to a file: n8n exits right after printing, before a pipe would be drained. It runs
 * asynchronously, because the simulator answers from this process.
 */
async function n8n(args: string[]): Promise<{ status: number; stdout: string }> {
	const outputFile = join(userFolder, `command-${++commandCount}.log`);
	const output = openSync(outputFile, 'a');
	try {
		const child = spawn(runtime.n8nBin, args, {
			cwd: userFolder,
			env: environment,
			stdio: ['ignore', output, output],
		});
		const status = await new Promise<number>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (code) => resolve(code ?? 1));
		});
		return { status, stdout: readFileSync(outputFile, 'utf8') };
	} finally {
		closeSync(output);
	}
}

/** Executes an imported workflow and returns its run data, read from `--rawOutput`. */
async function execute(workflowId: string): Promise<{ status: number; runData: RunData }> {
	const { status, stdout } = await n8n(['execute', `--id=${workflowId}`, '--rawOutput']);
	// n8n prints log lines before the JSON of the run, which starts on a line of its own.
	const start = stdout.search(/^\{$/m);
	assert.ok(start >= 0, `n8n printed no run data:\n${stdout.slice(0, 2000)}`);
	const run = JSON.parse(stdout.slice(start)) as { data: { resultData: { runData: RunData } } };
	return { status, runData: run.data.resultData.runData };
}

/** Items of a node's output, by output index. */
function items(runData: RunData, node: string, output = 0) {
	const runs = runData[node];
	assert.ok(runs, `${node} ran`);
	return runs[0].data?.main[output] ?? [];
}

describe('the package in the real n8n', { timeout: 20 * 60_000 }, () => {
	before(async () => {
		runtime = ensureN8nRuntime((line) => console.log(`# ${line}`));
		mkdirSync(OUTPUT_DIR, { recursive: true });
		userFolder = mkdtempSync(join(tmpdir(), 'n8n-3cx-e2e-'));

		// Installed the way n8n installs a community package: the packed tarball in
		// <user folder>/.n8n/nodes/node_modules, without peer dependencies.
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
			{
				cwd: nodesDir,
				stdio: ['ignore', 'ignore', 'inherit'],
			},
		);

		simulator = await startSimulator();
		simulator.state.seed('Users', USERS_SEEDED);

		// Node's test runner marks its child processes with NODE_TEST_CONTEXT, and a Node.js
		// process that inherits it reports to the runner instead of printing; n8n must not.
		const { NODE_TEST_CONTEXT: _runnerContext, ...inherited } = process.env;
		environment = {
			...inherited,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
			// The in-process engine of the other tests sets warn, at which `n8n execute` prints no run.
			N8N_LOG_LEVEL: 'info',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_PORT: String(await freePort()),
			DB_SQLITE_POOL_SIZE: '1',
		};

		const credentials = [
			{
				id: CREDENTIAL_ID,
				name: '3CX simulator',
				type: 'threeCxOAuth2Api',
				data: {
					url: simulator.url,
					clientId: DEMO_CLIENT.clientId,
					apiKey: DEMO_CLIENT.apiKey,
					ignoreSslIssues: false,
				},
			},
		];
		writeFileSync(join(userFolder, 'credentials.json'), JSON.stringify(credentials));
		writeFileSync(join(userFolder, 'workflows.json'), JSON.stringify(e2eWorkflows()));
		assert.equal((await n8n(['import:credentials', '--input=credentials.json'])).status, 0);
		assert.equal((await n8n(['import:workflow', '--input=workflows.json'])).status, 0);
	});

	after(async () => {
		await simulator?.close();
		// THREECX_E2E_KEEP=1 keeps the user folder, with the output of each n8n command, to look into.
		if (userFolder && process.env.THREECX_E2E_KEEP !== '1')
			rmSync(userFolder, { recursive: true, force: true });
	});

	it('updates the Microsoft 365 integration', async () => {
		simulator.reset();
		simulator.state.seed('Users', USERS_SEEDED);

		const { status, runData } = await execute(WORKFLOW_IDS.update);

		assert.equal(status, 0);
		const [item] = items(runData, 'Update Microsoft 365 integration');
		assert.equal(item.json.TenantId, 'fabrikam.onmicrosoft.com');
		const patch = simulator.xapiRequests().find((request) => request.method === 'PATCH');
		assert.deepEqual(Object.keys(patch?.body as object).sort(), ['AdUsers', 'TenantId']);
	});

	it('reads every user with Return All', async () => {
		simulator.reset();
		simulator.state.seed('Users', USERS_SEEDED);
		const expected = simulator.state.list('Users').length;

		const { status, runData } = await execute(WORKFLOW_IDS.getManyUsers);

		assert.equal(status, 0);
		const users = items(runData, 'Get many users');
		assert.equal(users.length, expected);
		assert.equal(new Set(users.map((user) => user.json.Id)).size, expected);
		const pages = simulator.xapiRequests().filter((request) => request.path === '/xapi/v1/Users');
		assert.equal(pages.length, Math.ceil(expected / 100));
	});

	it('outputs a download as binary data', async () => {
		simulator.reset();

		const { status, runData } = await execute(WORKFLOW_IDS.download);

		assert.equal(status, 0);
		const [item] = items(runData, 'Export extensions');
		assert.equal(item.binary?.data.mimeType, 'text/csv');
		assert.equal(item.binary?.data.fileName, 'ExportExtensions.csv');
	});

	it('sends a failed item to the error output', async () => {
		simulator.reset();

		const { status, runData } = await execute(WORKFLOW_IDS.errorOutput);

		assert.equal(status, 0, 'the error output handles the failure');
		assert.deepEqual(items(runData, 'Get user', 0), []);
		const [failed] = items(runData, 'Get user', 1);
		assert.match(String(failed.json.error), /^3CX found nothing for Users → Get \(HTTP 404\)/);
		assert.equal(items(runData, 'Handle the failure').length, 1);
	});

	it('shows the node and its parameters in the editor', async () => {
		simulator.reset();
		const port = environment.N8N_PORT!;
		const editor = await startEditor();
		selectors.setTestIdAttribute('data-test-id');
		const browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox'],
		});
		try {
			const cookie = await setUpOwner(port);
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			// The editor may only reach n8n; every other address is refused.
			await context.route('**/*', (route) =>
				new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
			);
			await context.addCookies([
				{ name: 'n8n-auth', value: cookie, domain: '127.0.0.1', path: '/' },
			]);
			const page = await context.newPage();
			const base = `http://127.0.0.1:${port}`;

			await page.goto(`${base}/workflow/${WORKFLOW_IDS.update}`);
			await page.getByTestId('node-creator-plus-button').click({ timeout: 60_000 });
			await page.keyboard.type('3CX');
			const found = page.getByTestId('node-creator-item-name').filter({ hasText: /^3CX$/ });
			await found.first().waitFor({ timeout: 15_000 });
			assert.equal(await found.count(), 1, 'the node panel lists the 3CX node');

			await page.goto(`${base}/workflow/${WORKFLOW_IDS.update}/${UPDATE_NODE_ID}`);
			const panel = page.getByTestId('ndv');
			await panel.waitFor({ timeout: 60_000 });
			await page.getByTestId('node-execute-button').first().click();
			await page.getByText('fabrikam.onmicrosoft.com').last().waitFor({ timeout: 60_000 });
			const text = await panel.innerText();
			for (const label of ['Resource', 'Operation', 'Update Fields', 'Ad Users', 'Tenant ID']) {
				assert.ok(text.includes(label), `the parameters show "${label}"`);
			}
			const values = await panel
				.locator('input')
				.evaluateAll((inputs) =>
					inputs.map((input) => (input as unknown as { value: string }).value),
				);
			assert.ok(values.includes('Microsoft 365 Integration'), 'the resource is picked');
			assert.ok(values.includes('Update'), 'the operation is picked');
			await page.screenshot({ path: SCREENSHOT });
			assert.ok(existsSync(SCREENSHOT));
			if (process.env.THREECX_UPDATE_SCREENSHOT === '1')
				copyFileSync(SCREENSHOT, README_SCREENSHOT);
		} finally {
			await browser.close();
			await stopEditor(editor);
		}
	});
});

/** Starts `n8n start` and waits until its health check answers. */
async function startEditor(): Promise<ChildProcess> {
	const editor = spawn(runtime.n8nBin, ['start'], {
		cwd: userFolder,
		env: environment,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let errors = '';
	editor.stderr!.on('data', (chunk: Buffer) => {
		errors = (errors + chunk.toString()).slice(-4000);
	});
	// The REST API answers later than the health check, so wait for the settings it serves.
	const url = `http://127.0.0.1:${environment.N8N_PORT}/rest/settings`;
	for (let waited = 0; waited < 120_000; waited += 500) {
		if (editor.exitCode !== null)
			throw new Error(`n8n start exited with ${editor.exitCode}:\n${errors}`);
		const healthy = await fetch(url).then(
			(response) => response.ok,
			() => false,
		);
		if (healthy) return editor;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	editor.kill();
	throw new Error(`n8n start did not answer ${url} within 120 s:\n${errors}`);
}

async function stopEditor(editor: ChildProcess): Promise<void> {
	if (editor.exitCode !== null) return;
	const exited = new Promise((resolve) => editor.once('exit', resolve));
	editor.kill('SIGTERM');
	await exited;
}

/** Creates the instance owner through n8n's REST API and returns the session cookie. */
async function setUpOwner(port: string): Promise<string> {
	const response = await fetch(`http://127.0.0.1:${port}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			email: 'owner@example.com',
			firstName: 'Test',
			lastName: 'Owner',
			password: 'E2e-owner-password-1',
		}),
	});
	assert.equal(response.status, 200, await response.clone().text());
	const cookie = /n8n-auth=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
	assert.ok(cookie, 'the owner setup returns a session cookie');
	return cookie;
}

/** A TCP port that is free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
	const { createServer } = await import('node:net');
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
