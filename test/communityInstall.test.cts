import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { PACKAGE_DIR } from '../scripts/lib/n8nEngine.cjs';

const run = promisify(execFile);
const PACKAGE_NAME = 'n8n-nodes-3cx-xapi';

describe('install as an n8n community package', () => {
	let workDir: string;
	let tarball: string;
	let packageDir: string;

	before(async () => {
		workDir = mkdtempSync(join(tmpdir(), 'n8n-3cx-install-'));
		const packed = await run('npm', ['pack', '--pack-destination', workDir, '--silent'], {
			cwd: PACKAGE_DIR,
		});
		tarball = join(workDir, packed.stdout.trim().split('\n').at(-1)!);

		// The steps of n8n's CommunityPackagesService: extract the tarball into
		// <user folder>/.n8n/nodes/node_modules/<name>, drop dev, peer and optional dependencies
		// from its package.json, then run npm install there.
		const nodesDir = join(workDir, 'user', '.n8n', 'nodes');
		packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
		mkdirSync(packageDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
		);
		await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const manifestPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			readFileSync(manifestPath, 'utf8'),
		);
		assert.ok(devDependencies && peerDependencies, 'the packed manifest lists both kinds');
		assert.equal(optionalDependencies, undefined);
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageDir },
		);
	});

	after(() => {
		rmSync(workDir, { recursive: true, force: true });
	});

	it('packs only the build output', async () => {
		const { stdout } = await run('tar', ['-tzf', tarball]);
		const files = stdout.trim().split('\n');

		assert.ok(files.includes('package/dist/nodes/ThreeCx/ThreeCx.node.js'));
		assert.ok(files.includes('package/dist/credentials/ThreeCxOAuth2Api.credentials.js'));
		assert.ok(files.includes('package/dist/nodes/ThreeCx/threeCx.svg'));
		const outside = files.filter(
			(file) =>
				!file.startsWith('package/dist/') &&
				!/^package\/(package\.json|README\.md|LICENSE)$/.test(file),
		);
		assert.deepEqual(outside, []);
		assert.ok(!files.some((file) => /\.(ts|cts)$/.test(file) && !file.endsWith('.d.ts')));
	});

	it('declares no runtime dependencies', () => {
		const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));

		assert.deepEqual(manifest.dependencies ?? {}, {});
		assert.deepEqual(Object.keys(manifest.peerDependencies), ['n8n-workflow']);
		assert.equal(existsSync(join(packageDir, 'node_modules', 'zod')), false);
	});

	it('finds zod only through the modules n8n provides', () => {
		assert.throws(
			() => require.resolve('zod', { paths: [packageDir] }),
			/Cannot find module 'zod'/,
		);
	});

	it('loads and runs from the community package folder', async () => {
		const { stdout } = await run(
			process.execPath,
			['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'runInstalledPackage.cts'), packageDir],
			{ cwd: PACKAGE_DIR, env: { ...process.env, NODE_PATH: '' } },
		);
		const outcome = JSON.parse(stdout);

		assert.equal(outcome.nodeTypeName, `${PACKAGE_NAME}.threeCx`);
		assert.equal(
			outcome.nodeLoadedFrom,
			join(packageDir, 'dist', 'nodes', 'ThreeCx', 'ThreeCx.node.js'),
		);
		assert.equal(outcome.zodPath, require.resolve('zod'));
		assert.equal(outcome.validError, null);
		assert.equal(outcome.validOutput[0].AdUsers.IsEnabled, false);
		assert.equal(
			outcome.invalidError,
			'Ad Users → IsEnabled: must be a boolean, not the string "no"',
		);
		assert.deepEqual(outcome.requests, [
			'POST /connect/token',
			'PATCH /xapi/v1/Microsoft365Integration',
			'GET /xapi/v1/Microsoft365Integration',
		]);
	});
});
