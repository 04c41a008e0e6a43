// Finds the XAPI operation that a request addresses and reads its key and function parameters,
// using the operations of one 3CX release from the generated model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ModelOperation, SimulatorModel } from '../scripts/generate/simulatorModel.cjs';
import type { Segment } from './odataUrl.cjs';
import { readLiteral, splitArguments, splitSegments, UrlRejection } from './odataUrl.cjs';

let cachedModel: SimulatorModel | undefined;

/** Loads the model that `npm run generate` writes from the 3CX documents. */
export function loadModel(): SimulatorModel {
	cachedModel ??= JSON.parse(
		readFileSync(join(__dirname, 'generated', 'xapi-model.json'), 'utf8'),
	) as SimulatorModel;
	return cachedModel;
}

interface TemplateSegment {
	name: string;
	/** undefined: no parentheses; 'empty': `()`; 'key': `({Id})`; 'named': `(a={a},…)`. */
	arguments?: 'empty' | 'key' | 'named';
	key?: string;
	names?: Map<string, string>;
}

interface Route {
	operation: ModelOperation;
	segments: TemplateSegment[];
}

/** A request matched to an operation, with its parameters read from the URL. */
export interface RouteMatch {
	operation: ModelOperation;
	parameters: Record<string, unknown>;
	/** Keys of the segments in order, e.g. `[42]` for `/Users(42)/Groups`. */
	keys: unknown[];
}

function compileTemplate(path: string): TemplateSegment[] {
	return splitSegments(path).map((segment) => {
		if (segment.argumentText === undefined) return { name: segment.name };
		if (segment.argumentText === '') return { name: segment.name, arguments: 'empty' };
		const positional = /^\{([^}]+)\}$/.exec(segment.argumentText);
		if (positional) return { name: segment.name, arguments: 'key', key: positional[1] };
		const names = new Map<string, string>();
		for (const part of segment.argumentText.split(',')) {
			const [name, placeholder] = part.split('=');
			names.set(name, placeholder.replace(/[{}]/g, ''));
		}
		return { name: segment.name, arguments: 'named', names };
	});
}

/** Routes requests to the operations of one release. */
export class Router {
	private readonly routes: Route[];

	constructor(
		readonly model: SimulatorModel,
		readonly release: string,
	) {
		if (!model.releases.includes(release)) {
			throw new Error(`Unknown 3CX release ${release}; the model has ${model.releases.join(', ')}`);
		}
		this.routes = model.operations
			.filter((operation) => operation.releases.includes(release))
			.map((operation) => ({ operation, segments: compileTemplate(operation.path) }));
	}

	/** Operations of this release. */
	get operations(): ModelOperation[] {
		return this.routes.map((route) => route.operation);
	}

	/**
	 * Matches a raw path. Throws a 404 UrlRejection when no operation has the path's shape (for
	 * example a function call without one of its parameters) and a 400 when a literal is wrong.
	 */
	match(method: string, rawPath: string): RouteMatch {
		const segments = splitSegments(rawPath);
		let shapeMatchedOtherMethod = false;
		let firstRejection: UrlRejection | undefined;

		for (const route of this.routes) {
			if (route.segments.length !== segments.length) continue;
			if (!route.segments.every((template, index) => sameShape(template, segments[index])))
				continue;
			if (route.operation.method !== method) {
				shapeMatchedOtherMethod = true;
				continue;
			}
			try {
				return this.read(route, segments);
			} catch (error) {
				if (!(error instanceof UrlRejection)) throw error;
				firstRejection ??= error;
			}
		}

		if (firstRejection) throw firstRejection;
		throw new UrlRejection(
			404,
			shapeMatchedOtherMethod
				? `${method} is not allowed on ${rawPath}.`
				: `No resource or function matches ${rawPath} in 3CX ${this.release}.`,
		);
	}

	private read(route: Route, segments: Segment[]): RouteMatch {
		const parameters: Record<string, unknown> = {};
		const keys: unknown[] = [];
		route.segments.forEach((template, index) => {
			if (template.arguments !== 'key' && template.arguments !== 'named') return;
			const parsed = splitArguments(segments[index].argumentText ?? '');
			if (template.arguments === 'key') {
				if (parsed.positional === undefined) {
					throw new UrlRejection(400, `The key of ${template.name} must be a single literal.`);
				}
				const value = this.readParameter(route, template.key!, parsed.positional);
				parameters[template.key!] = value;
				keys.push(value);
				return;
			}
			const given = parsed.named ?? new Map<string, string>();
			for (const name of template.names!.keys()) {
				if (!given.has(name)) {
					throw new UrlRejection(
						404,
						`The function ${template.name} needs the parameter ${name}.`,
						name,
					);
				}
			}
			for (const name of given.keys()) {
				if (!template.names!.has(name)) {
					throw new UrlRejection(
						404,
						`The function ${template.name} has no parameter ${name}.`,
						name,
					);
				}
			}
			for (const [name, placeholder] of template.names!) {
				const value = this.readParameter(route, placeholder, given.get(name)!);
				parameters[placeholder] = value;
				if (/^[A-Z]/.test(name)) keys.push(value);
			}
		});
		return { operation: route.operation, parameters, keys };
	}

	private readParameter(route: Route, name: string, raw: string): unknown {
		const parameter = route.operation.parameters.find((candidate) => candidate.name === name);
		const type = typeof parameter?.type === 'string' ? parameter.type : 'string';
		return readLiteral(raw, type, parameter?.nullable === true, name);
	}
}

/**
 * Whether a request segment has the template segment's name and kind of parentheses: none,
 * empty, a single key, or named arguments (`Number='100'`, `a=1,b=2`).
 */
function sameShape(template: TemplateSegment, segment: Segment): boolean {
	if (template.name !== segment.name) return false;
	if (template.arguments === undefined) return segment.argumentText === undefined;
	if (segment.argumentText === undefined) return false;
	if (template.arguments === 'empty') return segment.argumentText === '';
	const isNamed = /^[A-Za-z_][A-Za-z0-9_]*=/.test(segment.argumentText);
	return template.arguments === 'named' ? isNamed || segment.argumentText === '' : !isNamed;
}
