/** A logger that keeps what the worker code logs, so tests can check the lines (and what they leave out). */
import type { Logger } from '../../worker/src/sessionHelpers';

export interface LoggedLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	msg: string;
	fields: Record<string, unknown>;
}

export function recordingLogger(lines: LoggedLine[] = [], bound: Record<string, unknown> = {}): Logger & { lines: LoggedLine[] } {
	const write = (level: LoggedLine['level']) => (fieldsOrMsg: unknown, msg?: string) => {
		if (typeof fieldsOrMsg === 'string') lines.push({ level, msg: fieldsOrMsg, fields: { ...bound } });
		else lines.push({ level, msg: msg ?? '', fields: { ...bound, ...(fieldsOrMsg as Record<string, unknown>) } });
	};
	const logger = {
		lines,
		debug: write('debug'),
		info: write('info'),
		warn: write('warn'),
		error: write('error'),
		child: (fields: Record<string, unknown>) => recordingLogger(lines, { ...bound, ...fields }),
	};
	return logger as unknown as Logger & { lines: LoggedLine[] };
}
