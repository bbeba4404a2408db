import type { BatchPolicy } from './engine';
import type { ProgressListener, Run, VerificationReport } from './types';
import type { EngineContext } from './context';
import { planRunBatches } from './batches';
import { MigrationError } from './errors';
import { leaseExpired, ownPreparation, WorkLease } from './lease';
import { prepareRun } from './preparation';
import { verifyRun } from './verification';
import { errorMessage } from '../common/errorMessage';

export interface PreparationOptions {
  onProgress?: ProgressListener;
  verifyTimeoutMs?: number;
  policy?: Partial<BatchPolicy>;
  /** The holder seen on an expired lease: this call takes the preparation over from it (a sweep after a crash). */
  takeOver?: string;
  /** Runs once this call holds the preparation (the bot says where it stands), before any work. */
  onClaimed?: (resumed: boolean) => Promise<void>;
  /** Runs while the lease is still held, once batches are planned: the bot posts the verification and the first approval card. */
  onPlanned?: (run: Run, report: VerificationReport) => Promise<void>;
}

/** Attempts of one preparation before a failure that may pass (Graph, storage, Teams) is reported instead of retried. */
export const PREPARATION_ATTEMPTS = 5;

const PREPARABLE = ['created', 'prepared', 'verified'];

/**
 * From the confirmed pre-flight to the first approval: prepares the group, waits for license processing, verifies
 * and plans the batches, holding the run's preparation lease throughout. A process that stops leaves the lease to
 * run out, and any instance's sweep takes the preparation over (each step is safe to repeat).
 */
export async function runPreparationPhase(
  ctx: EngineContext,
  runId: string,
  opts: PreparationOptions = {},
): Promise<{ run: Run; report: VerificationReport }> {
  const owner = ctx.newId();
  const claimedAt = ctx.now();
  let resumedFrom: string | null = null;
  await ctx.runs.update(runId, (r) => {
    const held = r.preparation;
    if (opts.takeOver !== undefined) {
      // Taking over is a compare-and-swap on the holder seen by the sweep: only one instance wins.
      if (!held || held.owner !== opts.takeOver || !leaseExpired(held.leaseUntil, claimedAt))
        throw new MigrationError('alreadyExecuted', `The preparation of run ${runId} was taken over or finished meanwhile.`);
      resumedFrom = held.owner;
    } else if (held && !leaseExpired(held.leaseUntil, claimedAt)) {
      throw new MigrationError('alreadyExecuted', `The preparation of run ${runId} is already going on.`);
    } else if (r.status !== 'created') {
      throw new MigrationError('illegalState', `Run ${runId} is ${r.status}; only a created run is prepared.`);
    }
    if (!PREPARABLE.includes(r.status)) {
      // Paused or cancelled meanwhile: nothing more to prepare, and nobody should try again.
      delete r.preparation;
      return;
    }
    r.preparation = {
      owner,
      leaseUntil: new Date(claimedAt.getTime() + ctx.settings.leaseMs).toISOString(),
      startedAt: held?.startedAt ?? claimedAt.toISOString(),
      attempts: (held?.attempts ?? 0) + 1,
    };
  });
  let run = await ctx.runs.load(runId);
  if (run.preparation?.owner !== owner) throw new MigrationError('illegalState', `Run ${runId} is ${run.status}; preparation stopped.`);
  const lease = new WorkLease(ctx, runId, `the preparation of run ${runId}`, (r) => ownPreparation(r, owner)).start();
  const attempts = run.preparation.attempts ?? 1;
  try {
    await ctx.journal.append({ runId, kind: 'preparation.started', detail: { owner, resumedFrom, attempt: attempts } });
    await opts.onClaimed?.(resumedFrom !== null);
    if (run.status === 'created') run = await prepareRun(ctx, runId, opts.onProgress);
    lease.assertOwned();
    const report = await verifyRun(ctx, runId, { timeoutMs: opts.verifyTimeoutMs, onProgress: opts.onProgress });
    lease.assertOwned();
    // Taken over after the plan was made (the first cards may be out, approvals may have begun): announce it again,
    // never replace it.
    const current = await ctx.runs.load(runId);
    const planned = current.batches.length > 0 ? current : await planRunBatches(ctx, runId, opts.policy);
    await opts.onPlanned?.(planned, report);
    const done = await ctx.runs.update(runId, (r) => {
      ownPreparation(r, owner);
      delete r.preparation;
    });
    await ctx.journal.append({ runId, kind: 'preparation.finished', detail: { owner, batches: done.batches.length } });
    return { run: done, report };
  } catch (err) {
    const code = err instanceof MigrationError ? err.code : undefined;
    if (code === 'handedBack') {
      await lease.release().catch((e: unknown) => ctx.log.warn({ runId, err: errorMessage(e) }, 'could not hand the preparation back'));
      await ctx.journal.append({ runId, kind: 'preparation.handedBack', detail: { owner } });
    } else if (code === undefined && attempts < PREPARATION_ATTEMPTS) {
      // A failure that may pass (Graph, storage, a Teams post): handed back for the next sweep to try again.
      ctx.log.warn({ runId, attempt: attempts, err: errorMessage(err) }, 'preparation failed; the next sweep tries again');
      await lease.release().catch(() => undefined);
      throw new MigrationError('handedBack', `The preparation of run ${runId} failed (${errorMessage(err)}); it is tried again.`);
    } else if (code !== 'alreadyExecuted') {
      // The engine's own refusal (a blocker, processing that never completed) or too many attempts: the admin is
      // told and decides; the sweep does not repeat it.
      await ctx.runs
        .update(runId, (r) => {
          if (r.preparation?.owner === owner) delete r.preparation;
        })
        .catch(() => undefined);
    }
    throw err;
  } finally {
    lease.stop();
  }
}
