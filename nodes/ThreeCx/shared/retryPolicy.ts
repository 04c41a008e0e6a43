import type { IN8nHttpFullResponse } from 'n8n-workflow';

/** Attempts of an idempotent request that 3CX answers with 429 or 503, the first included. */
export const MAX_ATTEMPTS = 3;

/** Longest total wait between attempts of one request, in milliseconds. */
export const MAX_TOTAL_WAIT_MS = 60_000;

/** Wait before the second attempt when 3CX sends no Retry-After, doubled for each later one. */
const FIRST_WAIT_MS = 1_000;

/** Statuses with which 3CX turns a request away unprocessed and invites a later attempt. */
export function isBusyStatus(status: number): boolean {
	return status === 429 || status === 503;
}

/**
 * Returns the wait before the next attempt in milliseconds: the Retry-After header (seconds or an
 * HTTP date) when 3CX sends one, else one second doubled per attempt made. Returns undefined when
 * Retry-After cannot be read.
 */
export function waitBeforeRetry(
	response: Pick<IN8nHttpFullResponse, 'headers'>,
	attemptsMade: number,
	now = Date.now(),
): number | undefined {
	const header = response.headers?.['retry-after'];
	const value = Array.isArray(header) ? header[0] : header;
	if (value === undefined || value === null || String(value).trim() === '') {
		return FIRST_WAIT_MS * 2 ** (attemptsMade - 1);
	}
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
