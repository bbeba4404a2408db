import type { Localizer } from '../i18n';
import type { BatchProblemAbout, GroupProblem, SettleGap } from '../migration/outcomeDetail';
import type { PauseCause, Run } from '../migration/types';
import { groupText, outcomeCause, productNamer, type ProductName } from './outcomeText';

/** What stopped removals: a group's problem, with how long it was waited for when it was. */
function groupStop(stop: { group: string; problem: GroupProblem; waitedSeconds?: number }, l: Localizer, name: ProductName): string {
  const said = groupText(stop.problem, stop.group, l, name);
  return stop.waitedSeconds === undefined ? said : l.f(l.m.pause.problem.waited, { problem: said, seconds: stop.waitedSeconds });
}

/**
 * Why a settle check did not finish, from its facts, in the reader's language: the group not ready in time, or a
 * removed user not read back. Products by their readable names (`name`: the run's, else the known names).
 */
export function settleGapText(gap: SettleGap, l: Localizer, name: ProductName = productNamer()): string {
  const t = l.m.pause.problem;
  return gap.kind === 'unread' ? l.f(t.unread, { user: gap.user, failure: gap.failure }) : groupStop(gap, l, name);
}

/** What an unexpected result names, from its facts: a user's outcome, the group, the settle check. */
function problemText(about: BatchProblemAbout, l: Localizer, name: ProductName): string {
  const t = l.m.pause.problem;
  switch (about.kind) {
    case 'user': {
      const o = { outcome: about.outcome, ...(about.code ? { code: about.code } : {}), ...(about.detail ? { detail: about.detail } : {}) };
      return l.f(t.user, { user: about.user, cause: outcomeCause(o, l, name) });
    }
    case 'group':
      return l.f(t.group, { problem: groupStop(about, l, name) });
    case 'settleRestored': {
      const names = about.users.join(', ');
      const users = about.count > about.users.length ? l.f(t.moreUsers, { users: names }) : names;
      return l.p(t.settleRestored, about.count, { users, readd: about.reAdded ? t.reAdded : t.notReAdded });
    }
    case 'settleIncomplete':
      return l.f(t.settleIncomplete, { gap: settleGapText(about.gap, l, name) });
  }
}

/**
 * Why a run paused, in the reader's language when the engine recorded the cause as data (an unexpected result, a
 * rejection or rollback, who paused it without a reason); otherwise the sentence the run carries (a pause someone
 * gave a reason for, in their words, or a run paused by an earlier version). An unexpected result is said from its
 * facts in other languages, products by their readable names; English, and runs paused by earlier versions (no
 * facts), show the engine's own English account. Undefined when the run carries no reason (the engine records a
 * cause only with its reason). Plain text: the caller escapes it for where it goes.
 */
export function pauseReasonText(
  run: Pick<Run, 'pausedReason' | 'pauseCause' | 'batches'> & Partial<Pick<Run, 'skuId' | 'skuPartNumber' | 'skuDisplayName' | 'licenses'>>,
  l: Localizer,
): string | undefined {
  if (!run.pausedReason) return undefined;
  const cause: PauseCause | undefined = run.pauseCause;
  if (!cause) return run.pausedReason;
  const t = l.m.pause;
  const batch = (id: string) => {
    const b = run.batches.find((x) => x.id === id);
    return b ? (b.index === 0 ? t.canary : l.f(t.batch, { number: b.index + 1 })) : id;
  };
  switch (cause.kind) {
    case 'batchProblem': {
      const detail = cause.about && l.locale !== 'en' ? problemText(cause.about, l, productNamer(run)) : cause.detail;
      return l.f(t.batchProblem, { batch: batch(cause.batchId), detail });
    }
    case 'rejected':
      return cause.reason
        ? l.f(t.rejectedBecause, { batch: batch(cause.batchId), by: cause.by, reason: cause.reason })
        : l.f(t.rejected, { batch: batch(cause.batchId), by: cause.by });
    case 'rolledBack':
      return cause.batchId ? l.f(t.rolledBackBatch, { batch: batch(cause.batchId), by: cause.by }) : l.f(t.rolledBackRun, { by: cause.by });
    case 'pausedBy':
      return l.f(t.pausedBy, { by: cause.by });
  }
}
