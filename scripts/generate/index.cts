// Generates the node's operations from the 3CX XAPI OpenAPI documents of a folder.
// Usage: npm run generate [-- <folder>] [-- --check]
// The folder defaults to ../shared/xapi. With --check nothing is written, and the command fails
// when a committed generated file differs from what the documents produce.
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { format, resolveConfig } from 'prettier';

import { buildModel } from './model.cjs';
import { GENERATED_MARKER, generatedHeader, nodeFiles } from './nodeFiles.cjs';
import { buildSimulatorModel, simulatorModelJson } from './simulatorModel.cjs';
import { loadDocuments } from './spec.cjs';

const ROOT = resolve(__dirname, '../..');
const NODE_DIR = join(ROOT, 'nodes', 'ThreeCx');
const SIMULATOR_MODEL = join(ROOT, 'simulator', 'generated', 'xapi-model.json');

async function main(): Promise<number> {
	const { values, positionals } = parseArgs({
		options: { check: { type: 'boolean', default: false } },
		allowPositionals: true,
	});
	const folder = resolve(positionals[0] ?? join(ROOT, '..', 'shared', 'xapi'));
	if (!existsSync(folder)) {
		console.error(
			`The folder ${folder} does not exist. Pass the folder of the xapi-*.yaml documents.`,
		);
		return 2;
	}

	const documents = loadDocuments(folder);
	const model = buildModel(documents);
	const operationCount = model.resources.reduce(
		(sum, resource) => sum + resource.operations.length,
		0,
	);
	console.log(
		`Read ${documents.length} documents (${model.releases.join(', ')}): ${model.resources.length} resources, ${operationCount} operations.`,
	);

	const prettierOptions = (await resolveConfig(join(ROOT, 'package.json'))) ?? {};
	const wanted = new Map<string, string>();
	for (const [path, text] of nodeFiles(model, NODE_DIR)) {
		wanted.set(
			join(NODE_DIR, path),
			await format(text, { ...prettierOptions, parser: 'typescript' }),
		);
	}

	const header = generatedHeader(model.releases).replace(/\n/g, ' ').replace(/\/\/ /g, '').trim();
	wanted.set(SIMULATOR_MODEL, simulatorModelJson(buildSimulatorModel(documents), header));

	const existing = listGeneratedFiles(NODE_DIR);
	const handWritten = [...wanted.keys()].filter(
		(path) => existsSync(path) && !readFileSync(path, 'utf8').includes(GENERATED_MARKER.slice(3)),
	);
	if (handWritten.length > 0) {
		for (const path of handWritten)
			console.error(`not generated, so not replaced: ${relative(ROOT, path)}`);
		console.error(
			'A hand-written operation file must export `operation: HandWrittenOperation` with its operationId, so that the generator leaves it alone.',
		);
		return 1;
	}
	const changed = [...wanted].filter(
		([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text,
	);
	const stale = existing.filter((path) => !wanted.has(path));

	if (values.check) {
		for (const [path] of changed) console.error(`differs: ${relative(ROOT, path)}`);
		for (const path of stale) console.error(`not generated any more: ${relative(ROOT, path)}`);
		if (changed.length + stale.length > 0) {
			console.error(
				`${changed.length + stale.length} generated files are out of date. Run npm run generate -- ${relative(ROOT, folder)} and commit the result.`,
			);
			return 1;
		}
		console.log(`All ${wanted.size} generated files are up to date.`);
		return 0;
	}

	for (const [path, text] of changed) {
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, text);
	}
	for (const path of stale) rmSync(path);
	console.log(
		`Wrote ${changed.length} files, removed ${stale.length}, ${wanted.size - changed.length} unchanged.`,
	);
	return 0;
}

/** Lists the files under a folder that start with the generated marker. */
function listGeneratedFiles(folder: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(folder)) {
		const path = join(folder, entry);
		if (statSync(path).isDirectory()) found.push(...listGeneratedFiles(path));
		else if (path.endsWith('.ts') && readFileSync(path, 'utf8').startsWith(GENERATED_MARKER))
			found.push(path);
	}
	return found;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	},
);
