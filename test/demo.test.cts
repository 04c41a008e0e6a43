import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

import { audit } from '../scripts/lib/audit.cjs';
import { PACKAGE_DIR } from '../scripts/lib/n8nEngine.cjs';

const run = promisify(execFile);

describe('demo', () => {
	it('prints the updated integration', async () => {
		const { stdout } = await run(
			process.execPath,
			['--require', 'tsx/cjs', join(PACKAGE_DIR, 'scripts', 'demo.cts')],
			{ cwd: PACKAGE_DIR },
		);
		audit('output', stdout);

		assert.match(stdout, /PATCH \/xapi\/v1\/Microsoft365Integration -> 204/);
		const json = stdout.slice(stdout.indexOf('[\n'));
		const [integration] = JSON.parse(json.slice(0, json.lastIndexOf(']') + 1));
		assert.equal(integration.TenantId, 'fabrikam.onmicrosoft.com');
		assert.deepEqual(integration.AdUsers.SelectedUsers, [
			'megan.bowen@fabrikam.com',
			'nestor.wilke@fabrikam.com',
		]);
	});
});
