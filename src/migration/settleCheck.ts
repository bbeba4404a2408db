import type { Sku } from '../graph/types';
import type { SettleReport } from './types';
import type { LicenseUndo, ReliedOnGroup, Run, UserOutcome } from './types';
import { unconfirmedRunReliance, type Unconfirmed } from './otherGroups';
import type { RiskAbout, Said, SettleGap } from './outcomeDetail';
import type { EngineContext } from './context';
import { awaitGroupReady, groupStopOf } from './groupGate';
import type { JournalBuffer } from './journalBuffer';
import { readUsers } from './readRetry';
import { restoreAll } from './restore';
import { servicesLostOf } from './effectivePlans';
import { ruleProperties, runRule, runRuleMiss } from './dynamicRule';

export interface RemovedUser {
  /** Every direct assignment the removal took (several in a run of several products). */
  undos: LicenseUndo[];
  userPrincipalName?: string;
  /** Other groups the user's services rely on (union coverage); their processing is waited for too. */
  reliesOn?: readonly ReliedOnGroup[];
}

/**
 * After a batch: waits until Entra has applied every pending change to the group, then reads every user the
 * batch removed and re-adds the direct assignment (with its recorded disabledPlans) for anyone whose
 * services shrank. Returns what it checked and whom it restored; their outcomes are returned for the run. When the
 * check did not finish, the report says why in English (`reason`) and as data (`gap`).
 */
export async function settleBatch(
  ctx: EngineContext,
  run: Run,
  skus: readonly Sku[],
  batchId: string,
  removed: ReadonlyMap<string, RemovedUser>,
  journal: JournalBuffer,
): Promise<{ report: SettleReport; outcomes: UserOutcome[] }> {
  const report: SettleReport = { checked: 0, restored: [], complete: true };
  const outcomes: UserOutcome[] = [];
  if (removed.size === 0) return { report, outcomes };
  const gate = await awaitGroupReady(ctx, run);
  let gap: SettleGap | undefined = gate.ok ? undefined : groupStopOf(gate);
  if (!gate.ok && gate.waiting) return { report: { ...report, complete: false, reason: gate.reason, ...(gap ? { gap } : {}) }, outcomes };
  // A changed group license is no reason to skip the check: it is exactly when users lose services.
  if (!gate.ok) report.reason = gate.reason;
  // The other groups users rely on are waited for as well, and confirmed: a user who left one of them (or whose
  // attributes no longer match its rule) keeps the services only until Entra applies that.
  const relying = [...removed.entries()].filter(([, r]) => r.reliesOn?.length).map(([userId, r]) => ({ userId, reliesOn: r.reliesOn }));
  const reliance = relying.length ? await unconfirmedRunReliance(ctx, run, skus, relying) : new Map<string, Unconfirmed>();
  const ids = [...removed.keys()];
  for (let at = 0; at < ids.length; at += ctx.settings.chunkSize) {
    const chunk = ids.slice(at, at + ctx.settings.chunkSize);
    for (const read of await readUsers(ctx.graph, chunk, ruleProperties(runRule(run)))) {
      const userId = chunk.find((id) => id.toLowerCase() === read.id.toLowerCase()) ?? read.id;
      const { undos, userPrincipalName } = removed.get(userId)!;
      if (!read.ok) {
        if (read.failure.kind === 'notFound') continue;
        report.complete = false;
        report.reason ??= `could not read ${userPrincipalName ?? userId} back (${read.failure.kind})`;
        gap ??= { kind: 'unread', user: userPrincipalName ?? userId, failure: read.failure.kind };
        continue;
      }
      report.checked++;
      const user = read.value;
      const { lost, notHeld } = servicesLostOf(skus, undos, user);
      const leaving = runRuleMiss(run, user);
      const unconfirmed = reliance.get(userId) ?? null;
      if (lost.length === 0 && notHeld.length === 0 && !leaving && !unconfirmed) continue;
      const upn = user.userPrincipalName;
      const risk: Said<RiskAbout> = notHeld.length
        ? { text: `no longer held ${notHeld.join(', ')}`, about: { kind: 'notHeld', skus: notHeld } }
        : lost.length
          ? { text: `lost ${lost.join(', ')}`, about: { kind: 'lost', plans: lost } }
          : leaving
            ? { text: leaving.text, about: { kind: 'ruleMiss', ...leaving.about } }
            : { text: unconfirmed!.text, about: { kind: 'reliance', reliance: unconfirmed!.about } };
      const what = risk.text;
      const restore = await restoreAll(ctx, journal, { runId: run.id, batchId, userId }, undos, {
        phase: 'settle',
        reason: `settle check: ${what}`,
        about: risk.about,
        lost,
      });
      report.restored.push({ userId, userPrincipalName: upn, lost: [...notHeld, ...lost], ok: restore.ok });
      const reason = `settle check: ${what} once group processing settled; direct assignment ${restore.ok ? 're-added' : `could NOT be re-added (${restore.reason})`}`;
      outcomes.push({
        userId,
        userPrincipalName: upn,
        batchId,
        outcome: 'failed',
        reason,
        code: 'servicesLostAfterSettle',
        detail: {
          kind: 'restore',
          when: 'settle',
          risk: risk.about,
          reAdded: restore.ok,
          ...(!restore.ok && restore.failure ? { restoreFailure: restore.failure } : {}),
        },
        at: ctx.now().toISOString(),
      });
    }
  }
  await journal.flush();
  if (gap && !report.complete) report.gap = gap;
  return { report, outcomes };
}
