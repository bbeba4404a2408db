import type { UserOutcome } from './types';
import type { EngineContext } from './context';
import { directAssignment } from './cohorts';
import { MigrationError } from './errors';
import { readUsers } from './readRetry';

/** Re-adds direct assignments recorded as removed in the journal (one batch or the whole run) with their disabledPlans. */
export async function rollbackRun(ctx: EngineContext, runId: string, actorId: string, batchId?: string): Promise<UserOutcome[]> {
  if (typeof actorId !== 'string' || !actorId.trim()) throw new MigrationError('badInput', 'Rollback needs the id of the admin asking for it.');
  const run = await ctx.runs.load(runId);
  if (batchId !== undefined && !run.batches.some((b) => b.id === batchId)) throw new MigrationError('notFound', `Run ${runId} has no batch ${batchId}.`);
  if (run.batches.some((b) => b.status === 'running')) throw new MigrationError('illegalState', 'A batch is running; pause the run and wait for the batch to stop before rolling back.');

  // Last word per user wins: removed → needs restoring; restored afterwards → nothing to do.
  const toRestore = new Map<string, { batchId: string; undo: { skuId: string; disabledPlans: string[] } }>();
  for (const e of await ctx.journal.read(runId)) {
    if (!e.userId || !e.batchId || (batchId && e.batchId !== batchId)) continue;
    if (e.kind === 'license.removed' && e.undo) toRestore.set(e.userId, { batchId: e.batchId, undo: e.undo });
    if (e.kind === 'license.restored') toRestore.delete(e.userId);
  }
  const outcomes: UserOutcome[] = [];
  const ids = [...toRestore.keys()];
  for (let at = 0; at < ids.length; at += ctx.settings.chunkSize) {
    const chunk = ids.slice(at, at + ctx.settings.chunkSize);
    const reads = await readUsers(ctx.graph, chunk);
    const items: { userId: string; license: { skuId: string; disabledPlans: string[] } }[] = [];
    for (const userId of chunk) {
      const { batchId: b, undo } = toRestore.get(userId)!;
      const read = reads.find((r) => r.id.toLowerCase() === userId.toLowerCase());
      if (read?.ok && directAssignment(read.value, undo.skuId)) {
        // Someone (the legacy automation) re-added it already; adding again would overwrite their disabledPlans.
        await ctx.journal.append({ runId, batchId: b, userId, actorId, kind: 'user.skipped', detail: { reason: 'already has a direct assignment; not restored', phase: 'rollback' } });
        outcomes.push({ userId, userPrincipalName: read.value.userPrincipalName, batchId: b, outcome: 'skipped', reason: 'already has a direct assignment', at: ctx.now().toISOString() });
        continue;
      }
      await ctx.journal.append({ runId, batchId: b, userId, actorId, kind: 'license.restoring', undo });
      items.push({ userId, license: { skuId: undo.skuId, disabledPlans: [...undo.disabledPlans] } });
    }
    if (!items.length) continue;
    const results = await ctx.graph.addDirectLicense(items);
    for (const item of items) {
      const { batchId: b, undo } = toRestore.get(item.userId)!;
      const res = results.find((r) => r.id.toLowerCase() === item.userId.toLowerCase());
      let ok = !!res?.ok;
      let why = res && !res.ok ? `${res.failure.kind}: ${res.failure.message}` : 'no result';
      if (!ok) {
        // A dropped answer may hide a success: the user's direct path is the truth.
        const fresh = await ctx.graph.getUser(item.userId).catch(() => null);
        const direct = fresh ? directAssignment(fresh, undo.skuId) : null;
        if (direct && [...direct.disabledPlans].sort().join(',') === [...undo.disabledPlans].sort().join(',')) ok = true;
        else if (fresh && !direct && res && !res.ok && ['timeout', 'unavailable', 'throttled'].includes(res.failure.kind)) {
          const [again] = await ctx.graph.addDirectLicense([item]);
          ok = !!again?.ok;
          if (!ok && again && !again.ok) why = `${again.failure.kind}: ${again.failure.message}`;
        }
      }
      await ctx.journal.append({ runId, batchId: b, userId: item.userId, actorId, kind: ok ? 'license.restored' : 'license.restoreFailed', undo, ...(ok ? {} : { detail: { reason: why } }) });
      outcomes.push({ userId: item.userId, batchId: b, outcome: ok ? 'restored' : 'failed', ...(ok ? {} : { reason: `restore failed: ${why}`, code: 'restoreFailed' }), at: ctx.now().toISOString() });
    }
  }
  const touched = new Set([...toRestore.values()].map((v) => v.batchId));
  const failedAny = outcomes.some((o) => o.outcome === 'failed');
  await ctx.runs.update(runId, (r) => {
    r.outcomes.push(...outcomes);
    for (const b of r.batches) if (touched.has(b.id) && (b.status === 'done' || b.status === 'failed') && !failedAny) b.status = 'rolledBack';
    if (r.status === 'removing' || r.status === 'completed' || r.status === 'verified') {
      r.status = 'paused';
      r.pausedReason = `Rolled back ${batchId ? `batch ${batchId}` : 'the run'} by ${actorId}`;
    }
  });
  await ctx.journal.append({ runId, kind: 'run.status', actorId, detail: { action: 'rollback', batchId: batchId ?? null, restored: outcomes.filter((o) => o.outcome === 'restored').length, failed: outcomes.filter((o) => o.outcome === 'failed').length } });
  return outcomes;
}
