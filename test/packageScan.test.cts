// Checks the packed tarball the way n8n's scan of community packages judges one: no runtime
// dependencies, imports only of modules that n8n provides, and no use of the environment, the
// file system, timers or code evaluation in node code.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { PACKAGE_DIR } from '../scripts/lib/n8nEngine.cjs';

const run = promisify(execFile);

/** The modules that n8n's community-node rules let a package import; n8n provides them. */
const ALLOWED_MODULES = new Set([
	'n8n-workflow',
	'lodash',
	'moment',
	'p-limit',
	'luxon',
	'zod',
	'crypto',
	'node:crypto',
]);

/** Globals and calls that community node code must not use, with what each one would reach. */
const FORBIDDEN: Array<[RegExp, string]> = [
	[/\bprocess\./, 'the environment (process)'],
	[/\bglobalThis\b/, 'globalThis'],
	[/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'a timer'],
	[/\beval\s*\(/, 'eval'],
	[/\bnew Function\s*\(/, 'the Function constructor'],
	[/\b__dirname\b|\b__filename\b/, 'the file system (__dirname)'],
];

function filesUnder(folder: string): string[] {
	return readdirSync(folder).flatMap((entry) => {
		const path = join(folder, entry);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

/** Removes comments and the text of string literals, keeping the quotes, so patterns match code. */
function codeOnly(source: string): string {
	return source
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
		.replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``')
		.replace(/'(?:\\.|[^'\\\n])*'/g, "''")
		.replace(/"(?:\\.|[^"\\\n])*"/g, '""');
}

describe('the packed package', () => {
	let workDir: string;
	let packageDir: string;
	let scripts: string[];

	before(async () => {
		workDir = mkdtempSync(join(tmpdir(), 'n8n-3cx-scan-'));
		const packed = await run('npm', ['pack', '--pack-destination', workDir, '--silent'], {
			cwd: PACKAGE_DIR,
		});
		const tarball = join(workDir, packed.stdout.trim().split('\n').at(-1)!);
		await run('tar', ['-xzf', tarball, '-C', workDir]);
		packageDir = join(workDir, 'package');
		scripts = filesUnder(packageDir).filter((path) => path.endsWith('.js'));
	});

	after(() => {
		rmSync(workDir, { recursive: true, force: true });
	});

	it('has no runtime dependencies and n8n-workflow as its only peer', () => {
		const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
			dependencies?: object;
			peerDependencies?: object;
			n8n: { strict: boolean; nodes: string[]; credentials: string[] };
		};

		assert.equal(manifest.dependencies, undefined);
		assert.deepEqual(Object.keys(manifest.peerDependencies ?? {}), ['n8n-workflow']);
		assert.equal(manifest.n8n.strict, true);
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			assert.ok(scripts.includes(join(packageDir, file)), `${file} is packed`);
		}
	});

	it('imports only its own files and modules that n8n provides', () => {
		const imports = new Set<string>();
		for (const script of scripts) {
			for (const match of readFileSync(script, 'utf8').matchAll(
				/\brequire\(\s*["']([^"']+)["']\s*\)/g,
			)) {
				if (!match[1].startsWith('.')) imports.add(match[1]);
			}
		}

		assert.ok(scripts.length > 100, `${scripts.length} scripts`);
		assert.deepEqual(
			[...imports].filter((name) => !ALLOWED_MODULES.has(name)),
			[],
		);
	});

	it('uses no environment, file system, timers or evaluation', () => {
		const findings: string[] = [];
		for (const script of scripts) {
			const code = codeOnly(readFileSync(script, 'utf8'));
			for (const [pattern, what] of FORBIDDEN) {
				if (pattern.test(code)) findings.push(`${relative(packageDir, script)} uses ${what}`);
			}
		}

		assert.deepEqual(findings, []);
	});

	it('catches what it looks for', () => {
		const code = codeOnly(
			'const a = "process.env"; // setTimeout(x)\nconst wait = setTimeout(done, 5);',
		);

		assert.equal(FORBIDDEN.filter(([pattern]) => pattern.test(code)).length, 1);
	});

	it('carries distinct light and dark icons and a codex with an allowed category', () => {
		const folder = join(packageDir, 'dist', 'nodes', 'ThreeCx');
		const light = readFileSync(join(folder, 'threeCx.svg'), 'utf8');
		const dark = readFileSync(join(folder, 'threeCx.dark.svg'), 'utf8');
		const codex = JSON.parse(readFileSync(join(folder, 'ThreeCx.node.json'), 'utf8')) as {
			categories: string[];
			resources: { credentialDocumentation: Array<{ url: string }> };
		};

		assert.match(light, /^<svg/);
		assert.match(dark, /^<svg/);
		assert.notEqual(light, dark);
		assert.deepEqual(codex.categories, ['Communication']);
		assert.match(codex.resources.credentialDocumentation[0].url, /^https:\/\//);
	});
});
