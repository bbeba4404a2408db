import type { Localizer } from '../i18n';
import type { PauseCause, Run } from '../migration/types';

/**
 * Why a run paused, in the reader's language when the engine recorded the cause as data; otherwise the sentence the
 * run carries (a pause someone asked for, in their words, or a run paused by an earlier version); undefined when the
 * run carries no reason (the engine records a cause only with its reason). Plain text: the caller escapes it for
 * where it goes.
 */
export function pauseReasonText(run: Pick<Run, 'pausedReason' | 'pauseCause' | 'batches'>, l: Localizer): string | undefined {
  if (!run.pausedReason) return undefined;
  const cause: PauseCause | undefined = run.pauseCause;
  if (!cause) return run.pausedReason;
  const t = l.m.pause;
  const batch = (id: string) => {
    const b = run.batches.find((x) => x.id === id);
    return b ? (b.index === 0 ? t.canary : l.f(t.batch, { number: b.index + 1 })) : id;
  };
  switch (cause.kind) {
    case 'batchProblem':
      return l.f(t.batchProblem, { batch: batch(cause.batchId), detail: cause.detail });
    case 'rejected':
      return cause.reason
        ? l.f(t.rejectedBecause, { batch: batch(cause.batchId), by: cause.by, reason: cause.reason })
        : l.f(t.rejected, { batch: batch(cause.batchId), by: cause.by });
    case 'rolledBack':
      return cause.batchId ? l.f(t.rolledBackBatch, { batch: batch(cause.batchId), by: cause.by }) : l.f(t.rolledBackRun, { by: cause.by });
  }
}
