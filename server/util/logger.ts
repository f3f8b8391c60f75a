/**
 * A small leveled logger writing one JSON line per entry, so logs stay greppable and parseable.
 * Fields of the current request (its `requestId`, see http/requestId.ts) are added to every line
 * written while that request is being handled, service logs included, through AsyncLocalStorage.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Where a finished line goes; the default is stdout, and stderr for warnings and errors. */
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

const defaultSink: LogSink = (line, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);

/** Fields that belong to the work in progress (the request being handled), added to each line. */
export const logContext = new AsyncLocalStorage<Record<string, unknown>>();

function describeError(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

export function createLogger(level: LogLevel, sink: LogSink = defaultSink): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, fields: Record<string, unknown> = {}) => {
    if (order[at] < order[level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: at, message, ...logContext.getStore() };
    for (const [key, value] of Object.entries(fields)) entry[key] = describeError(value);
    sink(JSON.stringify(entry), at);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
