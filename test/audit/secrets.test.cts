// Runs after the rest of the suite (see scripts/test.cts) and reads what it recorded.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { AuditRecord } from '../../scripts/lib/audit.cjs';

const auditDir = process.env.THREECX_AUDIT_DIR;

function readRecords(): AuditRecord[] {
	assert.ok(auditDir, 'run the suite with `npm test`, which sets THREECX_AUDIT_DIR');
	assert.ok(existsSync(auditDir), `${auditDir} does not exist: the suite recorded nothing`);
	return readdirSync(auditDir)
		.filter((file) => file.endsWith('.jsonl'))
		.flatMap((file) =>
			readFileSync(join(auditDir, file), 'utf8')
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => JSON.parse(line) as AuditRecord),
		);
}

/** Returns each secret found in the shown texts, with the kind of text it was found in. */
export function findLeaks(records: AuditRecord[]): string[] {
	const secrets = new Set(records.filter((record) => record.kind === 'secret').map((r) => r.text));
	const leaks: string[] = [];
	for (const kind of ['output', 'error', 'log', 'credentialTest'] as const) {
		const shown = records
			.filter((record) => record.kind === kind)
			.map((record) => record.text)
			.join('\n');
		for (const secret of secrets) {
			if (shown.includes(secret)) leaks.push(`${kind}: ${secret.slice(0, 4)}…`);
		}
	}
	return leaks;
}

describe('secrets', () => {
	it('appear in no output item, error, credential test result or log line of the suite', () => {
		const records = readRecords();
		const count = (kind: AuditRecord['kind']) =>
			records.filter((record) => record.kind === kind).length;

		// The suite must have produced enough of each for the check to mean something.
		assert.ok(count('secret') >= 50, `only ${count('secret')} API keys and tokens recorded`);
		assert.ok(count('output') >= 1000, `only ${count('output')} output items recorded`);
		assert.ok(count('error') >= 100, `only ${count('error')} errors recorded`);
		assert.ok(count('credentialTest') >= 3, `only ${count('credentialTest')} credential tests`);
		assert.ok(count('log') >= 1, 'no log line recorded');

		assert.deepEqual(findLeaks(records), []);
	});

	it('are found by the check when they do appear', () => {
		const token = 'eyJhbGciOiJIUzI1NiJ9-sample-token';
		const leaks = findLeaks([
			{ kind: 'secret', text: token },
			{ kind: 'secret', text: 'demo-api-key-unused' },
			{ kind: 'log', text: `{"message":"GET /xapi/v1/Users","headers":"Bearer ${token}"}` },
		]);

		assert.deepEqual(leaks, ['log: eyJh…']);
	});
});
