// Fills the README's generated sections: the resources with their operation counts, the
// operations of each 3CX release, and the known limitations with the number of operations each
// one concerns.
import type { ApiModel } from './model.cjs';

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
function replaceSection(text: string, name: string, content: string): string {
	const start = `<!-- generated:${name} -->`;
	const end = `<!-- /generated:${name} -->`;
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	if (from === -1 || to === -1) return text;
	return `${text.slice(0, from + start.length)}\n\n${content.trim()}\n\n${text.slice(to)}`;
}

export function updateReadme(text: string, model: ApiModel): string {
	const newest = model.releases[model.releases.length - 1];
	const operations = model.resources.flatMap((resource) => resource.operations);
	const inNewest = operations.filter((operation) => operation.releases.includes(newest));
	const olderOnly = operations.length - inNewest.length;

	const rows = model.resources.map((resource) => {
		const older = resource.operations.filter(
			(operation) => !operation.releases.includes(newest),
		).length;
		return `| ${resource.name} | ${resource.operations.length - older} | ${older === 0 ? '' : older} |`;
	});
	const table = [
		`${model.resources.length} resources with ${inNewest.length} operations of 3CX ${newest}, and ${olderOnly} more from older releases.`,
		'',
		`| Resource | Operations in ${newest} | Only in older releases |`,
		'| --- | --- | --- |',
		...rows,
	].join('\n');

	const count = (predicate: (operation: (typeof operations)[number]) => boolean) =>
		operations.filter(predicate).length;
	const limitations = [
		`- ${count((operation) => operation.response === 'file')} operations download a file (recordings, greetings, reports, exports). 3CX declares them as JSON, so the node reads the response's Content-Type: a file becomes binary data, JSON stays JSON.`,
		`- ${count((operation) => operation.bodyCollection !== undefined)} create and update operations leave empty text fields out of the request. They cannot set a text property to an empty value.`,
		`- ${count((operation) => operation.fields.some((field) => field.type === 'json' || field.options?.some((option) => 'type' in option && option.type === 'json')))} operations have JSON fields for nested objects and lists, checked against zod schemas of the 3CX components before sending.`,
		`- ${count((operation) => operation.bodyVaries)} operations take other body properties in older releases than in ${newest}. Their fields follow the newest document, and an older PBX rejects a property it does not know.`,
		`- ${olderOnly} operations exist only in older releases and carry "(Until …)" in their name where a newer form replaced them. A PBX of another release answers them with 404, and the error names the releases that have them.`,
	].join('\n');

	// Operations per release: which the PBX serves, and of those, how many the node offers.
	const releaseRows = model.releases.map((release) => {
		const available = count((operation) => operation.releases.includes(release));
		const added =
			release === model.releases[0]
				? ''
				: String(count((operation) => operation.releases[0] === release));
		return `| ${release} | ${available} | ${added} |`;
	});
	const releases = [
		'| 3CX release | Operations available (all offered by the node) | New in this release |',
		'| --- | --- | --- |',
		...releaseRows,
	].join('\n');

	return replaceSection(
		replaceSection(replaceSection(text, 'resources', table), 'limitations', limitations),
		'releases',
		releases,
	);
}
