import { runLabel } from '../migration/runName';
import type { Run } from '../migration/types';
import template from './templates/runStatus.json';
import { bar, clip, formatTime, percent, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';
import { isFinished, usersHandled } from '../migration/types';
import { requestedByText } from './people';
import { runProductNames } from '../migration/runLicenses';
import { pauseReasonText } from './pauseText';

export interface RunStatusCardInput {
  run: Run;
  /** Users handled so far; defaults to outcomes recorded over users in batches. */
  progress?: { done: number; total: number };
  fourEyes: boolean;
  note?: string;
  /** Echoed in the buttons so a click on an outdated card is recognised; default 0. */
  cardVersion?: number;
}

/** The one status card per run, edited in place: progress bar and Pause / Resume / Cancel by status. */
export function buildRunStatusCard(input: RunStatusCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { run } = input;
  const inBatches = run.batches.reduce((sum, b) => sum + b.size, 0);
  const handled = usersHandled(run);
  const progress = input.progress ?? { done: handled, total: inBatches };
  const done = Math.max(0, Math.min(progress.done, progress.total));
  const finished = run.batches.filter(isFinished).length;
  const active = run.status !== 'completed' && run.status !== 'cancelled';
  const t = l.m.cards.runStatus;
  const pausedReason = pauseReasonText(run, l);
  return renderCard(template, {
    t,
    title: l.f(t.title, { sku: clip(runProductNames(run), 120), group: plain(run.groupDisplayName, 90) }),
    fourEyes: input.fourEyes,
    runName: plain(runLabel(run), 200),
    runId: clip(run.id, 128),
    status: t.runStatus[run.status] ?? run.status,
    sku: clip(runProductNames(run), 120),
    group: run.createdGroup ? l.f(t.createdGroup, { group: plain(run.groupDisplayName, 90) }) : plain(run.groupDisplayName, 90),
    requestedBy: requestedByText(run, false, l),
    batches: run.batches.length === 0 ? t.notPlanned : l.f(t.batchesFinished, { finished, total: run.batches.length }),
    updated: formatTime(run.updatedAt),
    progressText:
      progress.total > 0 ? l.f(t.progress, { done, total: progress.total, percent: percent(done, progress.total) }) : t.noBatchYet,
    bar: bar(done, progress.total, run.status === 'paused' ? 'warning' : run.status === 'cancelled' ? 'attention' : 'good'),
    isPaused: run.status === 'paused',
    pausedText: pausedReason ? l.f(t.pausedBecause, { reason: plain(pausedReason, 300) }) : t.paused,
    hasNote: Boolean(input.note),
    note: clip(input.note, 400),
    canPause: active && run.status !== 'paused',
    canResume: run.status === 'paused',
    canCancel: active,
    data: { runId: run.id, cardVersion: input.cardVersion ?? 0 },
  });
}
