import type { LicensingGraph } from '../graph/licensingGraph';
import type { Sku, UserLicenses } from '../graph/types';
import type { Run, UserClassification } from './types';
import type { EngineContext } from './context';
import { classifyUser } from './classification';
import { cohortKey, directAssignment } from './cohorts';
import { resolveSku } from './discovery';
import { readRetry } from './readRetry';

/** The run's cohort: direct holders whose disabledPlans equal the run's. */
export function inRunCohort(run: Run, user: UserLicenses): boolean {
  const direct = directAssignment(user, run.skuId);
  return !!direct && cohortKey(run.skuId, direct.disabledPlans) === cohortKey(run.skuId, run.disabledPlans);
}

/** Takes classified users a page at a time. */
export interface ScopeVisitor {
  add(users: readonly UserClassification[]): void;
}

/**
 * Everyone the run is about (the cohort's direct holders plus the group's user members), classified from fresh reads
 * and handed to a visitor a page at a time, so no list of every user is ever built. A read that fails for a while
 * starts the scan over with a visitor from `fresh`, so nobody is counted twice.
 */
export async function scanScope<V extends ScopeVisitor>(
  ctx: EngineContext,
  run: Run,
  processingComplete: boolean,
  fresh: (attempt: number) => V,
  sku?: Sku,
): Promise<{ sku: Sku; visitor: V }> {
  const theSku = sku ?? (await resolveSku(ctx.graph, run.skuId));
  let attempt = 0;
  const visitor = await readRetry(async () => {
    const v = fresh(++attempt);
    for await (const page of classifyPages(ctx.graph, theSku, run.groupId, processingComplete, (u) => inRunCohort(run, u))) v.add(page);
    return v;
  });
  return { sku: theSku, visitor };
}

/**
 * The same classification, a page at a time as Graph serves it: the group's user members first, then the holders
 * outside the group. Only the members' ids are kept between pages (to leave them out of the second pass), so a
 * million-user group streams through in bounded memory.
 */
export async function* classifyPages(
  graph: LicensingGraph,
  sku: Sku,
  groupId: string,
  processingComplete: boolean,
  include: (u: UserLicenses) => boolean = (u) => !!directAssignment(u, sku.skuId),
): AsyncGenerator<UserClassification[]> {
  const memberIds = new Set<string>();
  for await (const page of graph.groupMembers(groupId)) {
    const out: UserClassification[] = [];
    for (const m of page) {
      if (m.kind !== 'user' || memberIds.has(m.id)) continue;
      memberIds.add(m.id);
      out.push(classifyUser({ user: m, sku, groupId, isMember: true, processingComplete }));
    }
    if (out.length) yield out;
  }
  for await (const page of graph.usersWithSku(sku.skuId)) {
    const out: UserClassification[] = [];
    for (const u of page) {
      if (!memberIds.has(u.id) && include(u)) out.push(classifyUser({ user: u, sku, groupId, isMember: false, processingComplete }));
    }
    if (out.length) yield out;
  }
}
