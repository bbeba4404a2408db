import pino from 'pino';

/** Paths whose values must never reach a log line, whatever object they appear in. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  '*.authorization',
  '*.headers.authorization',
  'secret',
  '*.secret',
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'GRAPH_CLIENT_SECRET',
  '*.GRAPH_CLIENT_SECRET',
  'clientSecret',
  '*.clientSecret',
];

export type Logger = pino.Logger;

/** The process logger; level from LOG_LEVEL, silent under jest unless asked otherwise. */
export function createLogger(level?: string, destination?: pino.DestinationStream): Logger {
  const resolved = level ?? process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info');
  const options: pino.LoggerOptions = {
    level: resolved,
    base: { app: 'license-migration-bot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger: Logger = createLogger();
