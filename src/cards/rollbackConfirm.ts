import template from './templates/rollbackConfirm.json';
import { clip, plain } from './format';
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
  const t = l.m.cards.rollbackConfirm;
  return renderCard(template, {
    t,
    title: input.batchId ? t.titleBatch : t.titleRun,
    text: input.users > 0 ? l.p(t.text, input.users) : t.nothing,
    runName: plain(input.runName ?? input.runId, 200),
    runId: clip(input.runId, 128),
    scope: input.batchId ? clip(l.f(t.scopeBatch, { batch: input.batchId }), 140) : t.scopeRun,
    users: l.n(input.users),
    hasUsers: input.users > 0,
    data,
  });
}
