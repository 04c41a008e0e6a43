import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';

import type { ModelOperation, ModelSchema } from '../scripts/generate/simulatorModel.cjs';
import { invalidRequestBody, warningBody } from './odataErrors.cjs';
import type { ODataErrorBody } from './odataErrors.cjs';
import { UrlRejection } from './odataUrl.cjs';
import { auditSecret } from '../scripts/lib/audit.cjs';
import { listM365Users } from './microsoft365.cjs';
import { applyPatch, isPlainObject, withoutNulls } from './patch.cjs';
import { checkUrlSyntax } from './referee.cjs';
import type { RouteMatch } from './routes.cjs';
import { loadModel, Router } from './routes.cjs';
import { sampleValue } from './samples.cjs';
import { findObjectViolation, findViolation } from './schema.cjs';
import { FilterNotSupported, SimulatorState } from './state.cjs';
import { TokenIssuer } from './tokens.cjs';

/** An API client registered on the fake PBX. */
export interface SimulatorClient {
	clientId: string;
	apiKey: string;
}

export interface SimulatorOptions {
	/** Port on 127.0.0.1; 0 picks a free one. */
	port?: number;
	/** 3CX release whose operations are served, e.g. `20.0.7`; the newest by default. */
	release?: string;
	clients?: SimulatorClient[];
	/** `expires_in` of issued tokens, in seconds. */
	tokenLifetimeSeconds?: number;
	/** Whether to log each request to stdout. */
	log?: boolean;
	/** Key and certificate (PEM) to serve HTTPS with, e.g. a self-signed pair; HTTP without. */
	tls?: { key: string | Buffer; cert: string | Buffer };
	/** Milliseconds each XAPI request waits before it is handled, as on a distant or busy PBX. */
	latencyMs?: number;
}

/** A request as the simulator received it, for tests to assert what was sent. */
export interface RecordedRequest {
	method: string;
	url: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	body: unknown;
	status?: number;
	/** The XAPI operation the request addressed, if one matched. */
	operationId?: string;
	/** Why the simulator rejected the request, as the real server would. */
	rejection?: string;
	/** What @odata/parser, an independent OData URL parser, said of the URL. */
	referee?: 'accepted' | 'unsupported' | `rejected: ${string}`;
}

/** A canned answer for the next requests that match `method` and `path`. */
export interface Fault {
	method?: string;
	path: string;
	/** Status of the answer; ignored when `closeConnection` is set. */
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** How many matching requests get this answer; 1 unless given. */
	times?: number;
	/** Milliseconds to wait before answering, e.g. to outlast the client's timeout. */
	delayMs?: number;
	/** Closes the connection without an answer, as a reset by a firewall or proxy does. */
	closeConnection?: true;
}

export interface Simulator {
	/** Base URL to put into the credential, e.g. http://127.0.0.1:41234. */
	url: string;
	release: string;
	/** Operations that this release serves. */
	operations: ModelOperation[];
	requests: RecordedRequest[];
	tokens: TokenIssuer;
	clients: SimulatorClient[];
	state: SimulatorState & { microsoft365Integration: Record<string, unknown> };
	/** Requests below /xapi/v1, in arrival order. */
	xapiRequests(): RecordedRequest[];
	/** Requests to /connect/token, in arrival order. */
	tokenRequests(): RecordedRequest[];
	injectFault(fault: Fault): void;
	/** Sets how long each XAPI request waits before it is handled, in milliseconds. */
	setLatency(ms: number): void;
	/** Calls `listener` as each response is sent, e.g. to expire tokens between two items. */
	afterResponse(listener: (request: RecordedRequest) => void): void;
	/** Restores the initial state and forgets recorded requests, faults and listeners; keeps tokens. */
	reset(): void;
	close(): Promise<void>;
}

export const DEMO_CLIENT: SimulatorClient = {
	clientId: 'n8n-demo',
	apiKey: 'demo-api-key-7d3f9c2e51b04a86',
};

const XAPI_PREFIX = '/xapi/v1';

/** Starts a fake 3CX server on 127.0.0.1 that follows the real server's token and XAPI rules. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const model = loadModel();
	const release = options.release ?? model.releases[model.releases.length - 1];
	const router = new Router(model, release);
	const clients = options.clients ?? [DEMO_CLIENT];
	for (const client of clients) auditSecret(client.apiKey);
	const tokens = new TokenIssuer(options.tokenLifetimeSeconds ?? 3600);
	let latencyMs = options.latencyMs ?? 0;
	const requests: RecordedRequest[] = [];
	let faults: Array<Required<Pick<Fault, 'times'>> & Fault> = [];
	let listeners: Array<(request: RecordedRequest) => void> = [];
	let state = createState();

	function createState(): Simulator['state'] {
		const created = new SimulatorState(model) as Simulator['state'];
		Object.defineProperty(created, 'microsoft365Integration', {
			get: () => created.singleton('Microsoft365Integration', 'Pbx.Microsoft365Integration'),
		});
		return created;
	}

	const app = Fastify({
		...(options.tls ? { https: options.tls } : {}),
		logger: options.log ? { level: 'info' } : false,
		// Ends keep-alive connections on close, so that a test run can exit.
		forceCloseConnections: true,
	});

	// Bodies stay raw so that each route can answer a malformed body the way 3CX does.
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

	app.addHook('preHandler', async (request, reply) => {
		const recorded = recordRequest(request);
		requests.push(recorded);
		(request as RequestWithRecord).recorded = recorded;

		const fault = faults.find(
			(candidate) =>
				candidate.path === recorded.path &&
				(candidate.method === undefined || candidate.method === recorded.method),
		);
		if (fault) {
			fault.times -= 1;
			faults = faults.filter((candidate) => candidate.times > 0);
			if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
			if (fault.closeConnection) {
				recorded.status = 0;
				reply.hijack();
				request.raw.socket.destroy();
				return reply;
			}
			reply.code(fault.status).headers(fault.headers ?? {});
			return fault.body === undefined ? reply.send() : reply.send(fault.body);
		}
		if (latencyMs > 0 && recorded.path.startsWith(XAPI_PREFIX)) {
			await new Promise((resolve) => setTimeout(resolve, latencyMs));
		}
		return undefined;
	});

	// onSend runs before the response leaves, so a listener's change applies to the next request.
	app.addHook('onSend', async (request, reply, payload) => {
		const recorded = (request as RequestWithRecord).recorded;
		if (recorded !== undefined) {
			recorded.status = reply.statusCode;
			for (const listener of listeners) listener(recorded);
		}
		return payload;
	});

	app.post('/connect/token', async (request, reply) => {
		const contentType = String(request.headers['content-type'] ?? '');
		if (!contentType.startsWith('application/x-www-form-urlencoded')) {
			return reply.code(400).send({
				error: 'invalid_request',
				error_description:
					'The token request must be sent as a form (application/x-www-form-urlencoded).',
			});
		}

		const form = new URLSearchParams(bodyText(request));
		if (form.get('grant_type') !== 'client_credentials') {
			return reply.code(400).send({
				error: 'unsupported_grant_type',
				error_description: 'Only grant_type=client_credentials is supported.',
			});
		}

		const client = clients.find((candidate) => candidate.clientId === form.get('client_id'));
		if (client === undefined || client.apiKey !== form.get('client_secret')) {
			return reply.code(401).send({
				error: 'invalid_client',
				error_description: 'The client credentials are invalid.',
			});
		}

		const { accessToken, expiresIn } = tokens.issue(client.clientId);
		return reply.send({
			token_type: 'Bearer',
			expires_in: expiresIn,
			access_token: accessToken,
			refresh_token: null,
		});
	});

	app.route({
		method: ['GET', 'POST', 'PATCH', 'DELETE'],
		url: `${XAPI_PREFIX}/*`,
		handler: async (request, reply) => {
			const recorded = (request as RequestWithRecord).recorded!;
			const header = String(request.headers.authorization ?? '');
			const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
			const status = token === '' ? 'unknown' : tokens.check(token);
			if (status !== 'valid') {
				return reply
					.code(401)
					.header(
						'www-authenticate',
						`Bearer error="invalid_token", error_description="The token is ${status}"`,
					)
					.send();
			}

			try {
				return await handleXapi(request, reply, recorded);
			} catch (error) {
				if (error instanceof UrlRejection) {
					recorded.rejection = error.message;
					if (error.status === 404) return reply.code(404).send();
					return reply.code(400).send(invalidRequestBody(error.message, error.target));
				}
				if (error instanceof FilterNotSupported) {
					recorded.rejection = error.message;
					return reply.code(501).send(invalidRequestBody(error.message, '$filter'));
				}
				throw error;
			}
		},
	});

	async function handleXapi(
		request: FastifyRequest,
		reply: FastifyReply,
		recorded: RecordedRequest,
	): Promise<unknown> {
		const rawUrl = (request.raw.url ?? request.url).slice(XAPI_PREFIX.length);
		const queryStart = rawUrl.indexOf('?');
		const rawPath = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
		const match = router.match(request.method, rawPath);
		recorded.operationId = match.operation.id;
		recorded.referee = checkUrlSyntax(rawUrl, match.operation.path);
		const queryOptions = checkQueryOptions(match.operation, recorded.query);

		const body = checkBody(match.operation, request, model.schemas);
		if ('error' in body) {
			recorded.rejection = body.error.error.details[0]?.message ?? body.error.error.message;
			return reply.code(400).send(body.error);
		}

		if (match.operation.id === 'GetM365Users') return reply.send(listM365Users(body.value));

		// A path below a stored record, e.g. /Users(9)/Groups, needs that record.
		const parent = /^\/([A-Za-z0-9]+)\(\{[A-Za-z]+\}\)\/./.exec(match.operation.path)?.[1];
		if (parent && state.isStored(parent) && state.find(parent, match.keys[0]) === undefined) {
			recorded404(request);
			return reply.code(404).send();
		}

		const stored = storedTarget(match, state);
		if (stored) return respondFromState(stored, match, body.value, queryOptions, request, reply);
		return respondWithSample(match, queryOptions, request, reply);
	}

	function respondFromState(
		target: StoredTarget,
		match: RouteMatch,
		body: unknown,
		queryOptions: Record<string, string>,
		request: FastifyRequest,
		reply: FastifyReply,
	): unknown {
		const { operation } = match;
		const type = typeof operation.response === 'string' ? operation.response : undefined;
		const entityType = type ?? (typeof operation.body === 'string' ? operation.body : undefined);

		if (target.kind === 'singleton') {
			const record = state.singleton(target.name, entityType ?? 'unknown');
			if (operation.method === 'PATCH') {
				applyPatch(record, body as Record<string, unknown>);
				return reply.code(204).send();
			}
			const selected = state.query([withoutNulls(record)], entityType, selectOnly(queryOptions))
				.value[0];
			return withContext(request, target.name, selected as Record<string, unknown>);
		}

		const { name, key, alternateKey } = target;
		if (key === undefined) {
			if (operation.method === 'POST') {
				const created = body as Record<string, unknown>;
				if (takenNumber(name, created.Number, undefined)) {
					rejected(request, 'WARNINGS.XAPI.ALREADY_IN_USE on Number');
					return reply.code(400).send(warningBody('WARNINGS.XAPI.ALREADY_IN_USE', 'Number'));
				}
				const { keyProperty, numericKey, guidKey } = state.describeSet(name)!;
				const clientKey = !numericKey && !guidKey;
				if (clientKey && state.find(name, created[keyProperty]) !== undefined) {
					rejected(request, `WARNINGS.XAPI.ALREADY_IN_USE on ${keyProperty}`);
					return reply.code(400).send(warningBody('WARNINGS.XAPI.ALREADY_IN_USE', keyProperty));
				}
				const record = state.create(name, created);
				if (record === undefined) {
					rejected(request, `WARNINGS.XAPI.REQUIRED on ${keyProperty}`);
					return reply.code(400).send(warningBody('WARNINGS.XAPI.REQUIRED', keyProperty));
				}
				return reply.code(201).send(withContext(request, name, record));
			}
			const itemType = listItemType(operation);
			const { value, count } = state.query(state.list(name), itemType, queryOptions);
			return collectionBody(
				request,
				name,
				value,
				queryOptions.$count === 'true' ? count : undefined,
			);
		}

		const record = state.find(name, key, alternateKey);
		if (record === undefined) {
			recorded404(request);
			return reply.code(404).send();
		}
		const { keyProperty } = state.describeSet(name)!;
		const storedKey = record[keyProperty];
		if (operation.method === 'DELETE') {
			state.delete(name, storedKey);
			return reply.code(204).send();
		}
		if (operation.method === 'PATCH') {
			const patch = body as Record<string, unknown>;
			if (keyProperty in patch && patch[keyProperty] !== storedKey) {
				const reason = `The key property ${keyProperty} cannot be changed.`;
				rejected(request, reason);
				return reply.code(400).send(invalidRequestBody(reason, keyProperty));
			}
			if (takenNumber(name, patch.Number, storedKey)) {
				rejected(request, 'WARNINGS.XAPI.ALREADY_IN_USE on Number');
				return reply.code(400).send(warningBody('WARNINGS.XAPI.ALREADY_IN_USE', 'Number'));
			}
			state.update(name, storedKey, patch);
			return reply.code(204).send();
		}
		const selected = state.query([withoutNulls(record)], entityType, selectOnly(queryOptions))
			.value[0];
		return withContext(request, name, selected as Record<string, unknown>);
	}

	function recorded404(request: FastifyRequest): void {
		rejected(request, 'No record has this key.');
	}

	function rejected(request: FastifyRequest, reason: string): void {
		const recorded = (request as RequestWithRecord).recorded;
		if (recorded) recorded.rejection = reason;
	}

	/** Whether another record of a set with numbers (users, queues, trunks, …) has this number. */
	function takenNumber(name: string, number: unknown, ownKey: unknown): boolean {
		const info = state.describeSet(name);
		if (number === undefined || info?.alternateKey !== 'Number') return false;
		return state
			.list(name)
			.some((record) => record.Number === number && record[info.keyProperty] !== ownKey);
	}

	function respondWithSample(
		match: RouteMatch,
		queryOptions: Record<string, string>,
		request: FastifyRequest,
		reply: FastifyReply,
	): unknown {
		const { operation } = match;
		if (isFileOperation(operation)) return sendFile(operation, reply);
		if (operation.status === 204 || operation.response === undefined) {
			return reply.code(operation.status === 201 ? 201 : 204).send();
		}

		const response = operation.response;
		reply.code(operation.status);
		if (typeof response === 'object' && 'list' in response) {
			const records = [1, 2, 3].map((seed) => sampleValue(model.schemas, response.list, seed));
			const { value, count } = state.query(records, response.list, queryOptions);
			return collectionBody(
				request,
				operation.id,
				value,
				queryOptions.$count === 'true' ? count : undefined,
			);
		}
		if (typeof response === 'object' && 'value' in response) {
			return {
				'@odata.context': context(request, operation.id),
				value: sampleValue(model.schemas, response.value),
			};
		}
		const sample = sampleValue(model.schemas, response, 1);
		if (!isPlainObject(sample))
			return { '@odata.context': context(request, operation.id), value: sample };
		const selected = state.query([sample], response, selectOnly(queryOptions)).value[0];
		return withContext(request, operation.id, selected as Record<string, unknown>);
	}

	app.setNotFoundHandler(async (_request, reply) => reply.code(404).send());

	await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
	const { port } = app.server.address() as AddressInfo;

	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		release,
		operations: router.operations,
		requests,
		tokens,
		clients,
		get state() {
			return state;
		},
		xapiRequests: () => requests.filter((request) => request.path.startsWith(XAPI_PREFIX)),
		tokenRequests: () => requests.filter((request) => request.path === '/connect/token'),
		injectFault: (fault) => faults.push({ ...fault, times: fault.times ?? 1 }),
		afterResponse: (listener) => listeners.push(listener),
		setLatency: (ms) => {
			latencyMs = ms;
		},
		reset: () => {
			requests.length = 0;
			faults = [];
			listeners = [];
			state = createState();
		},
		close: async () => {
			await app.close();
		},
	};
}

type RequestWithRecord = FastifyRequest & { recorded?: RecordedRequest };

type StoredTarget =
	| { kind: 'singleton'; name: string }
	| { kind: 'set'; name: string; key?: unknown; alternateKey?: string };

/** Tells whether a request addresses a stored set (`/Users`, `/Users(1)`) or a singleton. */
function storedTarget(match: RouteMatch, state: SimulatorState): StoredTarget | undefined {
	const { operation } = match;
	const path = operation.path;
	// Releases before 20.0.8 read a record by number with a GetByNumber function.
	const byNumber = /^\/([A-Za-z0-9]+)\/Pbx\.GetByNumber\(number=\{number\}\)$/.exec(path);
	if (byNumber && state.isStored(byNumber[1])) {
		return { kind: 'set', name: byNumber[1], key: match.parameters.number, alternateKey: 'Number' };
	}
	const set = /^\/([A-Za-z0-9]+)(?:\(\{[A-Za-z]+\}\)|\(([A-Za-z]+)=\{[A-Za-z]+\}\))?$/.exec(path);
	if (set && state.isStored(set[1])) {
		if (path === `/${set[1]}`) return { kind: 'set', name: set[1] };
		return { kind: 'set', name: set[1], key: match.keys[0], alternateKey: set[2] };
	}
	const singleton = /^\/([A-Za-z0-9]+)$/.exec(path);
	const isEntity = typeof operation.response === 'string' || operation.method === 'PATCH';
	if (singleton && isEntity && !operation.query.includes('$top') && operation.method !== 'POST') {
		return { kind: 'singleton', name: singleton[1] };
	}
	return undefined;
}

function listItemType(operation: ModelOperation): string | undefined {
	const response = operation.response;
	if (typeof response === 'object' && 'list' in response && typeof response.list === 'string') {
		return response.list;
	}
	return undefined;
}

function selectOnly(options: Record<string, string>): Record<string, string> {
	return options.$select === undefined ? {} : { $select: options.$select };
}

/**
 * Checks the query options: each must be one the operation declares, `$top` and `$skip` must be
 * whole numbers and `$count` a boolean. Returns them decoded.
 */
function checkQueryOptions(
	operation: ModelOperation,
	query: Record<string, string>,
): Record<string, string> {
	const options: Record<string, string> = {};
	for (const [name, value] of Object.entries(query)) {
		if (!name.startsWith('$')) continue;
		if (!operation.query.includes(name)) {
			throw new UrlRejection(
				400,
				`The query option ${name} is not supported by ${operation.id}.`,
				name,
			);
		}
		if ((name === '$top' || name === '$skip') && !/^[0-9]+$/.test(value)) {
			throw new UrlRejection(
				400,
				`${name} must be a non-negative whole number, not ${value}.`,
				name,
			);
		}
		if (name === '$count' && value !== 'true' && value !== 'false') {
			throw new UrlRejection(400, `$count must be true or false, not ${value}.`, name);
		}
		options[name] = value;
	}
	return options;
}

/** Reads and checks the JSON body against the operation's body schema. */
function checkBody(
	operation: ModelOperation,
	request: FastifyRequest,
	schemas: Record<string, ModelSchema>,
): { value: unknown } | { error: ODataErrorBody } {
	const text = bodyText(request);
	if (operation.body === undefined) {
		if (text.trim() === '' || text.trim() === '{}') return { value: undefined };
		return { error: invalidRequestBody(`${operation.id} takes no request body.`, 'value') };
	}

	const contentType = String(request.headers['content-type'] ?? '');
	if (!contentType.startsWith('application/json')) {
		return {
			error: invalidRequestBody(
				`The content type '${contentType}' is not supported; send application/json.`,
				'value',
			),
		};
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch (error) {
		return {
			error: invalidRequestBody(
				`The request body is not valid JSON: ${(error as Error).message}`,
				'value',
			),
		};
	}
	if (!isPlainObject(body)) {
		return { error: invalidRequestBody('The request body must be a JSON object.', 'value') };
	}

	const violation =
		typeof operation.body === 'string'
			? findViolation(schemas, operation.body, body)
			: findObjectViolation(
					schemas,
					`${operation.id} parameters`,
					{
						properties: Object.fromEntries(
							Object.entries(operation.body.properties).map(([name, type]) => [
								name,
								{ type, nullable: true as const },
							]),
						),
					},
					body,
				);
	if (violation) return { error: invalidRequestBody(violation.message, violation.target) };
	return { value: body };
}

/** Download and export functions, and functions that return an IActionResult, send files. */
function isFileOperation(operation: ModelOperation): boolean {
	if (operation.method !== 'GET') return false;
	const name = /(?:^|\/)(?:Pbx\.)?([A-Za-z0-9]+)\([^/]*$/.exec(operation.path)?.[1] ?? '';
	return /^(Download|Export)/.test(name) || operation.response === 'Pbx.IActionResult';
}

function sendFile(operation: ModelOperation, reply: FastifyReply): FastifyReply {
	const name = operation.id;
	if (/Recording|Greeting|Playlist|Prompt/i.test(name)) {
		return reply
			.code(200)
			.header('content-type', 'audio/wav')
			.header('content-disposition', `attachment; filename="${name}.wav"`)
			.send(Buffer.from('RIFF$\u0000\u0000\u0000WAVEfmt ', 'latin1'));
	}
	if (name === 'GenerateIamPolicyFile') {
		return reply
			.code(200)
			.header('content-type', 'application/json')
			.send({ Version: '2012-10-17', Statement: [] });
	}
	if (name === 'ExportTrunk') {
		return reply
			.code(200)
			.header('content-type', 'application/xml')
			.header('content-disposition', `attachment; filename="trunk.xml"`)
			.send('<?xml version="1.0"?><Trunk/>');
	}
	return reply
		.code(200)
		.header('content-type', 'text/csv; charset=utf-8')
		.header(
			'content-disposition',
			`attachment; filename="${name}.csv"; filename*=UTF-8''${name}.csv`,
		)
		.send('Id,Name\n1,text 1\n2,text 2\n');
}

function recordRequest(request: FastifyRequest): RecordedRequest {
	const rawBody = bodyText(request);
	const contentType = String(request.headers['content-type'] ?? '');
	let body: unknown = rawBody === '' ? undefined : rawBody;
	if (contentType.includes('json')) {
		try {
			body = JSON.parse(rawBody);
		} catch {
			body = rawBody;
		}
	} else if (contentType.startsWith('application/x-www-form-urlencoded')) {
		body = Object.fromEntries(new URLSearchParams(rawBody));
	}

	const url = request.raw.url ?? request.url;
	const queryStart = url.indexOf('?');
	let path: string;
	try {
		path = decodeURIComponent(queryStart === -1 ? url : url.slice(0, queryStart));
	} catch {
		path = queryStart === -1 ? url : url.slice(0, queryStart);
	}
	return {
		method: request.method,
		url,
		path,
		query: Object.fromEntries(
			new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1)),
		),
		headers: { ...request.headers },
		rawBody,
		body,
	};
}

function bodyText(request: FastifyRequest): string {
	return Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
}

function context(request: FastifyRequest, name: string): string {
	return `${request.protocol}://${request.headers.host ?? ''}${XAPI_PREFIX}/$metadata#${name}`;
}

function withContext(request: FastifyRequest, name: string, entity: Record<string, unknown>) {
	return { '@odata.context': context(request, name), ...entity };
}

function collectionBody(
	request: FastifyRequest,
	name: string,
	value: unknown[],
	count: number | undefined,
) {
	const body: Record<string, unknown> = { '@odata.context': context(request, name) };
	if (count !== undefined) body['@odata.count'] = count;
	body.value = value;
	return body;
}
