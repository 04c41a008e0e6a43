// Sample inputs for the node's operations, chosen so that requests reach existing records of the
// simulator.
import { join } from 'node:path';

import type {
	BodyProperty,
	HandWrittenOperation,
	ResourceDefinition,
	UrlParameter,
	XapiOperation,
} from '../nodes/ThreeCx/shared/operation';
import { PACKAGE_DIR } from '../scripts/lib/n8nEngine.cjs';
import type { SimulatorState } from '../simulator/state.cjs';

// The built node, as the engine loads it.
export const { resources } = require(
	join(PACKAGE_DIR, 'dist', 'nodes', 'ThreeCx', 'resources'),
) as {
	resources: ResourceDefinition[];
};

export type AnyOperation = XapiOperation | HandWrittenOperation;

/**
 * A value of the parameter's type; strings carry a quote and a space to test the encoding. A key
 * of a stored set, e.g. the `Id` of `/Trunks({Id})` or the `Number` of `/Users(Number={Number})`,
 * names the set's first record instead, so that the request reaches an existing record.
 */
export function sampleParameter(
	parameter: UrlParameter,
	path: string,
	state: SimulatorState,
): unknown {
	const addressed = /^\/([A-Za-z0-9]+)\((?:([A-Za-z]+)=)?\{([A-Za-z]+)\}\)/.exec(path);
	const set = addressed ? state.describeSet(addressed[1]) : undefined;
	if (addressed && set && addressed[3] === parameter.template) {
		const first = state.list(addressed[1])[0];
		return first[addressed[2] ?? set.keyProperty];
	}
	if (/^\/([A-Za-z0-9]+)\/Pbx\.GetByNumber\(/.test(path) && parameter.template === 'number') {
		const name = path.slice(1, path.indexOf('/', 1));
		if (state.isStored(name)) return state.list(name)[0].Number;
	}

	switch (parameter.literal) {
		case 'int32':
		case 'int64':
			return 1;
		case 'boolean':
			return true;
		case 'guid':
			return '0f8fad5b-d9cb-469f-a165-70867728950e';
		case 'dateTime':
			return '2026-01-15T08:00:00+01:00';
		default:
			return "O'Brien 1";
	}
}

/** A value for a body field of the given kind, as a user would enter it. */
export function sampleBodyValue(property: BodyProperty): unknown {
	switch (property.kind) {
		case 'string':
			return 'sample';
		case 'boolean':
			return true;
		case 'int32':
		case 'int64':
		case 'number':
			return 1;
		case 'dateTime':
			return '2026-01-15T08:00:00Z';
		case 'enum':
			return property.values?.[0];
		case 'json':
			return property.schema?.endsWith('[]') ? '[]' : '{}';
	}
}
