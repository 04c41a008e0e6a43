import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { BodyProperty, XapiOperation } from '../nodes/ThreeCx/shared/operation';
import { loadModel } from '../simulator/routes.cjs';
import type { Simulator } from '../simulator/server.cjs';
import { startFixture, threeCxNode, workflowWith } from './helpers.cjs';
import type { Fixture } from './helpers.cjs';
import { resources, sampleParameter } from './samples.cjs';

type Record = { [key: string]: unknown };

const model = loadModel();
const newest = model.releases.at(-1)!;
const inNewest = new Map(
	model.operations
		.filter((operation) => operation.releases.includes(newest))
		.map((operation) => [operation.id, operation]),
);

/** Every generated PATCH operation of the newest release. */
const patchOperations = resources.flatMap((resource) =>
	resource.operations
		.filter(
			(operation): operation is XapiOperation =>
				!('executeItem' in operation) &&
				operation.request.method === 'PATCH' &&
				inNewest.has(operation.operationId),
		)
		.map((operation) => ({ resource: resource.value, operation })),
);

const PLAIN_KINDS = ['string', 'boolean', 'int32', 'int64', 'number', 'enum', 'dateTime'];

/** A value for the property that differs from its current value, as a user would enter it. */
function changedValue(property: BodyProperty, current: unknown): string | number | boolean {
	switch (property.kind) {
		case 'boolean':
			return current !== true;
		case 'int32':
		case 'int64':
		case 'number':
			return typeof current === 'number' ? current + 1 : 7;
		case 'enum':
			return property.values!.find((value) => value !== current)!;
		case 'dateTime':
			return current === '2026-03-01T10:00:00Z' ? '2026-03-02T10:00:00Z' : '2026-03-01T10:00:00Z';
		default:
			return current === 'Changed by n8n' ? 'Changed again by n8n' : 'Changed by n8n';
	}
}

/** The stored record that a PATCH operation addresses, read afresh on each call. */
function target(
	operation: XapiOperation,
	simulator: Simulator,
): { read: () => Record; key?: string } {
	const { path } = operation.request;
	const state = simulator.state;
	const keyed = /^\/([A-Za-z0-9]+)\((?:([A-Za-z]+)=)?\{[A-Za-z]+\}\)$/.exec(path);
	if (keyed) {
		const [, name, alternateKey] = keyed;
		const set = state.describeSet(name);
		assert.ok(set, `${name} is stored by the simulator`);
		const parameter = operation.request.parameters![0];
		const key = sampleParameter(parameter, path, state);
		return {
			read: () => state.find(name, key, alternateKey)!,
			key: alternateKey ?? set.keyProperty,
		};
	}
	const singleton = /^\/([A-Za-z0-9]+)$/.exec(path);
	assert.ok(singleton, `${path} is a set record or a singleton`);
	const type = inNewest.get(operation.operationId)!.body;
	assert.equal(typeof type, 'string', `${path} has a typed body`);
	return { read: () => state.singleton(singleton[1], type as string) };
}

/** Names of the properties whose values differ between two versions of a record. */
function changedProperties(before: Record, after: Record): string[] {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...names].filter((name) => !isDeepStrictEqual(before[name], after[name])).sort();
}

describe('an update changes only the field it is given', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture();
	});
	after(async () => {
		await fixture.close();
	});
	beforeEach(() => {
		fixture.simulator.reset();
	});

	it('covers every PATCH operation of the newest release', () => {
		const documented = [...inNewest.values()].filter((operation) => operation.method === 'PATCH');
		// Microsoft 365 Integration → Update is hand-written and has its own case below.
		assert.equal(patchOperations.length, documented.length - 1);
		assert.ok(patchOperations.length >= 60, `${patchOperations.length} operations`);
	});

	for (const { resource, operation } of patchOperations) {
		it(`${resource} → ${operation.option.value}`, async () => {
			const { engine, simulator } = fixture;
			const record = target(operation, simulator);
			const before = structuredClone(record.read());

			const body = operation.request.body!;
			const property =
				body.properties.find(
					(candidate) => PLAIN_KINDS.includes(candidate.kind) && candidate.property !== record.key,
				) ?? body.properties.find((candidate) => candidate.kind === 'json')!;
			const value =
				property.kind === 'json'
					? JSON.stringify(before[property.property] ?? {})
					: changedValue(property, before[property.property]);

			const parameters: INodeParameters = {
				resource,
				operation: operation.option.value as string,
			};
			const { path, parameters: urlParameters = [] } = operation.request;
			for (const parameter of urlParameters)
				parameters[parameter.field] = sampleParameter(parameter, path, simulator.state) as string;
			parameters[body.collection ?? property.field] = body.collection
				? { [property.field]: value }
				: value;

			const result = await engine.run(workflowWith(threeCxNode(engine, parameters)));

			assert.equal(result.error?.message, undefined);
			const patch = simulator.xapiRequests().find((request) => request.method === 'PATCH');
			assert.deepEqual(Object.keys(patch?.body as IDataObject), [property.property]);
			const after = record.read();
			if (property.kind !== 'json') {
				assert.deepEqual(changedProperties(before, after), [property.property]);
				assert.equal(after[property.property], value);
			} else {
				assert.deepEqual(changedProperties(before, after), []);
			}
		});
	}

	it('microsoft365Integration → update', async () => {
		const { engine, simulator } = fixture;
		const before = structuredClone(simulator.state.microsoft365Integration);
		const node = threeCxNode(engine, {
			resource: 'microsoft365Integration',
			operation: 'update',
			updateFields: { tenantId: 'fabrikam.onmicrosoft.com' },
		});

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		const after = simulator.state.microsoft365Integration;
		assert.deepEqual(changedProperties(before, after), ['TenantId']);
		assert.equal(after.TenantId, 'fabrikam.onmicrosoft.com');
	});

	it('microsoft365Integration → addSelectedUsers', async () => {
		const { engine, simulator } = fixture;
		const before = structuredClone(simulator.state.microsoft365Integration);
		const node = threeCxNode(engine, {
			resource: 'microsoft365Integration',
			operation: 'addSelectedUsers',
			entries: 'megan.bowen@contoso.com',
		});

		const result = await engine.run(workflowWith(node));

		assert.equal(result.error, undefined);
		const after = simulator.state.microsoft365Integration;
		assert.deepEqual(changedProperties(before, after), ['AdUsers']);
		assert.deepEqual(changedProperties(before.AdUsers as Record, after.AdUsers as Record), [
			'SelectedUsers',
		]);
		assert.deepEqual((after.AdUsers as Record).SelectedUsers, [
			...((before.AdUsers as Record).SelectedUsers as string[]),
			'megan.bowen@contoso.com',
		]);
	});
});
