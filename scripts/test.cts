// Runs the test suite, then the audit that checks that no secret the suite used appears in any
// output item, error or log line it produced. Run with `npm test`, which builds the node first.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const auditDir = join(root, 'test-output', 'audit');
rmSync(auditDir, { recursive: true, force: true });

function runTests(folder: string): number {
	const files = readdirSync(join(root, folder))
		.filter((file) => file.endsWith('.test.cts'))
		.sort()
		.map((file) => join(folder, file));
	const result = spawnSync(
		process.execPath,
		['--require', 'tsx/cjs', '--test', ...process.argv.slice(2), ...files],
		{ cwd: root, stdio: 'inherit', env: { ...process.env, THREECX_AUDIT_DIR: auditDir } },
	);
	return result.status ?? 1;
}

const suite = runTests('test');
// The audit reads what the whole suite recorded, so it runs after it, and also after a failure.
const secrets = runTests(join('test', 'audit'));
process.exit(suite !== 0 ? suite : secrets);
