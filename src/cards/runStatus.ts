import { runLabel } from '../migration/runName';
import type { Run, RunStatus } from '../migration/types';
import template from './templates/runStatus.json';
import { bar, clip, formatCount, formatTime, percent, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';
import { isFinished, usersHandled } from '../migration/types';
import { requestedByText } from './people';

export interface RunStatusCardInput {
  run: Run;
  /** Users handled so far; defaults to outcomes recorded over users in batches. */
  progress?: { done: number; total: number };
  fourEyes: boolean;
  note?: string;
  /** Echoed in the buttons so a click on an outdated card is recognised; default 0. */
  cardVersion?: number;
}

const STATUS_TEXT: Record<RunStatus, string> = {
  created: 'Created',
  prepared: 'Group prepared',
  verified: 'Verified',
  removing: 'Removing direct assignments',
  paused: 'Paused',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** The one status card per run, edited in place: progress bar and Pause / Resume / Cancel by status. */
export function buildRunStatusCard(input: RunStatusCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const { run } = input;
  const inBatches = run.batches.reduce((sum, b) => sum + b.size, 0);
  const handled = usersHandled(run);
  const progress = input.progress ?? { done: handled, total: inBatches };
  const done = Math.max(0, Math.min(progress.done, progress.total));
  const finished = run.batches.filter(isFinished).length;
  const active = run.status !== 'completed' && run.status !== 'cancelled';
  return renderCard(template, {
    t: l.m.cards.runStatus,
    title: `Migration ${clip(run.skuPartNumber, 60)} → ${plain(run.groupDisplayName, 90)}`,
    fourEyes: input.fourEyes,
    runName: plain(runLabel(run), 200),
    runId: clip(run.id, 128),
    status: STATUS_TEXT[run.status] ?? run.status,
    sku: clip(run.skuPartNumber, 80),
    group: `${plain(run.groupDisplayName, 90)}${run.createdGroup ? ' (created by this run)' : ''}`,
    requestedBy: requestedByText(run),
    batches: run.batches.length === 0 ? 'Not planned yet' : `${formatCount(finished)} of ${formatCount(run.batches.length)} finished`,
    updated: formatTime(run.updatedAt),
    progressText:
      progress.total > 0
        ? `${formatCount(done)} of ${formatCount(progress.total)} users in batches handled (removed, skipped or failed) (${percent(done, progress.total)}%)`
        : 'No removal batch has run yet.',
    bar: bar(done, progress.total, run.status === 'paused' ? 'warning' : run.status === 'cancelled' ? 'attention' : 'good'),
    isPaused: run.status === 'paused',
    pausedText: `Paused${run.pausedReason ? `: ${plain(run.pausedReason, 300)}` : ''}. Resume when it is safe to continue.`,
    hasNote: Boolean(input.note),
    note: clip(input.note, 400),
    canPause: active && run.status !== 'paused',
    canResume: run.status === 'paused',
    canCancel: active,
    data: { runId: run.id, cardVersion: input.cardVersion ?? 0 },
  });
}
