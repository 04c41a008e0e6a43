// Stored entities of the simulator: a few entity sets with real create, read, update and delete,
// the singletons, and the OData query options applied to collections.
import type {
	ModelSchema,
	ModelType,
	SimulatorModel,
} from '../scripts/generate/simulatorModel.cjs';
import { initialMicrosoft365Integration } from './microsoft365.cjs';
import { UrlRejection } from './odataUrl.cjs';
import { applyPatch } from './patch.cjs';
import { sampleValue } from './samples.cjs';

/** Entity sets whose records the simulator stores, with their alternate key if they have one. */
export const STORED_SETS: Record<string, { alternateKey?: string }> = {
	Users: { alternateKey: 'Number' },
	Groups: {},
	Queues: { alternateKey: 'Number' },
	RingGroups: { alternateKey: 'Number' },
	Contacts: {},
};

type EntityRecord = Record<string, unknown>;

interface EntitySet {
	type: string;
	records: Map<number, EntityRecord>;
	nextId: number;
}

/** Seed data per set, on top of sample values for every other property. */
const SEEDS: Record<string, (index: number) => EntityRecord> = {
	Users: (index) => ({
		Number: String(100 + index),
		FirstName: ['Adele', 'Alex', 'Megan', 'Nestor', 'Lynne'][index % 5],
		LastName: ['Vance', 'Wilber', 'Bowen', 'Wilke', 'Robbins'][index % 5],
		EmailAddress: `user${100 + index}@contoso.com`,
	}),
	Groups: (index) => ({ Name: index === 0 ? 'DEFAULT' : `Branch ${index}` }),
	Queues: (index) => ({ Number: String(800 + index), Name: `Queue ${800 + index}` }),
	RingGroups: (index) => ({ Number: String(700 + index), Name: `Ring group ${700 + index}` }),
	Contacts: (index) => ({ FirstName: `Contact ${index + 1}`, CompanyName: 'Fabrikam' }),
};

/** A parsed `$filter` term: `Property eq literal`. */
interface Equality {
	property: string;
	value: unknown;
}

export class SimulatorState {
	private readonly sets = new Map<string, EntitySet>();

	private readonly singletons = new Map<string, EntityRecord>();

	constructor(private readonly model: SimulatorModel) {
		for (const name of Object.keys(STORED_SETS)) this.sets.set(name, this.createSet(name, 3));
	}

	/** The component type of a set's records, read from its `GET /Set({Id})` operation. */
	private entityType(name: string): string {
		const get = this.model.operations.find(
			(operation) => operation.method === 'GET' && operation.path === `/${name}({Id})`,
		);
		return typeof get?.response === 'string' ? get.response : 'unknown';
	}

	private createSet(name: string, count: number): EntitySet {
		const set: EntitySet = { type: this.entityType(name), records: new Map(), nextId: 1 };
		this.addRecords(name, set, count);
		return set;
	}

	private addRecords(name: string, set: EntitySet, count: number): void {
		const template = sampleValue(this.model.schemas, set.type, 1) as EntityRecord;
		for (let index = 0; index < count; index++) {
			const id = set.nextId++;
			set.records.set(id, { ...structuredClone(template), ...SEEDS[name]?.(id - 1), Id: id });
		}
	}

	/** Adds `count` records to a stored set, e.g. 20,000 users for a benchmark. */
	seed(name: string, count: number): void {
		const set = this.set(name);
		this.addRecords(name, set, count);
	}

	isStored(name: string): boolean {
		return this.sets.has(name);
	}

	private set(name: string): EntitySet {
		const set = this.sets.get(name);
		if (set === undefined) throw new Error(`${name} is not a stored entity set`);
		return set;
	}

	list(name: string): EntityRecord[] {
		return [...this.set(name).records.values()];
	}

	find(name: string, key: unknown, alternateKey?: string): EntityRecord | undefined {
		const set = this.set(name);
		if (alternateKey === undefined) return set.records.get(key as number);
		return [...set.records.values()].find((record) => record[alternateKey] === key);
	}

	create(name: string, body: EntityRecord): EntityRecord {
		const set = this.set(name);
		const id = set.nextId++;
		const record = {
			...(sampleValue(this.model.schemas, set.type, id) as EntityRecord),
			...body,
			Id: id,
		};
		set.records.set(id, record);
		return record;
	}

	update(name: string, key: number, body: EntityRecord): boolean {
		const record = this.set(name).records.get(key);
		if (record === undefined) return false;
		applyPatch(record, body);
		return true;
	}

	delete(name: string, key: number): boolean {
		return this.set(name).records.delete(key);
	}

	/** Returns a singleton, created from sample data (or the demo integration) on first use. */
	singleton(name: string, type: string): EntityRecord {
		let record = this.singletons.get(name);
		if (record === undefined) {
			record =
				name === 'Microsoft365Integration'
					? initialMicrosoft365Integration()
					: (sampleValue(this.model.schemas, type, 1) as EntityRecord);
			this.singletons.set(name, record);
		}
		return record;
	}

	/** Applies `$filter`, `$search`, `$orderby`, `$skip`, `$top` and `$select` to records. */
	query(
		records: unknown[],
		type: ModelType | undefined,
		options: Record<string, string>,
	): { value: unknown[]; count: number } {
		const schema = typeof type === 'string' ? this.model.schemas[type] : undefined;
		let result = records;

		if (options.$filter !== undefined) {
			const terms = parseFilter(options.$filter);
			for (const term of terms) {
				requireProperty(schema, type, term.property);
				requireComparable(schema, term);
			}
			result = result.filter((record) =>
				terms.every((term) => (record as EntityRecord)[term.property] === term.value),
			);
		}
		if (options.$search !== undefined) {
			const needle = options.$search.toLowerCase();
			result = result.filter((record) =>
				Object.values(record as EntityRecord).some(
					(value) => typeof value === 'string' && value.toLowerCase().includes(needle),
				),
			);
		}
		if (options.$orderby !== undefined) {
			const [property, direction = 'asc'] = options.$orderby.trim().split(/\s+/);
			requireProperty(schema, type, property);
			const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
			result = [...result].sort((a, b) => {
				const left = (a as EntityRecord)[property] as string | number;
				const right = (b as EntityRecord)[property] as string | number;
				return left === right ? 0 : left > right ? sign : -sign;
			});
		}

		const count = result.length;
		const skip = options.$skip === undefined ? 0 : Number(options.$skip);
		const top = options.$top === undefined ? result.length : Number(options.$top);
		result = result.slice(skip, skip + top);

		if (options.$select !== undefined) {
			const names = options.$select.split(',').map((name) => name.trim());
			for (const name of names) requireProperty(schema, type, name);
			result = result.map((record) =>
				Object.fromEntries(
					Object.entries(record as EntityRecord).filter(([name]) => names.includes(name)),
				),
			);
		}
		return { value: result, count };
	}
}

/** Rejects `Number eq 100` on a text property, as OData rejects mismatched operand types. */
function requireComparable(schema: ModelSchema | undefined, term: Equality): void {
	const propertyType = schema?.properties?.[term.property]?.type;
	if (typeof propertyType !== 'string' || term.value === null) return;
	const isText = ['string', 'dateTime', 'guid', 'duration', 'time'].includes(propertyType);
	const isNumber = ['int32', 'int64', 'number'].includes(propertyType);
	const literalType = typeof term.value;
	if (
		(isText && literalType !== 'string') ||
		(isNumber && literalType !== 'number') ||
		(propertyType === 'boolean' && literalType !== 'boolean')
	) {
		throw new UrlRejection(
			400,
			`A binary operator with incompatible types was detected: ${term.property} (${propertyType}) eq ${JSON.stringify(term.value)}.`,
			'$filter',
		);
	}
}

function requireProperty(
	schema: ModelSchema | undefined,
	type: ModelType | undefined,
	name: string,
): void {
	if (schema?.properties && !(name in schema.properties)) {
		throw new UrlRejection(
			400,
			`Could not find a property named '${name}' on type '${String(type)}'.`,
			name,
		);
	}
}

/**
 * Parses `$filter` terms of the form `Property eq literal`, joined by `and`. Other filters are
 * valid OData that the simulator does not evaluate, so they get a 501.
 */
export function parseFilter(filter: string): Equality[] {
	const terms = filter.split(/\s+and\s+/i);
	return terms.map((term) => {
		const match =
			/^\s*([A-Za-z_][A-Za-z0-9_]*)\s+eq\s+('(?:[^']|'')*'|-?[0-9]+(?:\.[0-9]+)?|true|false|null)\s*$/.exec(
				term,
			);
		if (match === null) {
			throw new FilterNotSupported(
				`The simulator evaluates only "Property eq literal" terms joined by "and", not: ${term}`,
			);
		}
		const raw = match[2];
		let value: unknown;
		if (raw.startsWith("'")) value = raw.slice(1, -1).replace(/''/g, "'");
		else if (raw === 'true' || raw === 'false') value = raw === 'true';
		else if (raw === 'null') value = null;
		else value = Number(raw);
		return { property: match[1], value };
	});
}

/** A valid filter that the simulator cannot evaluate. */
export class FilterNotSupported extends Error {}
