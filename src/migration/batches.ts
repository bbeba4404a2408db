import { isCommitted, type Batch, type Run, type UserClassification } from './types';
import { emptyTally } from './outcomes';
import type { BatchPolicy } from './engine';
import type { EngineContext } from './context';
import { batchPolicyProblems, splitIntoBatches } from './batchPlan';
import { MigrationError } from './errors';
import { readRetry } from './readRetry';
import { assertStatus } from './runLifecycle';
import { scanScope } from './scope';
import { byName } from './firstByName';
import { processingComplete } from './groupGate';

const REPLACEABLE = new Set(['planned', 'awaitingApproval', 'rejected']);

/** Plans batches of currently ready users (fresh classification), replacing batches not yet approved. */
export async function planRunBatches(ctx: EngineContext, runId: string, policy: Partial<BatchPolicy> = {}): Promise<Run> {
  const full: BatchPolicy = { ...ctx.settings.batchPolicy, ...policy };
  const problems = batchPolicyProblems(full);
  if (problems.length) throw new MigrationError('badInput', `Bad batch policy: ${problems.join('; ')}.`);
  const run = await ctx.runs.load(runId);
  assertStatus(run, ['verified', 'removing', 'paused', 'completed'], 'plan batches');
  const group = await readRetry(() => ctx.graph.getGroup(run.groupId));
  // Only the ready users' ids and names are kept while the scope streams by; the batches need every ready id anyway.
  const { visitor } = await scanScope(ctx, run, !!group && processingComplete(group), () => {
    const found: { userId: string; userPrincipalName: string }[] = [];
    return {
      found,
      add(users: readonly UserClassification[]) {
        for (const u of users) if (u.class === 'ready') found.push({ userId: u.userId, userPrincipalName: u.userPrincipalName });
      },
    };
  });
  // Batches go in name order, canary first, as an admin reads them on the cards.
  const ready = visitor.found.sort((a, b) => byName(a.userPrincipalName, b.userPrincipalName)).map((u) => u.userId);
  // Users of approved and running batches are spoken for. Their lists are read before the update, which refuses
  // the plan (and it is planned again) if such a batch appeared meanwhile.
  const committed = run.batches.filter(isCommitted);
  const taken = new Set<string>();
  for (const b of committed) for (const id of await batchUserIds(ctx, run, b)) taken.add(id);
  // Each list is stored under a new id before the run refers to it; a list a lost update leaves behind is unused.
  const lists = await Promise.all(
    splitIntoBatches(
      ready.filter((id) => !taken.has(id)),
      full,
    ).map(async (userIds) => {
      const listId = ctx.newId();
      await ctx.runs.saveUserList(runId, listId, userIds);
      return { listId, size: userIds.length, sample: userIds.slice(0, SAMPLE_SIZE) };
    }),
  );
  return ctx.runs.update(runId, (r) => {
    assertStatus(r, ['verified', 'removing', 'paused', 'completed'], 'plan batches');
    const kept = r.batches.filter((b) => !REPLACEABLE.has(b.status));
    const nowCommitted = kept.filter(isCommitted).map((b) => b.id);
    if (nowCommitted.some((id) => !committed.some((b) => b.id === id)))
      throw new MigrationError('concurrency', 'A batch was approved while the plan was made; nothing changed, plan again.');
    let index = r.batches.reduce((m, b) => Math.max(m, b.index), -1) + 1;
    const fresh: Batch[] = lists.map((list) => {
      const i = index++;
      return { id: `b${i}`, index: i, ...list, tally: emptyTally(), status: 'planned', approvals: [] };
    });
    r.batches = [...kept, ...fresh];
    // Stragglers (skipped users, joiners) reopen a completed run.
    if (r.status === 'completed' && fresh.length) r.status = 'removing';
  });
}

/** Users shown by name on cards before the count of the rest. */
const SAMPLE_SIZE = 10;

/** A batch's users: its stored list, or the ids inline in a run an earlier version wrote. */
export async function batchUserIds(ctx: Pick<EngineContext, 'runs'>, run: Pick<Run, 'id'>, batch: Batch): Promise<string[]> {
  if (batch.userIds) return batch.userIds;
  if (!batch.listId) return [];
  return ctx.runs.readUserList(run.id, batch.listId);
}
