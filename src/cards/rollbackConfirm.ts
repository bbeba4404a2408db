import template from './templates/rollbackConfirm.json';
import { clip, formatCount, plain, plural } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';

export interface RollbackConfirmCardInput {
  runId: string;
  /** The run's readable name (runLabel); the id alone when absent. */
  runName?: string;
  batchId?: string;
  /** Users whose direct assignment would be re-added. */
  users: number;
  cardVersion: number;
}

/** Asks before re-adding direct assignments (verb `run.rollback`); nothing happens until clicked. */
export function buildRollbackConfirmCard(input: RollbackConfirmCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const data: { runId: string; cardVersion: number; batchId?: string } = { runId: input.runId, cardVersion: input.cardVersion };
  if (input.batchId) data.batchId = input.batchId;
  return renderCard(template, {
    t: l.m.cards.rollbackConfirm,
    title: input.batchId ? 'Roll back this batch?' : 'Roll back the whole run?',
    text:
      input.users > 0
        ? `This re-adds the direct assignment of ${plural(input.users, 'user')} with the disabled plans recorded before removal. Group membership stays as it is.`
        : 'No removed direct assignment was found to restore.',
    runName: plain(input.runName ?? input.runId, 200),
    runId: clip(input.runId, 128),
    scope: input.batchId ? clip(`Batch ${input.batchId}`, 140) : 'All batches of the run',
    users: formatCount(input.users),
    hasUsers: input.users > 0,
    data,
  });
}
