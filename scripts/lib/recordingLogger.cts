import { audit } from './audit.cjs';

/** One line that n8n or a node logged. */
export interface LogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: Record<string, unknown>;
}

/**
 * Stands in for n8n's logger in the test engine: it keeps every line, so that tests can check what
 * a node logged through `this.logger`, and hands it to the audit of shown text.
 */
export class RecordingLogger {
	readonly lines: LogLine[] = [];

	error(message: string, metadata?: Record<string, unknown>): void {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: Record<string, unknown>): void {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: Record<string, unknown>): void {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: Record<string, unknown>): void {
		this.record('debug', message, metadata);
	}

	scoped(): RecordingLogger {
		return this;
	}

	private record(level: LogLine['level'], message: string, metadata?: Record<string, unknown>) {
		const line: LogLine =
			metadata === undefined ? { level, message } : { level, message, metadata };
		this.lines.push(line);
		audit('log', safeJson(line));
	}
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value);
	} catch {
		return String((value as LogLine).message);
	}
}
