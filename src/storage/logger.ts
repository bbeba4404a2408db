import pino from 'pino';

/** The part of a pino logger storage uses, so callers can pass theirs (or a child of it). */
export interface StorageLogger {
  warn(obj: object, msg: string): void;
}

/** Quiet under jest; otherwise at LOG_LEVEL. */
export function defaultStorageLogger(): StorageLogger {
  return pino({ name: 'storage', level: process.env.NODE_ENV === 'test' ? 'silent' : (process.env.LOG_LEVEL ?? 'info') });
}
