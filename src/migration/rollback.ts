import type { LicenseUndo, UserOutcome } from './types';
import type { EngineContext } from './context';
import { directAssignment } from './cohorts';
import { MigrationError } from './errors';
import { readUsers } from './readRetry';
import { restoreAll } from './restore';
import { undoFields, undosOf } from './runLicenses';
import { BatchTallier, outcomeEntry, runOutcomes } from './outcomes';

/** Outcomes journaled per append: one durable write per stretch, not per user. */
const OUTCOMES_PER_APPEND = 500;

/** Re-adds, with their recorded disabledPlans, the direct assignments this run removed (one batch or the whole run) that are missing now. */
export async function rollbackRun(ctx: EngineContext, runId: string, actorId: string, batchId?: string): Promise<UserOutcome[]> {
  if (typeof actorId !== 'string' || !actorId.trim())
    throw new MigrationError('badInput', 'Rollback needs the id of the admin asking for it.');
  const run = await ctx.runs.load(runId);
  if (batchId !== undefined && !run.batches.some((b) => b.id === batchId))
    throw new MigrationError('notFound', `Run ${runId} has no batch ${batchId}.`);
  if (run.batches.some((b) => b.status === 'running'))
    throw new MigrationError('illegalState', 'A batch is running; pause the run and wait for the batch to stop before rolling back.');

  // Everyone this run tried to remove is a candidate, whatever the journal's last word: an answer lost on the
  // way may hide a removal that was applied. The directory decides: only a missing direct assignment is restored.
  const candidates = new Map<string, { batchId: string; undos: LicenseUndo[]; last: string }>();
  for await (const e of ctx.journal.entries(runId)) {
    if (!e.userId || !e.batchId || (batchId && e.batchId !== batchId)) continue;
    const known = candidates.get(e.userId);
    if ((e.kind === 'license.removing' || e.kind === 'license.removed') && e.undo)
      candidates.set(e.userId, { batchId: e.batchId, undos: undosOf(e), last: e.kind });
    else if (known && e.kind.startsWith('license.')) known.last = e.kind;
  }
  const outcomes: UserOutcome[] = [];
  const ids = [...candidates.keys()];
  for (let at = 0; at < ids.length; at += ctx.settings.chunkSize) {
    const chunk = ids.slice(at, at + ctx.settings.chunkSize);
    const reads = await readUsers(ctx.graph, chunk);
    const toRestore: { userId: string; undos: LicenseUndo[] }[] = [];
    for (const userId of chunk) {
      const { batchId: b, undos, last } = candidates.get(userId)!;
      const read = reads.find((r) => r.id.toLowerCase() === userId.toLowerCase());
      if (read && !read.ok && read.failure.kind === 'notFound') continue;
      if (!read?.ok) {
        // Unknown state is reported, never guessed: the admin can roll back again.
        const why = read && !read.ok ? read.failure.kind : 'no result';
        await ctx.journal.append({
          runId,
          batchId: b,
          userId,
          actorId,
          kind: 'license.restoreFailed',
          ...undoFields(undos),
          detail: { reason: `could not read the user (${why})`, phase: 'rollback' },
        });
        outcomes.push({
          userId,
          batchId: b,
          outcome: 'failed',
          reason: `restore failed: could not read the user (${why})`,
          code: 'restoreFailed',
          detail: { kind: 'rollback', failure: read && !read.ok ? { kind: 'unreadable', failure: why } : { kind: 'noResult' } },
          at: ctx.now().toISOString(),
        });
        continue;
      }
      const now = read.value;
      const missing = undos.filter((u) => !directAssignment(now, u.skuId));
      if (missing.length === 0) {
        // Restored already, never removed, or re-added by someone else (whose disabledPlans must not be overwritten).
        if (last === 'license.removed') {
          await ctx.journal.append({
            runId,
            batchId: b,
            userId,
            actorId,
            kind: 'user.skipped',
            detail: { reason: 'already has a direct assignment; not restored', phase: 'rollback' },
          });
          outcomes.push({
            userId,
            userPrincipalName: read.value.userPrincipalName,
            batchId: b,
            outcome: 'skipped',
            reason: 'already has a direct assignment',
            at: ctx.now().toISOString(),
          });
        }
        continue;
      }
      // Only what is missing comes back: a product someone re-added keeps their disabledPlans.
      toRestore.push({ userId, undos: missing });
    }
    const restored = await Promise.all(
      toRestore.map(async ({ userId, undos }) => {
        const { batchId: b } = candidates.get(userId)!;
        return {
          userId,
          result: await restoreAll(ctx, ctx.journal, { runId, batchId: b, userId, actorId }, undos, { phase: 'rollback' }),
        };
      }),
    );
    for (const { userId, result } of restored) {
      const { batchId: b } = candidates.get(userId)!;
      outcomes.push({
        userId,
        batchId: b,
        outcome: result.ok ? 'restored' : 'failed',
        ...(result.ok
          ? {}
          : {
              reason: `restore failed: ${result.reason}`,
              code: 'restoreFailed',
              ...(result.failure ? { detail: { kind: 'rollback' as const, failure: result.failure } } : {}),
            }),
        at: ctx.now().toISOString(),
      });
    }
  }
  const touched = new Set([...candidates.values()].map((v) => v.batchId));
  const failedAny = outcomes.some((o) => o.outcome === 'failed');
  for (let at = 0; at < outcomes.length; at += OUTCOMES_PER_APPEND)
    await ctx.journal.appendMany(outcomes.slice(at, at + OUTCOMES_PER_APPEND).map((o) => outcomeEntry(runId, o)));
  // The touched batches' counts are rebuilt from the journal, which now holds the rollback's outcomes too.
  const talliers = new Map([...touched].map((id) => [id, new BatchTallier(id)]));
  for await (const o of runOutcomes(ctx, run)) talliers.get(o.batchId)?.add(o);
  await ctx.runs.update(runId, (r) => {
    for (const b of r.batches) {
      const t = talliers.get(b.id);
      if (t) b.tally = t.tally();
    }
    for (const b of r.batches)
      if (touched.has(b.id) && (b.status === 'done' || b.status === 'failed') && !failedAny) b.status = 'rolledBack';
    if (r.status === 'removing' || r.status === 'completed' || r.status === 'verified') {
      r.status = 'paused';
      r.pausedReason = `Rolled back ${batchId ? `batch ${batchId}` : 'the run'} by ${actorId}`;
      r.pauseCause = { kind: 'rolledBack', ...(batchId ? { batchId } : {}), by: actorId };
    }
  });
  await ctx.journal.append({
    runId,
    kind: 'run.status',
    actorId,
    detail: {
      action: 'rollback',
      batchId: batchId ?? null,
      restored: outcomes.filter((o) => o.outcome === 'restored').length,
      failed: outcomes.filter((o) => o.outcome === 'failed').length,
    },
  });
  return outcomes;
}
