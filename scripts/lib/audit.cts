// Records what the test suite shows to users (output items, errors, credential test results, log
// lines) and the secrets it used (API keys, issued access tokens), so that a check after the
// suite can prove that no secret appears in anything shown. Active only when the environment
// variable THREECX_AUDIT_DIR names a folder; each process appends to its own file there.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What a record is: something shown to a user, or a secret that must not be in any of those. */
export type AuditKind = 'output' | 'error' | 'log' | 'credentialTest' | 'secret';

export interface AuditRecord {
	kind: AuditKind;
	text: string;
}

const directory = process.env.THREECX_AUDIT_DIR
	? resolve(process.env.THREECX_AUDIT_DIR)
	: undefined;
let file: string | undefined;

/** Whether records are being kept in this process. */
export function auditing(): boolean {
	return directory !== undefined;
}

/** Appends one record to this process's audit file. */
export function audit(kind: AuditKind, text: string): void {
	if (directory === undefined || text === '') return;
	if (file === undefined) {
		mkdirSync(directory, { recursive: true });
		file = join(directory, `${process.pid}.jsonl`);
	}
	appendFileSync(file, `${JSON.stringify({ kind, text } satisfies AuditRecord)}\n`);
}

/** Records a secret that nothing shown to a user may contain. */
export function auditSecret(secret: unknown): void {
	if (typeof secret === 'string' && secret.length >= 8) audit('secret', secret);
}
