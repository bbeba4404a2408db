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
import { nameReliedOn, ReliedOnTally } from './reliedOn';
import { runSkus, tagForProduct } from './runLicenses';

const REPLACEABLE = new Set(['planned', 'awaitingApproval', 'rejected']);

/**
 * Plans batches of currently ready and planGain users (fresh classification), replacing batches not yet approved.
 * planGain users are planned like ready ones, and each batch records how many it holds and what they would gain:
 * its approval card offers to accept the gain, and execution removes them only when the approval did.
 */
export async function planRunBatches(ctx: EngineContext, runId: string, policy: Partial<BatchPolicy> = {}): Promise<Run> {
  const full: BatchPolicy = { ...ctx.settings.batchPolicy, ...policy };
  const problems = batchPolicyProblems(full);
  if (problems.length) throw new MigrationError('badInput', `Bad batch policy: ${problems.join('; ')}.`);
  const run = await ctx.runs.load(runId);
  assertStatus(run, ['verified', 'removing', 'paused', 'completed'], 'plan batches');
  const group = await readRetry(() => ctx.graph.getGroup(run.groupId));
  // Only the removable users' ids and names (and what a few of them rely on or gain) are kept while the scope streams by.
  // A run of several products plans everyone ready for at least one of them (each product is judged again at removal).
  const found = new Map<string, string>();
  const notes = new Map<string, Pick<UserClassification, 'gainedPlans' | 'reliesOn'>>();
  const skus = await runSkus(ctx.graph, run);
  for (const sku of skus) {
    await scanScope(
      ctx,
      run,
      !!group && processingComplete(group),
      () => ({
        add(users: readonly UserClassification[]) {
          for (const u of users) {
            if (u.class !== 'ready' && u.class !== 'planGain') continue;
            found.set(u.userId, u.userPrincipalName);
            if (u.class !== 'planGain' && !u.reliesOn?.length) continue;
            const known = notes.get(u.userId);
            // Tagged with their product as the removal judges them (see removal.judge).
            tagForProduct(u, sku, skus.length > 1);
            notes.set(u.userId, {
              gainedPlans: [...(known?.gainedPlans ?? []), ...(u.gainedPlans ?? [])],
              reliesOn: [...(known?.reliesOn ?? []), ...(u.reliesOn ?? [])],
            });
          }
        },
      }),
      sku,
    );
  }
  const visitor = { found: [...found].map(([userId, userPrincipalName]) => ({ userId, userPrincipalName })), notes };
  // Batches go in name order, canary first, as an admin reads them on the cards.
  const ready = visitor.found.sort((a, b) => byName(a.userPrincipalName, b.userPrincipalName)).map((u) => u.userId);
  const groupNames = new Map<string, string>();
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
      return {
        listId,
        size: userIds.length,
        sample: userIds.slice(0, SAMPLE_SIZE),
        ...(await notesOf(ctx, userIds, visitor.notes, groupNames)),
      };
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

/** What a batch's approval card says about its users beyond their names: the gain to accept, other groups relied on. */
async function notesOf(
  ctx: EngineContext,
  userIds: readonly string[],
  notes: ReadonlyMap<string, Pick<UserClassification, 'gainedPlans' | 'reliesOn'>>,
  groupNames: Map<string, string>,
): Promise<Pick<Batch, 'gain' | 'reliedOn'>> {
  let gainers = 0;
  const gained = new Set<string>();
  const relied = new ReliedOnTally();
  for (const id of userIds) {
    const n = notes.get(id);
    if (!n) continue;
    if (n.gainedPlans?.length) {
      gainers++;
      for (const p of n.gainedPlans) gained.add(p);
    }
    relied.add(n);
  }
  const out: Pick<Batch, 'gain' | 'reliedOn'> = {};
  if (gainers) out.gain = { users: gainers, plans: [...gained].sort() };
  const top = relied.top();
  if (top.length) {
    // Each group's name is read once per plan, however many batches rely on it.
    const unnamed = top.filter((g) => !groupNames.has(g.groupId));
    for (const g of await nameReliedOn(ctx.graph, unnamed)) if (g.groupDisplayName) groupNames.set(g.groupId, g.groupDisplayName);
    out.reliedOn = top.map((g) => (groupNames.has(g.groupId) ? { ...g, groupDisplayName: groupNames.get(g.groupId) } : g));
  }
  return out;
}

/** Users shown by name on cards before the count of the rest. */
const SAMPLE_SIZE = 10;

/** A batch's users: its stored list, or the ids inline in a run an earlier version wrote. */
export async function batchUserIds(ctx: Pick<EngineContext, 'runs'>, run: Pick<Run, 'id'>, batch: Batch): Promise<string[]> {
  if (batch.userIds) return batch.userIds;
  if (!batch.listId) return [];
  return ctx.runs.readUserList(run.id, batch.listId);
}
