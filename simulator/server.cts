import Fastify from 'fastify';
import type { FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';

import { initialMicrosoft365Integration, microsoft365IntegrationSchema } from './microsoft365.cjs';
import { invalidRequestBody } from './odataErrors.cjs';
import type { ODataErrorBody } from './odataErrors.cjs';
import { applyPatch, isPlainObject, withoutNulls } from './patch.cjs';
import { findViolation } from './schema.cjs';
import { TokenIssuer } from './tokens.cjs';

/** An API client registered on the fake PBX. */
export interface SimulatorClient {
	clientId: string;
	apiKey: string;
}

export interface SimulatorOptions {
	/** Port on 127.0.0.1; 0 picks a free one. */
	port?: number;
	clients?: SimulatorClient[];
	/** `expires_in` of issued tokens, in seconds. */
	tokenLifetimeSeconds?: number;
	/** Whether to log each request to stdout. */
	log?: boolean;
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
}

/** A canned answer for the next requests that match `method` and `path`. */
export interface Fault {
	method?: string;
	path: string;
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** How many matching requests get this answer; 1 unless given. */
	times?: number;
}

export interface Simulator {
	/** Base URL to put into the credential, e.g. http://127.0.0.1:41234. */
	url: string;
	requests: RecordedRequest[];
	tokens: TokenIssuer;
	clients: SimulatorClient[];
	state: { microsoft365Integration: Record<string, unknown> };
	/** Requests below /xapi/v1, in arrival order. */
	xapiRequests(): RecordedRequest[];
	/** Requests to /connect/token, in arrival order. */
	tokenRequests(): RecordedRequest[];
	injectFault(fault: Fault): void;
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
	const clients = options.clients ?? [DEMO_CLIENT];
	const tokens = new TokenIssuer(options.tokenLifetimeSeconds ?? 3600);
	const requests: RecordedRequest[] = [];
	let faults: Array<Required<Pick<Fault, 'times'>> & Fault> = [];
	let listeners: Array<(request: RecordedRequest) => void> = [];
	const state = { microsoft365Integration: initialMicrosoft365Integration() };

	const app = Fastify({
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
			reply.code(fault.status).headers(fault.headers ?? {});
			return fault.body === undefined ? reply.send() : reply.send(fault.body);
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

	// Every XAPI route needs a valid bearer token.
	app.register(
		async (xapi) => {
			xapi.addHook('preHandler', async (request, reply) => {
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
				return undefined;
			});

			xapi.get('/Defs', async (request) => {
				const defs = { Id: 1, Version: '20.0.10' };
				return withContext(request, 'Defs', select(defs, request));
			});

			xapi.get('/Microsoft365Integration', async (request) => {
				const integration = withoutNulls(state.microsoft365Integration) as Record<string, unknown>;
				return withContext(request, 'Microsoft365Integration', select(integration, request));
			});

			xapi.patch('/Microsoft365Integration', async (request, reply) => {
				const parsed = parseJsonBody(request);
				if ('error' in parsed) return reply.code(400).send(parsed.error);

				const violation = findViolation(microsoft365IntegrationSchema, parsed.body);
				if (violation) {
					return reply.code(400).send(invalidRequestBody(violation.message, violation.target));
				}
				applyPatch(state.microsoft365Integration, parsed.body as Record<string, unknown>);
				return reply.code(204).send();
			});
		},
		{ prefix: XAPI_PREFIX },
	);

	app.setNotFoundHandler(async (_request, reply) => reply.code(404).send());

	await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
	const { port } = app.server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		tokens,
		clients,
		state,
		xapiRequests: () => requests.filter((request) => request.path.startsWith(XAPI_PREFIX)),
		tokenRequests: () => requests.filter((request) => request.path === '/connect/token'),
		injectFault: (fault) => faults.push({ ...fault, times: fault.times ?? 1 }),
		afterResponse: (listener) => listeners.push(listener),
		reset: () => {
			requests.length = 0;
			faults = [];
			listeners = [];
			state.microsoft365Integration = initialMicrosoft365Integration();
		},
		close: async () => {
			await app.close();
		},
	};
}

type RequestWithRecord = FastifyRequest & { recorded?: RecordedRequest };

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
	return {
		method: request.method,
		url,
		path: decodeURIComponent(queryStart === -1 ? url : url.slice(0, queryStart)),
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

function parseJsonBody(request: FastifyRequest): { body: unknown } | { error: ODataErrorBody } {
	const contentType = String(request.headers['content-type'] ?? '');
	if (!contentType.startsWith('application/json')) {
		return {
			error: invalidRequestBody(
				`The content type '${contentType}' is not supported; send application/json.`,
				'value',
			),
		};
	}
	try {
		const body: unknown = JSON.parse(bodyText(request));
		if (!isPlainObject(body)) {
			return { error: invalidRequestBody('The request body must be a JSON object.', 'value') };
		}
		return { body };
	} catch (error) {
		return {
			error: invalidRequestBody(
				`The request body is not valid JSON: ${(error as Error).message}`,
				'value',
			),
		};
	}
}

/** Applies `$select=A,B` to a single entity. */
function select(entity: Record<string, unknown>, request: FastifyRequest): Record<string, unknown> {
	const selected = (request.query as Record<string, string | undefined>).$select;
	if (!selected) return entity;
	const names = selected.split(',').map((name) => name.trim());
	return Object.fromEntries(Object.entries(entity).filter(([name]) => names.includes(name)));
}

function withContext(request: FastifyRequest, entitySet: string, entity: Record<string, unknown>) {
	const origin = `${request.protocol}://${request.headers.host ?? ''}`;
	return { '@odata.context': `${origin}${XAPI_PREFIX}/$metadata#${entitySet}`, ...entity };
}
