import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { INodeParameters } from 'n8n-workflow';

import type { ResourceDefinition } from '../nodes/ThreeCx/shared/operation';
import type { Simulator } from '../simulator/server.cjs';
import { startFixture, threeCxNode, workflowWith } from './helpers.cjs';
import type { Fixture } from './helpers.cjs';
import type { AnyOperation } from './samples.cjs';
import { resources, sampleBodyValue, sampleParameter } from './samples.cjs';

/** Node parameters that run the operation with sample values for every input it needs. */
function sampleParameters(
	resource: ResourceDefinition,
	operation: AnyOperation,
	state: Simulator['state'],
): INodeParameters {
	const parameters: INodeParameters = {
		resource: resource.value,
		operation: operation.option.value as string,
	};
	if ('executeItem' in operation) {
		// The selection operations of Microsoft 365 write only when they change something: add an
		// entry that is not selected yet, remove one that is.
		const selected = 'alex.wilber@contoso.com';
		for (const section of ['AdUsers', 'SharedMailboxesSync']) {
			const list = (state.microsoft365Integration[section] as { SelectedUsers: string[] })
				.SelectedUsers;
			if (!list.includes(selected)) list.push(selected);
		}
		const entry = String(operation.option.value).startsWith('remove')
			? selected
			: 'megan.bowen@contoso.com';
		for (const field of operation.fields) {
			if (field.type === 'string' && field.default === '') parameters[field.name] = entry;
			if (field.name === 'updateFields') parameters.updateFields = { tenantId: 'contoso.com' };
		}
		return parameters;
	}

	const { request } = operation;
	for (const parameter of request.parameters ?? []) {
		parameters[parameter.field] = sampleParameter(parameter, request.path, state) as string;
	}
	if (request.query === 'collection') Object.assign(parameters, { returnAll: false, limit: 2 });

	const body = request.body;
	if (body?.collection) {
		// One property is enough for an update; a plain one is preferred over a JSON one.
		for (const property of body.properties.filter((candidate) => candidate.required)) {
			parameters[property.field] = sampleBodyValue(property) as string;
		}
		const property =
			body.properties.find(
				(candidate) =>
					!candidate.required && ['string', 'boolean', 'int32', 'int64'].includes(candidate.kind),
			) ?? body.properties.find((candidate) => !candidate.required);
		if (property)
			parameters[body.collection] = { [property.field]: sampleBodyValue(property) as string };
	} else if (body) {
		for (const property of body.properties)
			parameters[property.field] = sampleBodyValue(property) as string;
	}
	return parameters;
}

/** Runs each operation that the release has and checks that the simulator accepted its request. */
function describeRelease(release: string): void {
	describe(`every operation of 3CX ${release}`, () => {
		let fixture: Fixture;

		before(async () => {
			fixture = await startFixture({ release });
		});
		after(async () => {
			await fixture.close();
		});

		it('is reachable and accepted', async () => {
			const { engine, simulator } = fixture;
			const served = new Set(
				simulator.operations.map((operation) => `${operation.method} ${operation.path}`),
			);
			const failures: string[] = [];
			const reached = new Set<string>();

			for (const resource of resources) {
				for (const operation of resource.operations) {
					const { method, path } = operation.request;
					if (!served.has(`${method} ${path}`)) continue;
					// A hand-written operation has its own operationId; its main request has the
					// operationId of the document's operation at the same method and path.
					const operationId = simulator.operations.find(
						(candidate) => candidate.method === method && candidate.path === path,
					)?.id;
					simulator.reset();

					const node = threeCxNode(engine, sampleParameters(resource, operation, simulator.state));
					const result = await engine.run(workflowWith(node));
					const label = `${resource.value} → ${operation.option.value} (${operation.operationId})`;

					const request = simulator
						.xapiRequests()
						.find((candidate) => candidate.operationId === operationId);
					if (operationId) reached.add(operationId);
					if (result.error) failures.push(`${label}: ${result.error.message}`);
					else if (request === undefined)
						failures.push(`${label}: no request reached the operation`);
					else if (request.rejection) failures.push(`${label}: ${request.rejection}`);
					else if (request.referee?.startsWith('rejected'))
						failures.push(`${label}: @odata/parser ${request.referee}`);
				}
			}

			assert.deepEqual(failures, []);
			assert.deepEqual(
				simulator.operations
					.map((operation) => operation.id)
					.filter((operationId) => !reached.has(operationId)),
				[],
				'every operation of the release has a node operation',
			);
		});
	});
}

// Every release, so that operations of older releases only are run as well.
for (const release of ['20.0.10', '20.0.9', '20.0.8', '20.0.7', '20.0.6', '20.0.5', '20.0.4']) {
	describeRelease(release);
}
