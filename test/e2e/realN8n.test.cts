import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { IRunData } from 'n8n-workflow';
import { chromium, selectors } from 'playwright-core';

import { PACKAGE_DIR } from '../../scripts/lib/n8nEngine.cjs';
import { RealN8n, stopProcess } from '../../scripts/lib/realN8n.cjs';
import { DEMO_CLIENT, startSimulator } from '../../simulator/server.cjs';
import type { Simulator } from '../../simulator/server.cjs';
import {
	CREDENTIAL_ID,
	e2eWorkflows,
	PICK_USER_NODE_ID,
	UPDATE_NODE_ID,
	WORKFLOW_IDS,
} from './workflows.cjs';

const OUTPUT_DIR = join(PACKAGE_DIR, 'test-output', 'e2e');
const SCREENSHOT = join(OUTPUT_DIR, 'update-microsoft-365-integration.png');
/** The screenshot that the README shows; the test refreshes it when THREECX_UPDATE_SCREENSHOT=1. */
const README_SCREENSHOT = join(PACKAGE_DIR, 'docs', 'update-microsoft-365-integration.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const USERS_SEEDED = 250;

let n8n: RealN8n;
let simulator: Simulator;

/** JSON of a node's output items, by output index. */
function items(runData: IRunData, node: string, output = 0) {
	const runs = runData[node];
	assert.ok(runs, `${node} ran`);
	return runs[0].data?.main[output] ?? [];
}

describe('the package in the real n8n', { timeout: 20 * 60_000 }, () => {
	before(async () => {
		mkdirSync(OUTPUT_DIR, { recursive: true });
		n8n = await RealN8n.create((line) => console.log(`# ${line}`));
		simulator = await startSimulator();
		simulator.state.seed('Users', USERS_SEEDED);
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
		await n8n.import(credentials, e2eWorkflows());
	});

	after(async () => {
		await simulator?.close();
		n8n?.remove();
	});

	it('updates the Microsoft 365 integration', async () => {
		simulator.reset();
		simulator.state.seed('Users', USERS_SEEDED);

		const { status, runData } = await n8n.execute(WORKFLOW_IDS.update);

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

		const { status, runData } = await n8n.execute(WORKFLOW_IDS.getManyUsers);

		assert.equal(status, 0);
		const users = items(runData, 'Get many users');
		assert.equal(users.length, expected);
		assert.equal(new Set(users.map((user) => user.json.Id)).size, expected);
		const pages = simulator.xapiRequests().filter((request) => request.path === '/xapi/v1/Users');
		assert.equal(pages.length, Math.ceil(expected / 100));
	});

	it('outputs a download as binary data', async () => {
		simulator.reset();

		const { status, runData } = await n8n.execute(WORKFLOW_IDS.download);

		assert.equal(status, 0);
		const [item] = items(runData, 'Export extensions');
		assert.equal(item.binary?.data.mimeType, 'text/csv');
		assert.equal(item.binary?.data.fileName, 'ExportExtensions.csv');
	});

	it('sends a failed item to the error output', async () => {
		simulator.reset();

		const { status, runData } = await n8n.execute(WORKFLOW_IDS.errorOutput);

		assert.equal(status, 0, 'the error output handles the failure');
		assert.deepEqual(items(runData, 'Get user', 0), []);
		const [failed] = items(runData, 'Get user', 1);
		assert.match(String(failed.json.error), /^3CX found nothing for Users → Get \(HTTP 404\)/);
		assert.equal(items(runData, 'Handle the failure').length, 1);
	});

	it('shows the node, its parameters and its picker in the editor', async () => {
		simulator.reset();
		const port = n8n.environment.N8N_PORT!;
		const editor = await n8n.startEditor();
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

			// The User picker lists the users that the editor reads through the node's list search.
			await page.goto(`${base}/workflow/${WORKFLOW_IDS.pickUser}/${PICK_USER_NODE_ID}`);
			await panel.waitFor({ timeout: 60_000 });
			await panel.getByTestId('rlc-input').click();
			const entries = page.getByTestId('rlc-item');
			await entries.first().waitFor({ timeout: 60_000 });
			const [first] = simulator.state.list('Users');
			assert.equal(
				(await entries.first().innerText()).trim(),
				`${String(first.Number)} ${String(first.FirstName)} ${String(first.LastName)}`,
			);
			const search = simulator
				.xapiRequests()
				.find((request) => request.path === '/xapi/v1/Users' && request.query.$select);
			assert.equal(search?.query.$orderby, 'Number');
			await page.screenshot({ path: join(OUTPUT_DIR, 'user-picker.png') });
		} finally {
			await browser.close();
			await stopProcess(editor);
		}
	});
});

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
