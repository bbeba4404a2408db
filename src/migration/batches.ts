import { isCommitted, type Batch, type Run, type UserClassification } from './types';
import type { BatchPolicy } from './engine';
import type { EngineContext } from './context';
import { batchPolicyProblems, splitIntoBatches } from './batchPlan';
import { MigrationError } from './errors';
import { readRetry } from './readRetry';
import { assertStatus } from './runLifecycle';
import { scanScope } from './scope';
import { byName } from './firstByName';

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
  const { visitor } = await scanScope(ctx, run, group?.licenseProcessingState === 'ProcessingComplete', () => {
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
  return ctx.runs.update(runId, (r) => {
    assertStatus(r, ['verified', 'removing', 'paused', 'completed'], 'plan batches');
    const kept = r.batches.filter((b) => !REPLACEABLE.has(b.status));
    const taken = new Set(kept.filter(isCommitted).flatMap((b) => b.userIds));
    let index = r.batches.reduce((m, b) => Math.max(m, b.index), -1) + 1;
    const fresh: Batch[] = splitIntoBatches(
      ready.filter((id) => !taken.has(id)),
      full,
    ).map((userIds) => {
      const i = index++;
      return { id: `b${i}`, index: i, userIds, status: 'planned', approvals: [] };
    });
    r.batches = [...kept, ...fresh];
    // Stragglers (skipped users, joiners) reopen a completed run.
    if (r.status === 'completed' && fresh.length) r.status = 'removing';
  });
}
