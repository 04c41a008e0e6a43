import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { createHash } from 'crypto';

import { normalizeServerUrl } from './serverUrl';

/** Access token as returned by 3CX, with its lifetime in seconds. */
export interface AccessToken {
	accessToken: string;
	expiresInSeconds: number;
}

/** A token and the time after which the node fetches its successor, in epoch milliseconds. */
export interface SharedToken {
	accessToken: string;
	renewAt: number;
}

/**
 * Maximum head start of a renewal before the token runs out. A token is renewed 15 seconds
 * before it runs out, or after 90% of its lifetime when that lifetime is under 150 seconds, so a
 * request that starts just before the end does not arrive with an expired token.
 */
const MAX_RENEWAL_LEAD_MS = 15_000;

/** Returns when a token with this lifetime, issued now, is due for renewal. */
export function renewalTime(expiresInSeconds: number, now = Date.now()): number {
	const lifetime = expiresInSeconds * 1000;
	return now + lifetime - Math.min(MAX_RENEWAL_LEAD_MS, lifetime / 10);
}

/** The newest token of one API client in this process, and the request for its successor. */
interface TokenSlot {
	current?: SharedToken;
	pending?: Promise<SharedToken>;
}

const tokenSlots = new Map<string, TokenSlot>();

function slotFor(credentials: ICredentialDataDecryptedObject): TokenSlot {
	const key = [
		normalizeServerUrl(credentials.url),
		String(credentials.clientId ?? '').trim(),
		// The key takes part so that a credential with a wrong key never gets another's token.
		createHash('sha256')
			.update(String(credentials.apiKey ?? ''))
			.digest('hex'),
	].join('\n');
	let slot = tokenSlots.get(key);
	if (slot === undefined) {
		slot = {};
		tokenSlots.set(key, slot);
	}
	return slot;
}

/**
 * Hands out one token per API client and process. 3CX revokes a client's token when it issues
 * the next one, so items and nodes that each fetched their own token would revoke each other's.
 * A caller joins a token request already under way, and reuses the newest token unless it is
 * the one in `credentials.accessToken` (which n8n passes when that token got a 401), was
 * rejected, or is due for renewal.
 */
export async function shareAccessToken(
	credentials: ICredentialDataDecryptedObject,
	fetchToken: () => Promise<AccessToken>,
): Promise<SharedToken> {
	const slot = slotFor(credentials);
	if (slot.pending !== undefined) return await slot.pending;

	const failedToken = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	const current = slot.current;
	if (
		current !== undefined &&
		current.accessToken !== failedToken &&
		Date.now() < current.renewAt
	) {
		return current;
	}

	const pending = fetchToken().then((token) => ({
		accessToken: token.accessToken,
		renewAt: renewalTime(token.expiresInSeconds),
	}));
	slot.pending = pending;
	try {
		slot.current = await pending;
		return slot.current;
	} finally {
		slot.pending = undefined;
	}
}

/** Forgets a token that 3CX answered with 401, so that the next caller fetches a new one. */
export function forgetRejectedToken(
	credentials: ICredentialDataDecryptedObject,
	accessToken: unknown,
): void {
	const slot = slotFor(credentials);
	if (slot.current !== undefined && slot.current.accessToken === accessToken) {
		slot.current = undefined;
	}
}
