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

/** Everyone the run is about, classified from fresh reads: the cohort's direct holders plus the group's user members. */
export async function classifyScope(
  ctx: EngineContext,
  run: Run,
  processingComplete: boolean,
  sku?: Sku,
): Promise<{ sku: Sku; users: UserClassification[] }> {
  const theSku = sku ?? (await resolveSku(ctx.graph, run.skuId));
  const users = await classifyAgainstGroup(ctx.graph, theSku, run.groupId, processingComplete, (u) => inRunCohort(run, u));
  return { sku: theSku, users };
}

/**
 * Classifies the group's user members plus the SKU's holders that `include` selects (default: every direct holder),
 * sorted by userPrincipalName. Read-only.
 */
export async function classifyAgainstGroup(
  graph: LicensingGraph,
  sku: Sku,
  groupId: string,
  processingComplete: boolean,
  include: (u: UserLicenses) => boolean = (u) => !!directAssignment(u, sku.skuId),
): Promise<UserClassification[]> {
  // Page by page, keeping only each user's classification: a 100,000-user group never sits in memory whole.
  const memberIds = new Set<string>();
  const out = new Map<string, UserClassification>();
  await readRetry(async () => {
    memberIds.clear();
    out.clear();
    for await (const page of graph.groupMembers(groupId)) {
      for (const m of page) {
        if (m.kind !== 'user') continue;
        memberIds.add(m.id);
        out.set(m.id, classifyUser({ user: m, sku, groupId, isMember: true, processingComplete }));
      }
    }
  });
  await readRetry(async () => {
    for await (const page of graph.usersWithSku(sku.skuId)) {
      for (const u of page) {
        if (!memberIds.has(u.id) && include(u)) out.set(u.id, classifyUser({ user: u, sku, groupId, isMember: false, processingComplete }));
      }
    }
  });
  return [...out.values()].sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName));
}
