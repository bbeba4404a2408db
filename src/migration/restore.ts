import type { ItemResult, UserLicenses } from '../graph/types';
import type { EngineContext } from './context';
import type { JournalEntry, LicenseUndo } from './types';
import { undoFields } from './runLicenses';
import { directAssignment } from './cohorts';
import { isUncertainFailure, readRetry } from './readRetry';
import { errorMessage } from '../common/errorMessage';
import type { RestoreFailure } from './outcomeDetail';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RestoreResult {
  ok: boolean;
  /** Why it failed, in English for the journal and logs. */
  reason?: string;
  /** Why it failed, as data for cards. */
  failure?: RestoreFailure;
  attempts: number;
}

const samePlans = (a: readonly string[], b: readonly string[]) =>
  [...a]
    .map((x) => x.toLowerCase())
    .sort()
    .join(',') ===
  [...b]
    .map((x) => x.toLowerCase())
    .sort()
    .join(',');

/**
 * Gives a user their direct assignment back with its recorded disabledPlans, ahead of queued removals.
 * An uncertain answer is resolved by reading the user: a direct path with those plans is success, none is
 * sent again (at once, then with doubling waits, six tries in all) until it is confirmed. The journal entries are the caller's.
 */
export async function restoreDirect(
  ctx: EngineContext,
  userId: string,
  undo: { skuId: string; disabledPlans: string[] },
  attempts = 6,
  delayMs = 100,
): Promise<RestoreResult> {
  let reason = 'no result';
  let failure: RestoreFailure = { kind: 'noResult' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let res: ItemResult<UserLicenses | null> | undefined;
    try {
      [res] = await ctx.graph.addDirectLicense([{ userId, license: { skuId: undo.skuId, disabledPlans: [...undo.disabledPlans] } }], {
        urgent: true,
      });
    } catch (err) {
      reason = errorMessage(err);
      failure = { kind: 'error', message: reason };
    }
    if (res?.ok) return { ok: true, attempts: attempt };
    if (res && !res.ok) {
      reason = `${res.failure.kind}: ${res.failure.message}`;
      failure = { kind: 'graph', failure: res.failure.kind, message: res.failure.message };
      if (!isUncertainFailure(res.failure.kind)) return { ok: false, reason, failure, attempts: attempt };
    }
    // The answer was lost or refused for now: the user's direct path is the truth.
    const fresh = await readRetry(() => ctx.graph.getUser(userId)).catch(() => undefined);
    if (fresh === null) return { ok: false, reason: 'user no longer exists', failure: { kind: 'userGone' }, attempts: attempt };
    const direct = fresh ? directAssignment(fresh, undo.skuId) : null;
    if (direct) {
      // Someone else's direct assignment (different plans) is theirs to keep; ours is confirmed only when it matches.
      return samePlans(direct.disabledPlans, undo.disabledPlans)
        ? { ok: true, attempts: attempt }
        : {
            ok: false,
            reason: 'a different direct assignment appeared meanwhile; left as it is',
            failure: { kind: 'otherAssignment' },
            attempts: attempt,
          };
    }
    // The first resend follows the re-read at once: Entra may be about to apply the change the restore answers.
    if (attempt > 1 && attempt < attempts) await sleep(delayMs * 2 ** (attempt - 2));
  }
  return { ok: false, reason, failure, attempts };
}

/** Where restores are journaled: the run's journal, or a chunk's buffer of it. */
export interface RestoreJournal {
  append(e: Omit<JournalEntry, 'seq' | 'at'>): Promise<unknown>;
  appendMany(e: Omit<JournalEntry, 'seq' | 'at'>[]): Promise<unknown>;
}

/** Where a restore is journaled: the run, batch and user it is for, and who asked (rollback). */
export interface RestoreSubject {
  runId: string;
  batchId: string;
  userId: string;
  actorId?: string;
}

/**
 * Journals the intent to restore (durably, before anything is sent), restores, and journals the result:
 * a crash at any point leaves an intent that recovery finishes.
 */
export async function restoreJournaled(
  ctx: EngineContext,
  journal: RestoreJournal,
  subject: RestoreSubject,
  undo: { skuId: string; disabledPlans: string[] },
  detail: Record<string, unknown>,
): Promise<RestoreResult> {
  const who = {
    runId: subject.runId,
    batchId: subject.batchId,
    userId: subject.userId,
    ...(subject.actorId ? { actorId: subject.actorId } : {}),
  };
  await journal.append({ ...who, kind: 'license.restoring', undo, detail });
  const result = await restoreDirect(ctx, subject.userId, undo);
  const phase = detail.phase === undefined ? {} : { phase: detail.phase };
  await journal.append({
    ...who,
    kind: result.ok ? 'license.restored' : 'license.restoreFailed',
    undo,
    detail: result.ok ? phase : { ...phase, reason: result.reason },
  });
  return result;
}

/**
 * Restores every direct assignment one removal took. Several products share one intent and one result (written
 * together): a crash after the first product is back still leaves an intent that names them all, so recovery gives
 * back the rest. Ok only when all came back, with the first failure's reason.
 */
export async function restoreAll(
  ctx: EngineContext,
  journal: RestoreJournal,
  subject: RestoreSubject,
  undos: readonly LicenseUndo[],
  detail: Record<string, unknown>,
): Promise<RestoreResult> {
  if (undos.length === 0) return { ok: true, attempts: 0 };
  if (undos.length === 1) return restoreJournaled(ctx, journal, subject, undos[0], detail);
  const who = {
    runId: subject.runId,
    batchId: subject.batchId,
    userId: subject.userId,
    ...(subject.actorId ? { actorId: subject.actorId } : {}),
  };
  await journal.append({ ...who, kind: 'license.restoring', ...undoFields(undos), detail });
  let attempts = 0;
  const back: LicenseUndo[] = [];
  const failed: { undo: LicenseUndo; reason?: string; failure?: RestoreFailure }[] = [];
  for (const undo of undos) {
    const result = await restoreDirect(ctx, subject.userId, undo);
    attempts += result.attempts;
    if (result.ok) back.push(undo);
    else failed.push({ undo, reason: result.reason, failure: result.failure });
  }
  const phase = detail.phase === undefined ? {} : { phase: detail.phase };
  const failure = failed.length ? `${failed[0].undo.skuId}: ${failed[0].reason}` : undefined;
  // One write for both results: what came back and what did not settle the intent together.
  await journal.appendMany([
    ...(back.length ? [{ ...who, kind: 'license.restored' as const, ...undoFields(back), detail: phase }] : []),
    ...(failed.length
      ? [
          {
            ...who,
            kind: 'license.restoreFailed' as const,
            ...undoFields(failed.map((f) => f.undo)),
            detail: { ...phase, reason: failure },
          },
        ]
      : []),
  ]);
  if (failure === undefined) return { ok: true, attempts };
  const first = failed[0];
  return { ok: false, reason: failure, failure: { ...(first.failure ?? { kind: 'noResult' }), sku: first.undo.skuId }, attempts };
}
