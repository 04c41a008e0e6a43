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

/** How the simulator stores an entity set: its key, alternate key and record type. */
export interface StoredSetInfo {
	/** Key property, e.g. `Id`, or `Name` for `/Playlists({Name})`. */
	keyProperty: string;
	/** Whether the key is a number (`/Users(1)`) or a string (`/Playlists('Jazz')`). */
	numericKey: boolean;
	/** Whether the key is a GUID, which 3CX assigns like a number. */
	guidKey: boolean;
	/** Alternate key, e.g. `Number` for `/Users(Number='100')`. */
	alternateKey?: string;
	/** Component type of the records, e.g. `Pbx.User`. */
	type: string;
}

/**
 * Reads the entity sets to store from the model: every set with a `GET /Set({Key})` operation in
 * some release, so that reads, updates and deletes by key act on real records.
 */
export function storedSets(model: SimulatorModel): Map<string, StoredSetInfo> {
	const sets = new Map<string, StoredSetInfo>();
	for (const operation of model.operations) {
		const match = /^\/([A-Za-z0-9]+)\(\{([A-Za-z]+)\}\)$/.exec(operation.path);
		if (operation.method !== 'GET' || match === null || typeof operation.response !== 'string') {
			continue;
		}
		const [, name, keyProperty] = match;
		const keyType = model.schemas[operation.response]?.properties?.[keyProperty]?.type;
		sets.set(name, {
			keyProperty,
			numericKey: keyType === 'int32' || keyType === 'int64',
			guidKey: keyType === 'guid',
			type: operation.response,
		});
	}
	for (const operation of model.operations) {
		const match = /^\/([A-Za-z0-9]+)\(([A-Za-z]+)=\{[A-Za-z]+\}\)$/.exec(operation.path);
		const info = match ? sets.get(match[1]) : undefined;
		if (info && match) info.alternateKey = match[2];
	}
	return sets;
}

type EntityRecord = Record<string, unknown>;

interface EntitySet {
	info: StoredSetInfo;
	records: Map<unknown, EntityRecord>;
	nextId: number;
}

/** The key that 3CX assigns to a new record: a number or a GUID. Text keys come from the client. */
function assignedKey(info: StoredSetInfo, serial: number): number | string | undefined {
	if (info.numericKey) return serial;
	if (info.guidKey) return `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
	return undefined;
}

/** Records of each set when the simulator starts or is reset. */
const INITIAL_RECORDS = 3;

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
	Fxs: (index) => ({ MacAddress: `00:15:65:00:00:${String(index + 1).padStart(2, '0')}` }),
};

/** Numbers of sets with a Number alternate key that no seed above sets. */
const NUMBER_BASE: Record<string, number> = {
	Fax: 850,
	Parkings: 870,
	Receptionists: 880,
	Trunks: 10000,
};

/** A parsed `$filter` term: `Property eq literal`. */
interface Equality {
	property: string;
	value: unknown;
}

export class SimulatorState {
	private readonly setInfo: Map<string, StoredSetInfo>;

	/** Sets are created on first use, so that a run pays only for the sets it touches. */
	private readonly sets = new Map<string, EntitySet>();

	private readonly singletons = new Map<string, EntityRecord>();

	constructor(private readonly model: SimulatorModel) {
		this.setInfo = storedSets(model);
	}

	/** The key and alternate key of a stored set, or undefined if the set is not stored. */
	describeSet(name: string): StoredSetInfo | undefined {
		return this.setInfo.get(name);
	}

	isStored(name: string): boolean {
		return this.setInfo.has(name);
	}

	private set(name: string): EntitySet {
		let set = this.sets.get(name);
		if (set === undefined) {
			const info = this.setInfo.get(name);
			if (info === undefined) throw new Error(`${name} is not a stored entity set`);
			set = { info, records: new Map(), nextId: 1 };
			this.sets.set(name, set);
			this.addRecords(name, set, INITIAL_RECORDS);
		}
		return set;
	}

	private addRecords(name: string, set: EntitySet, count: number): void {
		const template = sampleValue(this.model.schemas, set.info.type, 1) as EntityRecord;
		const { keyProperty, alternateKey } = set.info;
		for (let index = 0; index < count; index++) {
			const serial = set.nextId++;
			const record: EntityRecord = { ...structuredClone(template), ...SEEDS[name]?.(serial - 1) };
			if (alternateKey === 'Number' && SEEDS[name] === undefined) {
				record.Number = String((NUMBER_BASE[name] ?? 900) + serial - 1);
			}
			if (SEEDS[name]?.(serial - 1)[keyProperty] === undefined) {
				record[keyProperty] = assignedKey(set.info, serial) ?? `${name} ${serial}`;
			}
			set.records.set(record[keyProperty], record);
		}
	}

	/** Adds `count` records to a stored set, e.g. 20,000 users for a benchmark. */
	seed(name: string, count: number): void {
		this.addRecords(name, this.set(name), count);
	}

	list(name: string): EntityRecord[] {
		return [...this.set(name).records.values()];
	}

	find(name: string, key: unknown, alternateKey?: string): EntityRecord | undefined {
		const set = this.set(name);
		if (alternateKey === undefined) return set.records.get(key);
		return [...set.records.values()].find((record) => record[alternateKey] === key);
	}

	/**
	 * Creates a record from a POST body on top of sample values. A numeric key is assigned; a
	 * string key comes from the body. Returns undefined when the body lacks the string key.
	 */
	create(name: string, body: EntityRecord): EntityRecord | undefined {
		const set = this.set(name);
		const { keyProperty } = set.info;
		const serial = set.nextId++;
		const record = {
			...(sampleValue(this.model.schemas, set.info.type, serial) as EntityRecord),
			...body,
		};
		const assigned = assignedKey(set.info, serial);
		if (assigned !== undefined) record[keyProperty] = assigned;
		else if (typeof body[keyProperty] !== 'string' || body[keyProperty] === '') return undefined;
		set.records.set(record[keyProperty], record);
		return record;
	}

	update(name: string, key: unknown, body: EntityRecord): boolean {
		const record = this.set(name).records.get(key);
		if (record === undefined) return false;
		applyPatch(record, body);
		return true;
	}

	delete(name: string, key: unknown): boolean {
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
