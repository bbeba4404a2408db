import type { BatchResult } from './engine';
import type { JournalEntry, ProgressListener, Run, UserOutcome } from './types';
import type { EngineContext } from './context';
import { directAssignment } from './cohorts';
import { readMemberIds, resolveSku } from './discovery';
import { readRetry } from './readRetry';
import { MigrationError } from './errors';
import { JournalBuffer } from './journalBuffer';
import { confirmRemoved, journalState, processBatch } from './removal';

/** Continues every batch left 'running' by a stopped process (lease expired), without repeating what the journal settles. */
export async function resumeInterruptedBatches(ctx: EngineContext, onProgress?: ProgressListener): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const run of await ctx.runs.list()) {
    for (const batch of run.batches) {
      if (batch.status !== 'running') continue;
      if (batch.leaseUntil && new Date(batch.leaseUntil).getTime() > ctx.now().getTime()) continue;
      try {
        results.push(await resumeBatch(ctx, run, batch.id, batch.executionKey, onProgress));
      } catch (err) {
        if (err instanceof MigrationError && err.code === 'alreadyExecuted') continue; // another instance took it
        throw err;
      }
    }
  }
  return results;
}

function outcomeFromEntry(e: JournalEntry): UserOutcome {
  const reason = typeof e.detail?.reason === 'string' ? e.detail.reason : undefined;
  const code = typeof e.detail?.code === 'string' ? e.detail.code : undefined;
  const outcome = e.kind === 'license.removed' ? 'removed' : e.kind === 'user.skipped' ? 'skipped' : 'failed';
  return { userId: e.userId!, batchId: e.batchId!, outcome, ...(reason ? { reason } : {}), ...(code ? { code } : {}), at: e.at };
}

async function resumeBatch(ctx: EngineContext, seen: Run, batchId: string, seenKey: string | undefined, onProgress?: ProgressListener): Promise<BatchResult> {
  const sku = await resolveSku(ctx.graph, seen.skuId);
  const memberIds = await readMemberIds(ctx.graph, seen.groupId);
  const executionKey = ctx.newId();
  // Taking the batch over is itself a compare-and-swap: only one instance wins.
  await ctx.runs.update(seen.id, (r) => {
    const b = r.batches.find((x) => x.id === batchId);
    if (!b || b.status !== 'running' || b.executionKey !== seenKey) throw new MigrationError('alreadyExecuted', `Batch ${batchId} was taken over.`);
    b.executionKey = executionKey;
    b.leaseUntil = new Date(ctx.now().getTime() + ctx.settings.leaseMs).toISOString();
  });
  await ctx.journal.append({ runId: seen.id, batchId, kind: 'batch.started', detail: { executionKey, resumedFrom: seenKey ?? null } });
  const run = await ctx.runs.load(seen.id);
  const batch = run.batches.find((b) => b.id === batchId)!;
  const { settled, inFlight } = journalState(await ctx.journal.read(run.id), batchId);

  // Outcomes the journal knows but the run lost (the process stopped before saving them).
  const known = new Set(run.outcomes.filter((o) => o.batchId === batchId).map((o) => o.userId));
  const recovered = [...settled.values()].filter((e) => !known.has(e.userId!)).map(outcomeFromEntry);

  const resolved = new Set<string>();
  const journal = new JournalBuffer(ctx.journal);
  for (const [userId, entry] of inFlight) {
    const fresh = await readRetry(() => ctx.graph.getUser(userId));
    if (!fresh) continue;
    if (!directAssignment(fresh, sku.skuId)) {
      // The removal went through before the stop: record it (and check services) instead of removing again.
      const undo = entry.undo ?? { skuId: sku.skuId, disabledPlans: [] };
      const o = await confirmRemoved({ ctx, run, sku, batchId, journal }, { user: fresh, undo }, fresh, 'reread after restart');
      recovered.push(o.outcome);
      resolved.add(userId);
    }
  }
  await journal.flush();
  if (recovered.length) await ctx.runs.update(run.id, (r) => r.outcomes.push(...recovered));
  const remaining = batch.userIds.filter((id) => !settled.has(id) && !resolved.has(id));
  ctx.log.info({ runId: run.id, batchId, settled: settled.size, resolved: resolved.size, remaining: remaining.length }, 'resuming interrupted batch');
  return processBatch(ctx, run.id, batchId, executionKey, remaining, { sku, memberIds }, onProgress);
}
