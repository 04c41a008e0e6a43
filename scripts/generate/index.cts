// Generates the node's operations from the 3CX XAPI OpenAPI documents of a folder.
// Usage: npm run generate -- <folder> [--check] [--root <project folder>]
// With --check nothing is written, and the command fails when a generated file differs from what
// the documents produce.
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
import { updateReadme } from './readme.cjs';
import { buildSimulatorModel, simulatorModelJson } from './simulatorModel.cjs';
import { loadDocuments } from './spec.cjs';

const PROJECT_ROOT = resolve(__dirname, '../..');

export interface GenerateOptions {
	/** Folder of the OpenAPI documents. */
	folder: string;
	/** Project folder that receives the files; this repository by default. */
	root?: string;
	check?: boolean;
	log?: (line: string) => void;
}

/** Generates (or, with `check`, compares) every generated file. Returns the process exit code. */
export async function generate(options: GenerateOptions): Promise<number> {
	const root = options.root ?? PROJECT_ROOT;
	const log = options.log ?? ((line: string) => console.log(line));
	const nodeDir = join(root, 'nodes', 'ThreeCx');
	if (!existsSync(options.folder)) {
		log(
			`The folder ${options.folder} does not exist. Pass the folder of the xapi-*.yaml documents.`,
		);
		return 2;
	}

	const documents = loadDocuments(options.folder);
	const model = buildModel(documents);
	const operationCount = model.resources.reduce(
		(sum, resource) => sum + resource.operations.length,
		0,
	);
	log(
		`Read ${documents.length} documents (${model.releases.join(', ')}): ${model.resources.length} resources, ${operationCount} operations.`,
	);

	const prettierOptions = (await resolveConfig(join(PROJECT_ROOT, 'package.json'))) ?? {};
	const wanted = new Map<string, string>();
	for (const [path, text] of nodeFiles(model, nodeDir)) {
		wanted.set(
			join(nodeDir, path),
			await format(text, { ...prettierOptions, parser: 'typescript' }),
		);
	}
	const header = generatedHeader(model.releases).replace(/\n/g, ' ').replace(/\/\/ /g, '').trim();
	wanted.set(
		join(root, 'simulator', 'generated', 'xapi-model.json'),
		simulatorModelJson(buildSimulatorModel(documents), header),
	);
	const readmePath = join(root, 'README.md');
	if (existsSync(readmePath)) {
		const readme = updateReadme(readFileSync(readmePath, 'utf8'), model);
		wanted.set(readmePath, await format(readme, { ...prettierOptions, parser: 'markdown' }));
	}

	const handWritten = [...wanted.keys()].filter(
		(path) =>
			path.endsWith('.ts') &&
			existsSync(path) &&
			!readFileSync(path, 'utf8').startsWith(GENERATED_MARKER),
	);
	if (handWritten.length > 0) {
		for (const path of handWritten) log(`not generated, so not replaced: ${relative(root, path)}`);
		log(
			'A hand-written operation file must export `operation: HandWrittenOperation` with its operationId, so that the generator leaves it alone.',
		);
		return 1;
	}

	const existing = existsSync(nodeDir) ? listGeneratedFiles(nodeDir) : [];
	const changed = [...wanted].filter(
		([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text,
	);
	const stale = existing.filter((path) => !wanted.has(path));

	if (options.check) {
		for (const [path] of changed) log(`differs: ${relative(root, path)}`);
		for (const path of stale) log(`not generated any more: ${relative(root, path)}`);
		if (changed.length + stale.length > 0) {
			log(
				`${changed.length + stale.length} generated ${changed.length + stale.length === 1 ? 'file is' : 'files are'} out of date. Run npm run generate -- ${options.folder} and commit the result.`,
			);
			return 1;
		}
		log(`All ${wanted.size} generated files are up to date.`);
		return 0;
	}

	for (const [path, text] of changed) {
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, text);
	}
	for (const path of stale) rmSync(path);
	log(
		`Wrote ${changed.length} files, removed ${stale.length}, ${wanted.size - changed.length} unchanged.`,
	);
	return 0;
}

/** Lists the `.ts` files under a folder that start with the generated marker. */
function listGeneratedFiles(folder: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(folder)) {
		const path = join(folder, entry);
		if (statSync(path).isDirectory()) found.push(...listGeneratedFiles(path));
		else if (path.endsWith('.ts') && readFileSync(path, 'utf8').startsWith(GENERATED_MARKER)) {
			found.push(path);
		}
	}
	return found;
}

if (require.main === module) {
	const { values, positionals } = parseArgs({
		options: {
			check: { type: 'boolean', default: false },
			root: { type: 'string' },
		},
		allowPositionals: true,
	});
	if (positionals[0] === undefined) {
		console.error(
			'Usage: npm run generate -- <folder of the xapi-*.yaml documents> [--check] [--root <project folder>]',
		);
		process.exit(2);
	}
	generate({
		folder: resolve(positionals[0]),
		root: values.root === undefined ? undefined : resolve(values.root),
		check: values.check,
	}).then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
