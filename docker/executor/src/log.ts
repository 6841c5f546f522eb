// Structured logs: one JSON object per line on stdout, which CloudWatch Logs (awslogs driver) keeps as is.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function isLogLevel(value: string): value is LogLevel {
  return value in SEVERITY;
}

/** Lines below `minimum` are dropped (LOG_LEVEL in the image; `info` by default). */
export function jsonLogger(
  minimum: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  return {
    log(level, message, fields = {}) {
      if (SEVERITY[level] < SEVERITY[minimum]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
