import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { StoredCredential } from '../scripts/lib/credentialsStore.cjs';
import type { Fixture } from './helpers.cjs';
import { NODE_NAME, startFixture, threeCxNode, useNewApiClient, workflowWith } from './helpers.cjs';

const PATH = '/xapi/v1/Microsoft365Integration';
const GET_INTEGRATION = { resource: 'microsoft365Integration', operation: 'get' };

/** Makes a self-signed certificate for 127.0.0.1 with openssl, valid for one day. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-3cx-tls-'));
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
				'-addext',
				'subjectAltName=IP:127.0.0.1',
				'-keyout',
				join(folder, 'key.pem'),
				'-out',
				join(folder, 'cert.pem'),
			],
			{ stdio: 'pipe' },
		);
		return {
			key: readFileSync(join(folder, 'key.pem')),
			cert: readFileSync(join(folder, 'cert.pem')),
		};
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

const SSL_MESSAGE =
	/the SSL certificate of the 3CX server was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/;

describe('3CX served over HTTPS with a self-signed certificate', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture({ tls: selfSignedCertificate() });
		assert.match(fixture.simulator.url, /^https:\/\//);
	});
	after(async () => {
		await fixture.close();
	});
	beforeEach(() => {
		fixture.simulator.reset();
	});

	/** Points credential `cred-1` at a new API client, with Ignore SSL Issues as given. */
	function useCredential(ignoreSslIssues: boolean, extra: StoredCredential['data'] = {}) {
		const credential = useNewApiClient(fixture);
		fixture.credential = {
			...credential,
			data: { ...credential.data, ignoreSslIssues, ...extra },
		};
		fixture.engine.addCredential(fixture.credential);
		return fixture.credential;
	}

	describe('with Ignore SSL Issues on', () => {
		it('gets a token and calls XAPI', async () => {
			const { engine, simulator } = fixture;
			useCredential(true);

			const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

			assert.equal(result.error, undefined);
			assert.equal(result.json(NODE_NAME)[0].TenantId, 'contoso.onmicrosoft.com');
			assert.deepEqual(
				simulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`),
				['POST /connect/token 200', `GET ${PATH} 200`],
			);
		});

		it('passes the credential test', async () => {
			const credential = useCredential(true);

			const result = await fixture.engine.testCredential(credential);

			assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
		});

		it('fetches a new token after a 401 and repeats the request', async () => {
			const { engine, simulator } = fixture;
			useCredential(true);
			await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));
			simulator.reset();
			simulator.tokens.expireAll();

			const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

			assert.equal(result.error, undefined);
			assert.deepEqual(
				simulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`),
				[`GET ${PATH} 401`, 'POST /connect/token 200', `GET ${PATH} 200`],
			);
		});
	});

	describe('with Ignore SSL Issues off', () => {
		it('fails the token call with an SSL message', async () => {
			const { engine, simulator } = fixture;
			useCredential(false);

			const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

			assert.match(String(result.error?.message), /Could not get an access token from https:/);
			assert.match(String(result.error?.message), SSL_MESSAGE);
			assert.match(String(result.error?.message), /turn on Ignore SSL Issues in the credential/);
			assert.equal(simulator.requests.length, 0, 'no request gets past the TLS handshake');
		});

		it('fails the credential test with an SSL message', async () => {
			const credential = useCredential(false);

			const result = await fixture.engine.testCredential(credential);

			assert.equal(result.status, 'Error');
			assert.match(result.message, SSL_MESSAGE);
		});

		it('fails an XAPI call with a stored token with an SSL message', async () => {
			const { engine, simulator } = fixture;
			const renewAfter = new Date(Date.now() + 3_600_000).toISOString();
			useCredential(false, { accessToken: 'stored-token-0123456789', renewAfter });

			const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

			assert.equal(
				result.error?.message,
				'Microsoft 365 Integration → Get failed: the SSL certificate of the 3CX server was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT)',
			);
			assert.match(String(result.error?.description), /turn on Ignore SSL Issues/);
			assert.equal(simulator.requests.length, 0);
		});

		it('fails the renewal of an expired token with an SSL message', async () => {
			const { engine, simulator } = fixture;
			const renewAfter = new Date(Date.now() - 1000).toISOString();
			useCredential(false, { accessToken: 'stored-token-0123456789', renewAfter });

			const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

			assert.match(String(result.error?.message), /Could not get an access token/);
			assert.match(String(result.error?.message), SSL_MESSAGE);
			assert.equal(simulator.requests.length, 0);
		});
	});
});

describe('an https:// Server URL for a port that serves HTTP', () => {
	let fixture: Fixture;

	before(async () => {
		fixture = await startFixture();
	});
	after(async () => {
		await fixture.close();
	});

	it('names the failed handshake and the scheme to check', async () => {
		const { engine, simulator } = fixture;
		const credential = useNewApiClient(fixture);
		fixture.engine.addCredential({
			...credential,
			data: { ...credential.data, url: simulator.url.replace('http://', 'https://') },
		});

		const result = await engine.run(workflowWith(threeCxNode(engine, GET_INTEGRATION)));

		assert.match(
			String(result.error?.message),
			/Could not get an access token from https:\/\/127\.0\.0\.1:\d+\/connect\/token: the TLS handshake with the 3CX server failed \((EPROTO|ERR_SSL_WRONG_VERSION_NUMBER)\)\. The port may serve plain HTTP: use http:\/\//,
		);
		assert.equal(simulator.requests.length, 0);
	});
});
