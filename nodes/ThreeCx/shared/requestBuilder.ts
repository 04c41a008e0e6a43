import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemContext } from './itemContext';
import { parseJsonField } from './jsonField';
import { describeValue, formatDateTime, formatLiteral, LiteralError, readInteger } from './odata';
import { PICKERS } from './pickers';
import type { BodyProperty, BodySpec, RequestSpec, UrlParameter } from './operation';
import { zodForType } from './schemaRegistry';

const NOTHING_SENT = 'Nothing was sent to 3CX for this item.';

/**
 * Fills the placeholders of a path template with OData literals, e.g. `/Users({Id})` with
 * `/Users(42)` or `/Backups({FileName})` with `/Backups('a.zip')`. A nullable string left empty
 * becomes `''`, so that a function call keeps all its parameters.
 */
export function buildPath(
	spec: RequestSpec,
	context: ItemContext,
	resolved: Record<string, unknown> = {},
): string {
	let path = spec.path;
	for (const parameter of spec.parameters ?? []) {
		const entered = context.getParameter(parameter.field, undefined);
		if (isLocator(entered) && entered.mode === 'number' && !(parameter.field in resolved)) {
			throw new Error(`${parameter.label} is given by number; look up its ID first`);
		}
		const value = parameter.field in resolved ? resolved[parameter.field] : locatorValue(entered);
		path = path.replace(`{${parameter.template}}`, () =>
			formatParameter(parameter, value, context),
		);
	}
	return path;
}

/** A record picked with a resource locator that must be looked up by its number first. */
export interface NumberLookup {
	parameter: UrlParameter;
	number: string;
}

/**
 * Returns the keys given By Number, which 3CX addresses by ID in most paths, so that the caller
 * looks up their IDs. Throws when a number is empty.
 */
export function numberLookups(spec: RequestSpec, context: ItemContext): NumberLookup[] {
	const lookups: NumberLookup[] = [];
	for (const parameter of spec.parameters ?? []) {
		const value = context.getParameter(parameter.field, undefined);
		if (!isLocator(value) || value.mode !== 'number') continue;
		if (!PICKERS.find((picker) => picker.set === parameter.locator)?.byNumber) {
			throw new NodeOperationError(context.node, `${parameter.label} cannot be given by number`, {
				itemIndex: context.itemIndex,
				description: `3CX has no number for ${parameter.label.toLowerCase()} records. Pick one from the list or give its ID. ${NOTHING_SENT}`,
			});
		}
		const number =
			typeof value.value === 'string' || typeof value.value === 'number'
				? String(value.value).trim()
				: '';
		if (number === '') {
			throw new NodeOperationError(context.node, `${parameter.label} is missing`, {
				itemIndex: context.itemIndex,
				description: `Enter the number of the ${parameter.label.toLowerCase()}. ${NOTHING_SENT}`,
			});
		}
		lookups.push({ parameter, number });
	}
	return lookups;
}

interface LocatorValue {
	__rl: true;
	mode: string;
	value: unknown;
}

function isLocator(value: unknown): value is LocatorValue {
	return typeof value === 'object' && value !== null && (value as LocatorValue).__rl === true;
}

/** Returns the value of a resource locator in the From List and By ID modes, else the value itself. */
function locatorValue(value: unknown): unknown {
	return isLocator(value) ? value.value : value;
}

function formatParameter(parameter: UrlParameter, value: unknown, context: ItemContext): string {
	const isEmpty = value === undefined || value === null || value === '';
	if (isEmpty && parameter.nullable) return "''";
	if (isEmpty) {
		throw new NodeOperationError(context.node, `${parameter.label} is missing`, {
			itemIndex: context.itemIndex,
			description: `3CX needs a value for ${parameter.label} in the URL. ${NOTHING_SENT}`,
		});
	}

	try {
		return formatLiteral(value, parameter.literal, context.timeZone);
	} catch (error) {
		const literalError = error as LiteralError;
		throw new NodeOperationError(context.node, `${parameter.label} ${literalError.message}`, {
			itemIndex: context.itemIndex,
			description: `${literalError.fix} ${NOTHING_SENT}`,
		});
	}
}

/**
 * Builds a JSON body from the fields the user set. Empty text and empty JSON fields are left out,
 * because 3CX writes every property a request contains. Returns an empty object when no field
 * is set.
 */
export function buildBody(spec: BodySpec, context: ItemContext): IDataObject {
	const source = spec.collection
		? (context.getParameter(spec.collection, {}) as IDataObject)
		: undefined;
	const body: IDataObject = {};

	for (const property of spec.properties) {
		const raw =
			source && !property.required
				? source[property.field]
				: context.getParameter(property.field, undefined);
		const blank =
			raw === undefined ||
			raw === null ||
			(typeof raw === 'string' && raw.trim() === '' && property.kind !== 'json');
		if (blank && property.required) {
			throw new NodeOperationError(context.node, `${property.label} is required`, {
				itemIndex: context.itemIndex,
				description: `Enter the ${property.label} of the new record. ${NOTHING_SENT}`,
			});
		}
		if (blank) continue;

		const value = convertBodyValue(property, raw, context);
		if (value !== undefined) body[property.property] = value;
	}
	return body;
}

function convertBodyValue(property: BodyProperty, raw: unknown, context: ItemContext): unknown {
	const fail = (problem: string, fix: string) =>
		new NodeOperationError(context.node, `${property.label} ${problem}`, {
			itemIndex: context.itemIndex,
			description: `${fix} ${NOTHING_SENT}`,
		});

	switch (property.kind) {
		case 'string':
			if (typeof raw !== 'string' && typeof raw !== 'number') {
				throw fail(`must be text, not ${describeValue(raw)}`, 'Enter the value as text.');
			}
			return String(raw);
		case 'int32':
		case 'int64':
			try {
				return readInteger(raw, property.kind);
			} catch (error) {
				const literalError = error as LiteralError;
				throw fail(literalError.message, literalError.fix);
			}
		case 'number': {
			const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
			if (typeof number !== 'number' || !Number.isFinite(number)) {
				throw fail(`must be a number, not ${describeValue(raw)}`, 'Enter a number.');
			}
			return number;
		}
		case 'boolean':
			if (typeof raw === 'boolean') return raw;
			if (raw === 'true' || raw === 'false') return raw === 'true';
			throw fail(`must be true or false, not ${describeValue(raw)}`, 'Enter true or false.');
		case 'dateTime':
			try {
				return formatDateTime(raw, context.timeZone);
			} catch (error) {
				const literalError = error as LiteralError;
				throw fail(literalError.message, literalError.fix);
			}
		case 'enum':
			if (typeof raw !== 'string' || !(property.values ?? []).includes(raw)) {
				throw fail(
					`must be one of the allowed values, not ${describeValue(raw)}`,
					`Use one of: ${(property.values ?? []).join(', ')}.`,
				);
			}
			return raw;
		case 'json':
			return parseJsonField(
				context.node,
				{ displayName: property.label, schema: zodForType(property.schema ?? 'string') },
				raw,
				context.itemIndex,
			);
	}
}
