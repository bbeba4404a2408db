import type { BatchResult } from './engine';
import type { BatchProblem, JournalEntry, ProgressListener, Run, UserOutcome } from './types';
import type { EngineContext } from './context';
import { directAssignment } from './cohorts';
import { runSkus, undoFields, undosOf } from './runLicenses';
import { MigrationError } from './errors';
import { gainDetail, isApproved, nextBatch, personKey } from './approvals';
import { batchLease, leaseExpired, ownBatch, type WorkLease } from './lease';
import { checkGroup } from './groupGate';
import { JournalBuffer } from './journalBuffer';
import {
  BatchJournalState,
  giveBack,
  removalRisk,
  confirmRemoved,
  executeRunBatch,
  processBatch,
  readFresh,
  relianceAfterRemoval,
  reliesOnOf,
  gateTrouble,
  relianceTrouble,
  restoreDetail,
} from './removal';
import { parseOutcomeDetail, parseRiskAbout } from './outcomeDetail';
import { BatchTallier, IssueSample, outcomeEntry, outcomeOf, userProblem } from './outcomes';
import { batchUserIds } from './batches';
import type { RemovedUser } from './settleCheck';

/** Work no live process holds, found by a sweep: each kind is continued by whoever takes it first. */
export type InterruptedWork =
  /** A batch left 'running' whose lease ran out or was handed back. */
  | { kind: 'batch'; runId: string; batchId: string; executionKey?: string }
  /** A batch with its approvals that nobody started (the process stopped right after the approval). */
  | { kind: 'approvedBatch'; runId: string; batchId: string }
  /** A preparation (group, processing, verification, plan) whose lease ran out or was handed back. */
  | { kind: 'preparation'; runId: string; owner: string };

/** Every piece of interrupted work in the store, oldest run first. */
export async function findInterruptedWork(ctx: EngineContext): Promise<InterruptedWork[]> {
  const now = ctx.now();
  const work: InterruptedWork[] = [];
  for (const run of await ctx.runs.list()) {
    if (run.preparation && leaseExpired(run.preparation.leaseUntil, now)) {
      work.push({ kind: 'preparation', runId: run.id, owner: run.preparation.owner });
    }
    const running = run.batches.filter((b) => b.status === 'running');
    for (const b of running) {
      if (leaseExpired(b.leaseUntil, now)) work.push({ kind: 'batch', runId: run.id, batchId: b.id, executionKey: b.executionKey });
    }
    const next = nextBatch(run);
    if (running.length === 0 && next && (run.status === 'verified' || run.status === 'removing')) {
      // Left alone for a lease's length after the last approval: the approving process normally starts it at once.
      const decidedAt = Math.max(0, ...next.approvals.map((a) => new Date(a.at).getTime() || 0));
      if (isApproved(run, next, ctx.settings.fourEyes) && now.getTime() - decidedAt >= ctx.settings.leaseMs) {
        work.push({ kind: 'approvedBatch', runId: run.id, batchId: next.id });
      }
    }
  }
  return work;
}

/** Continues every batch left 'running' by a stopped process (lease expired), without repeating what the journal settles. */
export async function recoverInterruptedBatches(ctx: EngineContext, onProgress?: ProgressListener): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const w of await findInterruptedWork(ctx)) {
    if (w.kind !== 'batch') continue;
    try {
      results.push(await resumeBatch(ctx, w.runId, w.batchId, w.executionKey, onProgress));
    } catch (err) {
      if (err instanceof MigrationError && err.code === 'alreadyExecuted') continue; // another instance took it
      throw err;
    }
  }
  return results;
}

function outcomeFromEntry(e: JournalEntry): UserOutcome {
  const reason =
    typeof e.detail?.reason === 'string'
      ? e.detail.reason
      : e.kind === 'license.restored'
        ? 'services lost after removal; direct assignment re-added'
        : undefined;
  const code =
    typeof e.detail?.code === 'string'
      ? e.detail.code
      : e.kind === 'license.restored' || e.kind === 'license.restoreFailed'
        ? 'servicesLost'
        : undefined;
  const outcome = e.kind === 'license.removed' ? 'removed' : e.kind === 'user.skipped' ? 'skipped' : 'failed';
  const detail = parseOutcomeDetail(e.detail?.about);
  return {
    userId: e.userId!,
    batchId: e.batchId!,
    outcome,
    ...(reason ? { reason } : {}),
    ...(code ? { code } : {}),
    ...(detail ? { detail } : {}),
    at: e.at,
  };
}

/**
 * Takes over a batch another process left running (its lease ran out or was handed back), settles what the journal
 * left in flight by reading the users, and continues with the users nobody handled yet.
 */
export async function resumeBatch(
  ctx: EngineContext,
  runId: string,
  batchId: string,
  seenKey: string | undefined,
  onProgress?: ProgressListener,
): Promise<BatchResult> {
  const executionKey = ctx.newId();
  // Taking the batch over is itself a compare-and-swap on the key seen by the sweep: only one instance wins.
  const claimed = await ctx.runs.update(runId, (r) => {
    const b = r.batches.find((x) => x.id === batchId);
    if (!b || b.status !== 'running' || b.executionKey !== seenKey || !leaseExpired(b.leaseUntil, ctx.now()))
      throw new MigrationError('alreadyExecuted', `Batch ${batchId} was taken over.`);
    b.executionKey = executionKey;
    b.leaseUntil = new Date(ctx.now().getTime() + ctx.settings.leaseMs).toISOString();
  });
  // The heartbeat starts with the claim: settling what the stopped process left in flight can take a while.
  const lease = batchLease(ctx, runId, batchId, executionKey).start();
  try {
    return await continueBatch(ctx, claimed, batchId, executionKey, seenKey, lease, onProgress);
  } catch (err) {
    lease.stop();
    throw err;
  }
}

async function continueBatch(
  ctx: EngineContext,
  claimed: Run,
  batchId: string,
  executionKey: string,
  seenKey: string | undefined,
  lease: WorkLease,
  onProgress?: ProgressListener,
): Promise<BatchResult> {
  const runId = claimed.id;
  const skus = await runSkus(ctx.graph, claimed);
  await ctx.journal.append({ runId, batchId, kind: 'batch.started', detail: { executionKey, resumedFrom: seenKey ?? null } });
  const run = await ctx.runs.load(runId);
  const batch = run.batches.find((b) => b.id === batchId)!;
  // One pass over the journal as a stream: the batch's state, its outcomes so far and the users to name.
  const state = new BatchJournalState(batchId);
  const tallier = new BatchTallier(batchId);
  const issues = new IssueSample();
  const countOutcome = (o: UserOutcome) => {
    tallier.add(o);
    if (o.batchId === batchId) issues.add(o);
  };
  for (const o of run.outcomes ?? []) countOutcome(o);
  for await (const e of ctx.journal.entries(run.id)) {
    state.add(e);
    const o = outcomeOf(e);
    if (o) countOutcome(o);
  }
  const { settled, inFlight } = state;
  onProgress?.({ type: 'batchResumed', runId, batchId, done: settled.size, total: batch.size });

  // Outcomes the journal settles but never recorded (the process stopped between the two).
  const recovered = [...settled.values()].filter((e) => !tallier.has(e.userId!)).map(outcomeFromEntry);
  // Everyone this batch removed goes through the settle check again, whichever process removed them.
  const removed = new Map<string, RemovedUser>();
  for (const e of settled.values()) {
    if (e.kind !== 'license.removed' || !e.undo) continue;
    const reliesOn = reliesOnOf(e);
    removed.set(e.userId!, { undos: undosOf(e), ...(reliesOn ? { reliesOn } : {}) });
  }

  const resolved = new Set<string>();
  let problem: BatchProblem | undefined;
  const journal = new JournalBuffer(ctx.journal);
  const ids = [...inFlight.keys()];
  for (let at = 0; at < ids.length; at += ctx.settings.chunkSize) {
    const chunk = ids.slice(at, at + ctx.settings.chunkSize);
    const [fresh, gate] = await Promise.all([readFresh(ctx, run, chunk), checkGroup(ctx, run)]);
    for (const userId of chunk) {
      const entry = inFlight.get(userId)!;
      const f = fresh.get(userId.toLowerCase())!;
      const undos = entry.undo ? undosOf(entry) : [{ skuId: skus[0].skuId, disabledPlans: [] }];
      if (!f.read.ok) {
        if (f.read.failure.kind === 'notFound') continue; // gone from the directory: judged (skipped) with the rest
        // Judged afresh, a removal that went through would look like a user who never had a direct assignment and
        // escape every check. The settle check reads them again once Entra has settled and restores what is missing.
        const reliesOn = reliesOnOf(entry);
        removed.set(userId, { undos, ...(reliesOn ? { reliesOn } : {}) });
        const reason = `the removal was under way when the process stopped and the user could not be read back (${f.read.failure.kind}); the settle check reads them again and re-adds the direct assignment if a service is missing`;
        const o: UserOutcome = { userId, batchId, outcome: 'failed', reason, code: 'unconfirmed', at: ctx.now().toISOString() };
        recovered.push(o);
        problem ??= userProblem(o);
        resolved.add(userId);
        continue;
      }
      // One write takes every product or none: what is still direct was not removed (or was restored).
      const now = f.read.value;
      const gone = undos.filter((u) => !directAssignment(now, u.skuId));
      // One write takes every product or none: a removal with some products gone and others still direct did not
      // apply (someone else took the others). Not the run's removal: the user is judged again with the batch's rest.
      if (entry.kind === 'license.removing' && gone.length > 0 && gone.length < undos.length) {
        // Unless the write applied and a product was given back since (it cannot be told apart): whatever of what
        // went the user no longer gets from any path is re-added now, whoever took it.
        const risk = removalRisk(skus, run, gone, now, f.member.ok ? f.member.value : null, null);
        if (!risk) continue;
        lease.assertOwned();
        const o = await giveBack(ctx, journal, { run, batchId, user: now, gone, risk }, 'reread after restart', {
          situation: 'the removal was under way when the process stopped and',
          when: 'restart',
        });
        recovered.push(o.outcome);
        problem ??= o.unexpected;
        resolved.add(userId);
        continue;
      }
      if (gone.length === 0) {
        if (entry.kind === 'license.restoring') {
          // The restore went through before the stop: say so instead of judging the user again.
          await journal.append({
            runId: run.id,
            batchId,
            userId,
            kind: 'license.restored',
            ...undoFields(undos),
            detail: { how: 'found restored after restart', reason: entry.detail?.reason ?? null },
          });
          const reason = `after removal ${String(entry.detail?.reason ?? 'services were lost')}; direct assignment re-added`;
          // The intent names what put the user at risk (written by this version): the card says it from that.
          const risk = parseRiskAbout(entry.detail?.about);
          const o: UserOutcome = {
            userId,
            userPrincipalName: f.read.value.userPrincipalName,
            batchId,
            outcome: 'failed',
            reason,
            code: 'servicesLost',
            ...(risk ? { detail: restoreDetail('removal', risk, { ok: true }) } : {}),
            at: ctx.now().toISOString(),
          };
          recovered.push(o);
          problem ??= userProblem(o);
          resolved.add(userId);
        }
        continue;
      }
      // The removal went through before the stop: judge it like any removal (services, membership, group license).
      lease.assertOwned();
      const state = { ctx, run, skus, batchId, journal, removed };
      const reliesOn = reliesOnOf(entry);
      const removal = { user: f.read.value, undos: gone, ...(reliesOn ? { reliesOn } : {}) };
      const groupProblem = !gate.ok && !gate.waiting ? gateTrouble(gate) : null;
      const o = await confirmRemoved(
        state,
        removal,
        f.read.value,
        f.member.ok ? f.member.value : null,
        groupProblem ?? relianceTrouble((await relianceAfterRemoval(ctx, run, skus, [removal])).get(userId)),
        'reread after restart',
      );
      recovered.push(o.outcome);
      problem ??= o.unexpected;
      resolved.add(userId);
    }
  }
  for (const o of recovered) {
    journal.defer(outcomeEntry(run.id, o));
    countOutcome(o);
  }
  await journal.flush();
  // The counts are rebuilt from the journal: the run may have missed the last chunk's before the stop.
  await ctx.runs.update(run.id, (r) => {
    ownBatch(r, batchId, executionKey).tally = tallier.tally();
  });
  const remaining = (await batchUserIds(ctx, run, batch)).filter((id) => !settled.has(id) && !resolved.has(id));
  ctx.log.info(
    { runId: run.id, batchId, settled: settled.size, resolved: resolved.size, remaining: remaining.length },
    'resuming interrupted batch',
  );
  return processBatch(ctx, run.id, batchId, executionKey, remaining, { skus, removed, problem, issues }, lease, onProgress);
}

/**
 * Starts an approved batch nobody started (found by a sweep). The process that took the approval may have stopped
 * between saving it and journaling it: an approval the journal lacks is journaled first, so every removal in the
 * journal still follows its approval.
 */
export async function startApprovedBatch(
  ctx: EngineContext,
  runId: string,
  batchId: string,
  onProgress?: ProgressListener,
): Promise<BatchResult> {
  const run = await ctx.runs.load(runId);
  const batch = run.batches.find((b) => b.id === batchId);
  if (batch) {
    // An approval is the person and the gain they accepted: a second approval that accepted a gain is journaled too.
    const key = (actor: string, gain: unknown) => `${personKey(actor)}|${Array.isArray(gain) ? gain.join(',') : ''}`;
    const journaled = new Set<string>();
    for await (const e of ctx.journal.entries(runId))
      if (e.kind === 'batch.approval' && e.batchId === batchId && e.actorId) journaled.add(key(e.actorId, e.detail?.acceptedGain));
    const missing = batch.approvals.filter((a) => !journaled.has(key(a.approverId, a.acceptedGain)));
    for (const a of missing) {
      await ctx.journal.append({
        runId,
        batchId,
        kind: 'batch.approval',
        actorId: personKey(a.approverId),
        detail: {
          decision: a.decision,
          reason: a.reason ?? null,
          ...gainDetail(run, batchId, a),
          decidedAt: a.at,
          journaledAfterRestart: true,
        },
      });
    }
  }
  return executeRunBatch(ctx, runId, batchId, onProgress);
}
