import type { INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { LiteralType } from './odata';
import type { ItemContext } from './itemContext';

/** Content of a successful response, which decides what the operation outputs per input item. */
export type ResponseKind = 'none' | 'entity' | 'collection' | 'value' | 'file';

/** A placeholder in the URL: an entity key, an alternate key or a function parameter. */
export interface UrlParameter {
	/** Placeholder in the path template, e.g. `Id` in `/Users({Id})`. */
	template: string;
	/** Node parameter that contains the value. */
	field: string;
	/** Display name of the field, used in error messages. */
	label: string;
	literal: LiteralType;
	/** Set for nullable strings, which are sent as `''` when empty instead of being rejected. */
	nullable?: true;
	/** Entity set of a key given by a resource locator, e.g. `Users`; see shared/pickers.ts. */
	locator?: string;
}

/** Type of a body property's node field, which decides how its value is checked. */
export type BodyValueType =
	| 'string'
	| 'int32'
	| 'int64'
	| 'number'
	| 'boolean'
	| 'dateTime'
	| 'enum'
	| 'json';

/** One property of a request body and the node field that sets it. */
export interface BodyProperty {
	/** Property name in the JSON body, e.g. `FirstName`. */
	property: string;
	field: string;
	/** Display name of the field, used in error messages. */
	label: string;
	kind: BodyValueType;
	/** Allowed values of an enum property. */
	values?: string[];
	/** Zod type expression for a JSON property, e.g. `Pbx.Schedule` or `Pbx.PeerGroup[]`. */
	schema?: string;
	/**
	 * Set for a text key that the user gives on create, e.g. a playlist's Name. Its field is a
	 * required top-level field, outside the body's collection.
	 */
	required?: true;
}

export interface BodySpec {
	/** Collection parameter that contains the fields, e.g. `updateFields`; absent for top-level fields. */
	collection?: string;
	properties: BodyProperty[];
}

/** The HTTP side of an operation, read by the request builder. */
export interface RequestSpec {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Path below `/xapi/v1` with the 3CX document's `{Name}` placeholders. */
	path: string;
	parameters?: UrlParameter[];
	/** OData query options offered: paging and filters for collections, select and expand for entities. */
	query?: 'collection' | 'entity';
	body?: BodySpec;
	/** Whether the operation takes an optional If-Match (ETag) header. */
	ifMatch?: true;
	response: ResponseKind;
}

/** An operation generated from the 3CX OpenAPI documents. */
export interface XapiOperation {
	operationId: string;
	option: INodePropertyOptions;
	request: RequestSpec;
	/** 3CX releases that have the operation, e.g. `20.0.6 to 20.0.7`; absent when all have it. */
	releases?: string;
}

/** Runs one operation for one input item and returns its output items. */
export type ItemHandler = (context: ItemContext) => Promise<INodeExecutionData[]>;

/** An operation written by hand, which replaces the generated operation with the same ID. */
export interface HandWrittenOperation {
	operationId: string;
	option: INodePropertyOptions;
	/** The main request, for documentation and tests; `executeItem` may send more. */
	request: RequestSpec;
	releases?: string;
	fields: INodeProperties[];
	executeItem: ItemHandler;
}

/** A resource of the node: its operation selector and fields, and the handler of each operation. */
export interface ResourceDefinition {
	name: string;
	value: string;
	description: string;
	operations: Array<XapiOperation | HandWrittenOperation>;
	properties: INodeProperties[];
	handlers: Record<string, ItemHandler>;
}
