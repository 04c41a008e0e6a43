// `npm run bench`: what the 3CX node costs next to n8n's HTTP Request node doing the same work,
// both run by the real n8n CLI against the simulator in this process. Prints a table of ratios
// with the raw numbers and writes it to bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import type { INodeTypeDescription, IRunData } from 'n8n-workflow';
import { PackageDirectoryLoader } from 'n8n-core';

import { PACKAGE_DIR } from '../scripts/lib/n8nEngine.cjs';
import { RealN8n } from '../scripts/lib/realN8n.cjs';
import { DEMO_CLIENT, startSimulator } from '../simulator/server.cjs';
import type { Simulator } from '../simulator/server.cjs';
import {
	benchCredentials,
	benchWorkflows,
	HTTP_CLIENT,
	IDS,
	ITEMS,
	MEASURED,
} from './workflows.cjs';

const REPEATS = 5;
const USERS = 20_000;
const TOKEN_LIFETIME_SECONDS = 60;
/** Latency of each XAPI request in case 3, so that one run of case 1 spans about 2.5 token lifetimes. */
const SPREAD_LATENCY_MS = 150;
const COLD_LOADS = 7;

interface Sample {
	ms: number;
	peakRss: number;
	peakHeap: number;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ratio = (ours: number, theirs: number) => (ours / theirs).toFixed(2);

/** Milliseconds that n8n spent in the given nodes, from the run data. */
function nodeTime(runData: IRunData, nodes: string[]): number {
	let total = 0;
	for (const name of nodes) {
		const runs = runData[name];
		if (!runs || runs[0].executionStatus !== 'success') {
			throw new Error(`${name} did not succeed: ${JSON.stringify(runs?.[0]?.error ?? 'not run')}`);
		}
		total += runs.reduce((sum, run) => sum + run.executionTime, 0);
	}
	return total;
}

function outputCount(runData: IRunData, name: string): number {
	return runData[name]?.[0]?.data?.main[0]?.length ?? 0;
}

async function measure(
	n8n: RealN8n,
	workflowId: string,
	nodes: string[],
	expectedItems?: number,
): Promise<Sample> {
	const memoryFile = join(n8n.userFolder, 'memory.json');
	rmSync(memoryFile, { force: true });
	const { status, runData } = await n8n.execute(workflowId, {
		THREECX_BENCH_MEMORY_FILE: memoryFile,
	});
	if (status !== 0) {
		const failed = Object.entries(runData).find(([, runs]) => runs[0]?.error);
		throw new Error(
			`n8n execute ${workflowId} exited with ${status}: ${failed ? `${failed[0]}: ${failed[1][0].error?.message}` : 'no node failed'}`,
		);
	}
	const last = nodes[nodes.length - 1];
	if (expectedItems !== undefined && outputCount(runData, last) !== expectedItems) {
		throw new Error(`${last} output ${outputCount(runData, last)} items, not ${expectedItems}`);
	}
	const memory = existsSync(memoryFile)
		? (JSON.parse(readFileSync(memoryFile, 'utf8')) as { peakRss: number; peakHeap: number })
		: { peakRss: NaN, peakHeap: NaN };
	return { ms: nodeTime(runData, nodes), ...memory };
}

/** Runs both workflows `REPEATS` times, alternating which goes first. */
async function compare(
	n8n: RealN8n,
	ours: string,
	theirs: string,
	nodes: { threeCx: string[]; http: string[] },
	expectedItems?: number,
): Promise<{ ours: Sample[]; theirs: Sample[] }> {
	const result = { ours: [] as Sample[], theirs: [] as Sample[] };
	for (let repeat = 0; repeat < REPEATS; repeat++) {
		const order: Array<'ours' | 'theirs'> = repeat % 2 ? ['theirs', 'ours'] : ['ours', 'theirs'];
		for (const side of order) {
			const sample =
				side === 'ours'
					? await measure(n8n, ours, nodes.threeCx, expectedItems)
					: await measure(n8n, theirs, nodes.http, expectedItems);
			result[side].push(sample);
			process.stdout.write('.');
		}
	}
	return result;
}

/** Runs one update workflow with slow XAPI answers and counts the token requests it causes. */
async function tokenFetches(
	n8n: RealN8n,
	simulator: Simulator,
	workflowId: string,
	nodes: string[],
): Promise<{ fetches: number; seconds: number; error?: string }> {
	simulator.reset();
	// A token from an earlier run would still be valid; start the run with none.
	simulator.tokens.expireAll();
	const started = Date.now();
	let error: string | undefined;
	try {
		await measure(n8n, workflowId, nodes);
	} catch (failure) {
		error = (failure as Error).message;
	}
	const seconds = (Date.now() - started) / 1000;
	return { fetches: simulator.tokenRequests().length, seconds, error };
}

/** Bytes of the node type descriptions that n8n sends to the editor. */
async function descriptionSizes(n8n: RealN8n) {
	const loader = new PackageDirectoryLoader(PACKAGE_DIR);
	await loader.loadAll();
	const ours = Object.values(loader.nodeTypes)[0].type.description as INodeTypeDescription;
	const operationsOf = (properties: Array<{ name: string; options?: unknown[] }>) =>
		properties
			.filter((property) => property.name === 'operation')
			.reduce((sum, property) => sum + (property.options?.length ?? 0), 0);
	const ourBytes = JSON.stringify(ours).length;
	const ourOperations = operationsOf(ours.properties as never);

	const baseTypes = JSON.parse(
		readFileSync(
			join(n8n.runtime.folder, 'node_modules', 'n8n-nodes-base', 'dist', 'types', 'nodes.json'),
			'utf8',
		),
	) as Array<{ name: string; properties: Array<{ name: string; options?: unknown[] }> }>;
	const large = baseTypes
		.map((type) => ({
			name: type.name,
			bytes: JSON.stringify(type).length,
			operations: operationsOf(type.properties),
		}))
		.filter((type) => type.operations >= 20);
	return {
		ourBytes,
		ourOperations,
		baseCount: large.length,
		baseBytes: median(large.map((type) => type.bytes)),
		basePerOperation: median(large.map((type) => type.bytes / type.operations)),
	};
}

/** Milliseconds to load node and credential types in a fresh process, after n8n-workflow. */
function coldLoad(workflowModule: string, files: string[]): number[] {
	const script = `
		require(${JSON.stringify(workflowModule)});
		const started = process.hrtime.bigint();
		for (const file of ${JSON.stringify(files)}) {
			for (const Type of Object.values(require(file))) {
				if (/^class\b/.test(Function.prototype.toString.call(Type))) new Type();
			}
		}
		console.log(Number(process.hrtime.bigint() - started) / 1e6);`;
	return Array.from({ length: COLD_LOADS }, () =>
		Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()),
	);
}

async function main(): Promise<void> {
	const log = (line: string) => console.log(line);
	const n8n = await RealN8n.create(log, {
		NODE_OPTIONS: `--require ${join(__dirname, 'memoryProbe.cjs')}`,
	});
	const simulator = await startSimulator({ clients: [DEMO_CLIENT, HTTP_CLIENT] });
	try {
		const httpToken = simulator.tokens.issue(HTTP_CLIENT.clientId).accessToken;
		await n8n.import(
			benchCredentials(simulator.url, DEMO_CLIENT, httpToken),
			benchWorkflows(simulator.url),
		);

		console.log(`Case 1: Update Microsoft 365 Integration over ${ITEMS} items`);
		const update = await compare(n8n, IDS.updateThreeCx, IDS.updateHttp, MEASURED.update, ITEMS);

		console.log(`\nCase 2: Get Many with Return All over ${USERS} users`);
		simulator.state.seed('Users', USERS - simulator.state.list('Users').length);
		const list = await compare(n8n, IDS.listThreeCx, IDS.listHttp, MEASURED.list, USERS);

		console.log(`\nCase 3: token fetches with ${TOKEN_LIFETIME_SECONDS}-second tokens`);
		simulator.setLatency(SPREAD_LATENCY_MS);
		simulator.tokens.lifetimeSeconds = TOKEN_LIFETIME_SECONDS;
		const ourTokens = await tokenFetches(
			n8n,
			simulator,
			IDS.updateThreeCx,
			MEASURED.update.threeCx,
		);
		const theirTokens = await tokenFetches(n8n, simulator, IDS.updateHttp, MEASURED.update.http);
		simulator.setLatency(0);

		console.log('\nCase 4 and 5: description size and cold load');
		const sizes = await descriptionSizes(n8n);
		const ourLoad = coldLoad(require.resolve('n8n-workflow'), [
			join(PACKAGE_DIR, 'dist', 'nodes', 'ThreeCx', 'ThreeCx.node.js'),
			join(PACKAGE_DIR, 'dist', 'credentials', 'ThreeCxOAuth2Api.credentials.js'),
		]);
		const base = join(n8n.runtime.folder, 'node_modules', 'n8n-nodes-base', 'dist');
		const theirLoad = coldLoad(join(n8n.runtime.folder, 'node_modules', 'n8n-workflow'), [
			join(base, 'nodes', 'HttpRequest', 'HttpRequest.node.js'),
			join(base, 'credentials', 'OAuth2Api.credentials.js'),
		]);

		const perItem = (samples: Sample[]) => median(samples.map((sample) => sample.ms)) / ITEMS;
		const total = (samples: Sample[]) => median(samples.map((sample) => sample.ms));
		const rss = (samples: Sample[]) => median(samples.map((sample) => sample.peakRss));
		const heap = (samples: Sample[]) => median(samples.map((sample) => sample.peakHeap));
		const lifetimes = (run: { seconds: number }) => Math.ceil(run.seconds / TOKEN_LIFETIME_SECONDS);
		const tokenText = (run: { fetches: number; seconds: number; error?: string }) =>
			`${run.fetches} in ${run.seconds.toFixed(0)} s (${lifetimes(run)} ${lifetimes(run) === 1 ? 'lifetime' : 'lifetimes'})${run.error ? ', then the run failed' : ''}`;

		const rows = [
			['Case', 'Measure', '3CX node', 'HTTP Request node', 'Ratio', 'Goal'],
			[
				'1',
				'time per item (median)',
				`${perItem(update.ours).toFixed(2)} ms`,
				`${perItem(update.theirs).toFixed(2)} ms`,
				ratio(perItem(update.ours), perItem(update.theirs)),
				'≤ 1.10',
			],
			[
				'2',
				'total time (median)',
				`${total(list.ours).toFixed(0)} ms`,
				`${total(list.theirs).toFixed(0)} ms`,
				ratio(total(list.ours), total(list.theirs)),
				'≤ 1.10',
			],
			[
				'2',
				'peak RSS of n8n execute',
				mb(rss(list.ours)),
				mb(rss(list.theirs)),
				ratio(rss(list.ours), rss(list.theirs)),
				'≤ 1.2',
			],
			[
				'2',
				'peak heap of n8n execute',
				mb(heap(list.ours)),
				mb(heap(list.theirs)),
				ratio(heap(list.ours), heap(list.theirs)),
				'≤ 1.2',
			],
			[
				'3',
				`token fetches in one run of case 1 (${TOKEN_LIFETIME_SECONDS} s tokens)`,
				tokenText(ourTokens),
				tokenText(theirTokens),
				ourTokens.error || theirTokens.error ? '—' : ratio(ourTokens.fetches, theirTokens.fetches),
				'1 per lifetime',
			],
			[
				'4',
				'description bytes per operation',
				`${(sizes.ourBytes / sizes.ourOperations).toFixed(0)} B (${(sizes.ourBytes / 1024).toFixed(0)} KB, ${sizes.ourOperations} operations)`,
				`${sizes.basePerOperation.toFixed(0)} B (median of ${sizes.baseCount} n8n nodes with 20+ operations; ${(sizes.baseBytes / 1024).toFixed(0)} KB each)`,
				ratio(sizes.ourBytes / sizes.ourOperations, sizes.basePerOperation),
				'≤ 1.2 KB per operation',
			],
			[
				'5',
				'cold load of node and credential (median)',
				`${median(ourLoad).toFixed(0)} ms`,
				`${median(theirLoad).toFixed(0)} ms`,
				ratio(median(ourLoad), median(theirLoad)),
				'< 300 ms',
			],
		];

		const raw = [
			`- Case 1, ms per run of ${ITEMS} items: 3CX ${update.ours.map((s) => s.ms).join(', ')}; HTTP Request ${update.theirs.map((s) => s.ms).join(', ')}`,
			`- Case 2, ms per run: 3CX ${list.ours.map((s) => s.ms).join(', ')}; HTTP Request + Split Out ${list.theirs.map((s) => s.ms).join(', ')}`,
			`- Case 2, peak RSS MB: 3CX ${list.ours.map((s) => (s.peakRss / 1048576).toFixed(0)).join(', ')}; HTTP Request ${list.theirs.map((s) => (s.peakRss / 1048576).toFixed(0)).join(', ')}`,
			`- Case 2, peak heap MB: 3CX ${list.ours.map((s) => (s.peakHeap / 1048576).toFixed(0)).join(', ')}; HTTP Request ${list.theirs.map((s) => (s.peakHeap / 1048576).toFixed(0)).join(', ')}`,
			`- Case 3: 3CX ${ourTokens.error ?? 'succeeded'}; HTTP Request ${theirTokens.error ?? 'succeeded'}`,
			`- Case 5, ms: 3CX ${ourLoad.map((ms) => ms.toFixed(0)).join(', ')}; HTTP Request ${theirLoad.map((ms) => ms.toFixed(0)).join(', ')}`,
		];

		const table = [
			`| ${rows[0].join(' | ')} |`,
			`| ${rows[0].map(() => '---').join(' | ')} |`,
			...rows.slice(1).map((row) => `| ${row.join(' | ')} |`),
		].join('\n');
		const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB; Node.js ${process.version}; n8n ${n8n.runtime.n8nVersion}`;
		const report = [
			'# Benchmark results',
			'',
			`Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
			'',
			`Both nodes run in the real n8n CLI (\`n8n execute\`) against the simulator on 127.0.0.1. Times are n8n's own execution time of the measured nodes, medians of ${REPEATS} runs that alternate which node goes first. Memory is the peak of the whole \`n8n execute\` process, n8n included. The HTTP Request node uses a generic OAuth2 credential with the client-credentials grant; for case 2 it pages with \`$top\`/\`$skip\` and a Split Out node turns the pages into one item per user, so both sides output the same items.`,
			'',
			table,
			'',
			`In case 3, each XAPI request takes ${SPREAD_LATENCY_MS} ms, so that one run outlasts the token lifetime. The 3CX node renews its token shortly before it runs out and fetches one at a time. When the HTTP Request node's token runs out, the items it has in flight each get a 401 and each fetch a new token, which revokes the others' on 3CX: the run ends in "Authorization failed". Cases 1 and 2 give each node its own API client and a valid token at the start, so that neither revokes the other's; without a stored token the HTTP Request node fails the same way on its first items.`,
			'',
			'Raw numbers:',
			'',
			...raw,
			'',
		].join('\n');
		writeFileSync(join(PACKAGE_DIR, 'bench', 'RESULTS.md'), report);
		console.log(`\n\n${table}\n\n${raw.join('\n')}\n\nWritten to bench/RESULTS.md`);
	} finally {
		await simulator.close();
		n8n.remove();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
