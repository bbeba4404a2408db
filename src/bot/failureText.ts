import { localizer, type Localizer } from '../i18n';
import { randomUUID } from 'node:crypto';
import { DialogContextError } from 'botbuilder-dialogs';
import { md } from '../cards/format';
import { errorMessage } from '../common/errorMessage';
import { GraphRequestError } from '../graph/types';
import type { Logger } from '../logger';
import { MigrationError } from '../migration/errors';

/**
 * What a person in the channel is told about a failure, in their language. The engine's own refusals are written
 * for people and shown as they are (in English); anything else (storage, Graph internals, a bug) becomes a short line with a reference,
 * and the details go to the log under that reference, never to the channel.
 */
export function failureText(thrown: unknown, logger: Logger, context: Record<string, unknown>, l: Localizer = localizer('en')): string {
  // A dialog step's failure arrives wrapped with the dialog stack; what matters is what the step threw.
  const err = thrown instanceof DialogContextError ? thrown.error : thrown;
  if (err instanceof MigrationError) return md(err.message, 400);
  const reference = randomUUID().slice(0, 8);
  logger.error(
    { ...context, reference, err: errorMessage(err), ...(err instanceof GraphRequestError ? { graph: err.failure.kind } : {}) },
    'failure shown to the channel by reference',
  );
  if (err instanceof GraphRequestError) return l.f(l.m.failure.graph, { kind: err.failure.kind, reference });
  return l.f(l.m.failure.ours, { reference });
}
