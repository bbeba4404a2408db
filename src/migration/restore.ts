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
  // One product is the one-element case of restoring several (one write, the same read-back and resends).
  const { results, attempts: sent } = await restoreDirectAll(ctx, userId, [undo], attempts, delayMs);
  const [r] = results;
  return r.ok ? { ok: true, attempts: sent } : { ok: false, reason: r.reason, failure: r.failure, attempts: sent };
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

/** Refusals about the user or the caller, not one product: sending the products one at a time would only repeat them. */
const USER_REFUSALS: ReadonlySet<string> = new Set(['notFound', 'usageLocationMissing', 'forbidden', 'unauthorized']);

/** One product's result in a restore of several. */
interface ProductResult {
  undo: LicenseUndo;
  ok: boolean;
  reason?: string;
  failure?: RestoreFailure;
}

/**
 * Gives a user several direct assignments back in one write (each with its recorded disabledPlans), ahead of queued
 * removals, with restoreDirect's guarantees per product. An uncertain answer is resolved by reading the user: a
 * product held directly with its plans is back, one held directly with other plans is someone else's (left as it
 * is), and only the missing ones are sent again, together (at once, then with doubling waits, `attempts` tries in
 * all). Graph applies the write whole or not at all, so a definite refusal (no free units of one product, say) may
 * be about one product only: then each product still missing is given back on its own (restoreDirect), so every
 * one that can come back does.
 */
async function restoreDirectAll(
  ctx: EngineContext,
  userId: string,
  undos: readonly LicenseUndo[],
  attempts = 6,
  delayMs = 100,
): Promise<{ results: ProductResult[]; attempts: number }> {
  const results = new Map<LicenseUndo, ProductResult>();
  let pending = [...undos];
  let reason = 'no result';
  let failure: RestoreFailure = { kind: 'noResult' };
  let sent = 0;
  const settle = (undo: LicenseUndo, r: Omit<ProductResult, 'undo'>) => results.set(undo, { undo, ...r });
  const ordered = () => undos.map((u) => results.get(u) ?? { undo: u, ok: false, reason, failure });
  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
    let res: ItemResult<UserLicenses | null> | undefined;
    sent = attempt;
    try {
      [res] = await ctx.graph.addDirectLicenses(
        [{ userId, licenses: pending.map((u) => ({ skuId: u.skuId, disabledPlans: [...u.disabledPlans] })) }],
        { urgent: true },
      );
    } catch (err) {
      reason = errorMessage(err);
      failure = { kind: 'error', message: reason };
    }
    if (res?.ok) {
      for (const u of pending) settle(u, { ok: true });
      return { results: ordered(), attempts: sent };
    }
    if (res && !res.ok) {
      reason = `${res.failure.kind}: ${res.failure.message}`;
      failure = { kind: 'graph', failure: res.failure.kind, message: res.failure.message };
      if (!isUncertainFailure(res.failure.kind)) {
        if (pending.length === 1 || USER_REFUSALS.has(res.failure.kind)) {
          // Refused for this one product, or for the user whatever the product: what restoreDirect would answer for each.
          for (const u of pending) settle(u, { ok: false, reason, failure });
          return { results: ordered(), attempts: sent };
        }
        // Refused whole, perhaps for one product: each comes back on its own, so one short of units keeps no other away.
        for (const u of pending) {
          const one = await restoreDirect(ctx, userId, u, attempts, delayMs);
          sent += one.attempts;
          settle(u, one);
        }
        return { results: ordered(), attempts: sent };
      }
    }
    // The answer was lost or refused for now: the user's direct paths are the truth.
    const fresh = await readRetry(() => ctx.graph.getUser(userId)).catch(() => undefined);
    if (fresh === null) {
      for (const u of pending) settle(u, { ok: false, reason: 'user no longer exists', failure: { kind: 'userGone' } });
      return { results: ordered(), attempts: sent };
    }
    if (fresh) {
      pending = pending.filter((u) => {
        const direct = directAssignment(fresh, u.skuId);
        if (!direct) return true;
        // Someone else's direct assignment (different plans) is theirs to keep; ours is confirmed only when it matches.
        if (samePlans(direct.disabledPlans, u.disabledPlans)) settle(u, { ok: true });
        else
          settle(u, {
            ok: false,
            reason: 'a different direct assignment appeared meanwhile; left as it is',
            failure: { kind: 'otherAssignment' },
          });
        return false;
      });
    }
    // The first resend follows the re-read at once: Entra may be about to apply the change the restore answers.
    if (pending.length > 0 && attempt > 1 && attempt < attempts) await sleep(delayMs * 2 ** (attempt - 2));
  }
  return { results: ordered(), attempts: sent };
}

/**
 * Restores every direct assignment one removal took, in one write for all of them (restoreDirectAll). Several
 * products share one intent and one result (written together): a crash after the write still leaves an intent that
 * names them all, so recovery gives back whatever is missing. Ok only when all came back, with the first failure's
 * reason.
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
  const { results, attempts } = await restoreDirectAll(ctx, subject.userId, undos);
  const back = results.filter((r) => r.ok).map((r) => r.undo);
  const failed = results.filter((r) => !r.ok);
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
