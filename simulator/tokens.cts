import { randomBytes } from 'node:crypto';

import { auditSecret } from '../scripts/lib/audit.cjs';

/** Outcome of checking a bearer token against the issued ones. */
export type TokenStatus = 'valid' | 'expired' | 'revoked' | 'unknown';

interface IssuedToken {
	clientId: string;
	expiresAt: number;
	revoked: boolean;
}

/**
 * Issues access tokens the way 3CX does: one valid token per API client, so issuing a new token
 * revokes the client's previous one. Lifetimes are in seconds, as `expires_in` is since 3CX 20.0.9.
 */
export class TokenIssuer {
	private readonly tokens = new Map<string, IssuedToken>();

	private readonly currentByClient = new Map<string, string>();

	constructor(
		public lifetimeSeconds: number,
		private readonly now: () => number = Date.now,
	) {}

	issue(clientId: string): { accessToken: string; expiresIn: number } {
		const previous = this.currentByClient.get(clientId);
		if (previous !== undefined) this.tokens.get(previous)!.revoked = true;

		const accessToken = randomBytes(32).toString('base64url');
		auditSecret(accessToken);
		this.tokens.set(accessToken, {
			clientId,
			expiresAt: this.now() + this.lifetimeSeconds * 1000,
			revoked: false,
		});
		this.currentByClient.set(clientId, accessToken);
		return { accessToken, expiresIn: this.lifetimeSeconds };
	}

	check(accessToken: string): TokenStatus {
		const token = this.tokens.get(accessToken);
		if (token === undefined) return 'unknown';
		if (token.revoked) return 'revoked';
		if (this.now() >= token.expiresAt) return 'expired';
		return 'valid';
	}

	/** Makes every token issued so far expired, as if its lifetime had run out. */
	expireAll(): void {
		const now = this.now();
		for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
	}

	/** Every token issued since the start, valid or not. */
	issued(): string[] {
		return [...this.tokens.keys()];
	}
}
