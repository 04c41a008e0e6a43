// The real n8n CLI for the end-to-end test, installed once from e2e/runtime into a cache folder
// outside the repository and reused while its lockfile stays the same.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { PACKAGE_DIR } from './n8nEngine.cjs';

const RUNTIME_SOURCE = join(PACKAGE_DIR, 'e2e', 'runtime');

export interface N8nRuntime {
	/** Folder with the installed runtime's node_modules. */
	folder: string;
	/** The `n8n` executable. */
	n8nBin: string;
	/** Version of n8n, read from its package.json. */
	n8nVersion: string;
}

/**
 * Folder that holds the cached runtimes: `THREECX_E2E_CACHE`, else `~/.cache/n8n-nodes-3cx-xapi`.
 */
export function cacheFolder(): string {
	return resolve(process.env.THREECX_E2E_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-3cx-xapi'));
}

/**
 * Returns the runtime for the current lockfile, installing it with `npm ci` first when the cache
 * has none. A cold install takes about six minutes and 2.4 GB.
 */
export function ensureN8nRuntime(log: (line: string) => void = console.log): N8nRuntime {
	const lockfile = readFileSync(join(RUNTIME_SOURCE, 'package-lock.json'));
	const manifest = readFileSync(join(RUNTIME_SOURCE, 'package.json'));
	const digest = createHash('sha256').update(manifest).update(lockfile).digest('hex').slice(0, 12);
	const folder = join(cacheFolder(), `runtime-${digest}`);
	const stamp = join(folder, '.installed');

	if (!existsSync(stamp)) {
		log(`Installing n8n for the end-to-end test into ${folder} (once per lockfile)...`);
		rmSync(folder, { recursive: true, force: true });
		mkdirSync(folder, { recursive: true });
		copyFileSync(join(RUNTIME_SOURCE, 'package.json'), join(folder, 'package.json'));
		copyFileSync(join(RUNTIME_SOURCE, 'package-lock.json'), join(folder, 'package-lock.json'));
		execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: folder,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		writeFileSync(stamp, `${new Date().toISOString()}\n`);
	}

	const n8nPackage = JSON.parse(
		readFileSync(join(folder, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as { version: string };
	return {
		folder,
		n8nBin: join(folder, 'node_modules', '.bin', 'n8n'),
		n8nVersion: n8nPackage.version,
	};
}
