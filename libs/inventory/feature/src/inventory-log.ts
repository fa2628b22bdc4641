import { ConsoleLogger, type LoggerService } from '@nestjs/common';
/**
 * Inventory's structured log: one JSON line per event, with the device id and event ids where
 * they apply. Session events carry no credentials that reach these lines (only ids, offsets and
 * validation messages are logged).
 */
export interface InventoryLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

/** Writes JSON lines (stdout by default), with the time, level and service. */
export function jsonLinesLog(
  write: (line: string) => void = (line) => void process.stdout.write(line),
  service = 'inventory',
): InventoryLog {
  const entry =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level, service, msg: message, ...serializable(fields) })}\n`,
      );
  return { info: entry('info'), warn: entry('warn'), error: entry('error') };
}

/** Errors become their message (and stack for the log reader); the rest stays as it is. */
function serializable(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : value,
    ]),
  );
}

/** Inventory's log through a Nest logger (JSON lines in the apps), like the other services. */
export function nestJsonLog(
  logger: LoggerService = new ConsoleLogger({ json: true }),
): InventoryLog {
  return {
    info: (msg, fields) => logger.log({ msg, ...fields }, 'inventory'),
    warn: (msg, fields) => logger.warn({ msg, ...fields }, 'inventory'),
    error: (msg, fields) => logger.error({ msg, ...fields }, undefined, 'inventory'),
  };
}
