import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeNetworkCode } from './networkErrors';
import { MAX_ATTEMPTS, MAX_TOTAL_WAIT_MS } from './retryPolicy';
import { TOKEN_FAILURE_DESCRIPTION } from './serverUrl';

/** One entry of `error.details` in an XAPI error, e.g. `WARNINGS.XAPI.ALREADY_IN_USE` on `Number`. */
export interface XapiWarning {
	code: string;
	target?: string;
}

/** Failure of an XAPI call, read from the error that n8n's request helpers throw. */
export interface XapiFailure {
	status?: number;
	networkCode?: string;
	warnings: XapiWarning[];
	serverMessage?: string;
	tokenMessage?: string;
}

/** The request that failed and how it was sent, named in the error. */
/** Added to the error of a request that is one step of a longer task. */
export interface RequestProgress {
	/** Appended to the message, e.g. `on page 3 of Return All`. */
	step: string;
	/** Put before the description: what the task had done and what became of it. */
	state: string;
}

export interface XapiRequestContext {
	method: string;
	path: string;
	/** Operation as the user picked it, e.g. `Users → Get Many`. */
	operation: string;
	/** Releases that have the operation, when not all do; named in the hint of a 404. */
	releases?: string;
	/** Timeout in force, named when the request timed out. */
	timeoutMs?: number;
	/** Attempts made, when 3CX answered 429 or 503. */
	attempts?: number;
	/** Whether the request would have been retried after a 429 or 503. */
	retryable?: boolean;
	/** Position of the request in a longer task, e.g. the third page of Return All. */
	progress?: RequestProgress;
}

interface ErrorLike {
	cause?: unknown;
	code?: unknown;
	context?: { data?: unknown };
	description?: unknown;
	httpCode?: unknown;
	message?: unknown;
	messages?: unknown;
	name?: unknown;
	response?: { status?: unknown; data?: unknown };
}

/**
 * Reads the HTTP status, the OData error envelope and a token failure out of a thrown error.
 * n8n's request helpers throw a NodeApiError that keeps the status in `httpCode`, a JSON error
 * body in `context.data` and the message of a token failure, but not the original error.
 */
export function readXapiFailure(error: unknown): XapiFailure {
	const failure: XapiFailure = { warnings: [] };
	let current: unknown = error;

	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const candidate = current as ErrorLike;
		if (
			candidate.name === 'ThreeCxTokenError' ||
			candidate.description === TOKEN_FAILURE_DESCRIPTION
		) {
			// NodeApiError rewrites messages that mention codes such as ECONNREFUSED and keeps the
			// original as the first entry of `messages`.
			const original = Array.isArray(candidate.messages) ? candidate.messages[0] : undefined;
			failure.tokenMessage = String(typeof original === 'string' ? original : candidate.message);
			return failure;
		}
		if (failure.status === undefined && typeof candidate.response?.status === 'number') {
			failure.status = candidate.response.status;
			readEnvelope(candidate.response.data, failure);
		}
		if (failure.status === undefined && typeof candidate.httpCode === 'string') {
			const status = Number(candidate.httpCode);
			if (Number.isInteger(status)) {
				failure.status = status;
				readEnvelope(candidate.context?.data, failure);
			} else {
				failure.networkCode ??= candidate.httpCode;
			}
		}
		if (failure.networkCode === undefined && typeof candidate.code === 'string') {
			failure.networkCode = candidate.code;
		}
		current = candidate.cause;
	}
	return failure;
}

/**
 * Parses `{"error":{"code","message","details":[{"code","message","target"}]}}`. 3CX puts the
 * warning code in `details[].message` and the property in `details[].target`. Without details,
 * the top-level message reads `Target:\nWARNINGS.XAPI.CODE`.
 */
function readEnvelope(data: unknown, failure: XapiFailure): void {
	const body = typeof data === 'string' ? parseJson(data) : data;
	if (!isObject(body) || !isObject(body.error)) return;

	const envelope = body.error;
	if (typeof envelope.message === 'string' && envelope.message !== '') {
		failure.serverMessage = envelope.message;
	}

	const details = Array.isArray(envelope.details) ? envelope.details : [];
	for (const detail of details) {
		if (!isObject(detail)) continue;
		const code = firstText(detail.message, detail.code);
		if (code === undefined) continue;
		const target = firstText(detail.target);
		failure.warnings.push(target === undefined ? { code } : { code, target });
	}

	if (failure.warnings.length === 0 && failure.serverMessage !== undefined) {
		const match = /^(?:([^:\n]+):\s*)?(WARNINGS\.[A-Z0-9_.]+)\s*$/.exec(failure.serverMessage);
		if (match) {
			failure.warnings.push(match[1] ? { code: match[2], target: match[1] } : { code: match[2] });
		} else {
			const code = firstText(envelope.code);
			if (code !== undefined) failure.warnings.push({ code });
		}
	}
}

/**
 * Turns a failed XAPI call into a NodeApiError whose message names the operation, the status or
 * network code and, for a 3CX warning, the code and field. Its description names the request and
 * what to try. The original error is not attached, because it contains the request headers with
 * the access token.
 */
export function toXapiNodeError(
	node: INode,
	error: unknown,
	request: XapiRequestContext,
	itemIndex: number,
): NodeApiError {
	const failure = readXapiFailure(error);
	const path = request.path.length > 200 ? `${request.path.slice(0, 197)}...` : request.path;
	const requestText = `${request.method} ${path}`;
	const { message, hint } = describeFailure(failure, request);
	const statusText =
		failure.status === undefined
			? failure.networkCode === undefined
				? ''
				: ` failed with ${failure.networkCode}`
			: ` returned HTTP ${failure.status}`;

	const { progress } = request;
	const fullMessage = progress ? `${message}, ${progress.step}` : message;
	const description = `${requestText}${statusText}. ${hint}`;

	const apiError = new NodeApiError(node, toErrorResponse(failure), {
		message: fullMessage,
		description: progress ? `${progress.state} ${description}` : description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex,
	});
	// NodeApiError replaces messages that mention network codes with generic text, so set ours again.
	apiError.message = fullMessage;
	return apiError;
}

/** Paths whose data only an API client with the System Owner role may read. */
const SYSTEM_OWNER_PATHS =
	/^\/(CallHistoryView|ChatHistoryView|ChatMessagesHistoryView|Recordings|Report[A-Z]\w*|ScheduledReports|PurgeCalls|PurgeChats)\b/;

function describeFailure(
	failure: XapiFailure,
	request: XapiRequestContext,
): { message: string; hint: string } {
	const operation = request.operation;
	if (failure.tokenMessage !== undefined) {
		return {
			message: `${operation} failed. ${failure.tokenMessage}`,
			hint: TOKEN_FAILURE_DESCRIPTION,
		};
	}

	if (failure.warnings.length > 0) {
		const listed = failure.warnings
			.map((warning) =>
				warning.target ? `${warning.code} on field ${warning.target}` : warning.code,
			)
			.join('; ');
		return {
			message: `3CX rejected ${operation}: ${listed}`,
			hint: 'Correct the named fields and run the node again.',
		};
	}

	if (failure.status === undefined) {
		const code = failure.networkCode ?? 'no response';
		const network = describeNetworkCode(code, request.timeoutMs);
		return {
			message: `${operation} failed: ${network.summary} (${code})`,
			hint: network.hint,
		};
	}

	const status = failure.status;
	switch (status) {
		case 400:
			return {
				message: `3CX rejected ${operation} as invalid (HTTP 400)${serverDetail(failure)}`,
				hint: 'Check the values of the fields you set.',
			};
		case 401:
			return {
				message: `3CX rejected the access token for ${operation}, also after fetching a new one (HTTP 401)`,
				hint: 'Check that the API client still exists and is enabled in the 3CX Admin Console under Integrations > API, and that no other system renews tokens of the same API client all the time: 3CX keeps one valid token per client.',
			};
		case 403:
			return {
				message: `The 3CX API client is not allowed to run ${operation} (HTTP 403)`,
				hint: SYSTEM_OWNER_PATHS.test(request.path)
					? "This API client needs the System Owner role for call history, recordings and reports. Set it in the 3CX Admin Console under Integrations > API, and check that the client's department covers the data. A new token does not help, so none was fetched."
					: 'Give the API client a role and department with access to this data in the 3CX Admin Console under Integrations > API: System Admin for users, groups, trunks and queues, System Owner for call history, recordings and reports. A new token does not help, so none was fetched.',
			};
		case 404:
			return {
				message: `3CX found nothing for ${operation} (HTTP 404)${serverDetail(failure)}`,
				hint:
					request.releases === undefined
						? 'Check the ID or key.'
						: `Check the ID or key. This operation exists only in 3CX ${request.releases}, so check the release your PBX runs as well (Admin Console > Dashboard).`,
			};
		case 429:
		case 503:
			return {
				message: `3CX was too busy to run ${operation} (HTTP ${status})${attemptsText(request)}`,
				hint: request.retryable
					? `The node retries such answers ${MAX_ATTEMPTS - 1} times, waiting as long as the Retry-After header asks within ${MAX_TOTAL_WAIT_MS / 1000} s in all, and then gives up. Run the workflow later, or spread its requests out, e.g. with fewer items per run.`
					: 'The node does not repeat creates and actions by itself, because they could take effect twice. Run it again later, or turn on Retry On Fail in the node settings if this action is safe to repeat.',
			};
		case 504:
			return {
				message: `3CX did not finish ${operation} in time (HTTP 504)`,
				hint: 'Ask for less data: a filter, a Limit or a shorter period. Large call history and report queries are the usual cause.',
			};
		default:
			return {
				message: `3CX failed to run ${operation} (HTTP ${status})${serverDetail(failure)}`,
				hint:
					status >= 500
						? 'The server failed without saying why. Try again later, and if it keeps failing check the 3CX event log (Admin Console > Event Log) and the values sent.'
						: 'Check the values of the fields you set.',
			};
	}
}

function attemptsText(request: XapiRequestContext): string {
	return request.attempts !== undefined && request.attempts > 1
		? ` after ${request.attempts} attempts`
		: '';
}

function serverDetail(failure: XapiFailure): string {
	return failure.serverMessage ? `: ${failure.serverMessage}` : '';
}

function toErrorResponse(failure: XapiFailure): JsonObject {
	const response: JsonObject = {};
	if (failure.status !== undefined) response.status = failure.status;
	if (failure.networkCode !== undefined) response.code = failure.networkCode;
	if (failure.serverMessage !== undefined) response.serverMessage = failure.serverMessage;
	if (failure.warnings.length > 0) response.warnings = failure.warnings as unknown as JsonObject[];
	return response;
}

function firstText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
