import type { LicensingGraph } from '../graph/licensingGraph';
import type { Sku, UserLicenses } from '../graph/types';
import type { Run, UserClassification } from './types';
import type { EngineContext } from './context';
import { classifyUser } from './classification';
import { cohortKey, directAssignment } from './cohorts';
import { readMembers, resolveSku, usersWithSku } from './discovery';

/** The run's cohort: direct holders whose disabledPlans equal the run's. */
export function inRunCohort(run: Run, user: UserLicenses): boolean {
  const direct = directAssignment(user, run.skuId);
  return !!direct && cohortKey(run.skuId, direct.disabledPlans) === cohortKey(run.skuId, run.disabledPlans);
}

/** Everyone the run is about, classified from fresh reads: the cohort's direct holders plus the group's user members. */
export async function classifyScope(ctx: EngineContext, run: Run, processingComplete: boolean, sku?: Sku): Promise<{ sku: Sku; users: UserClassification[] }> {
  const theSku = sku ?? (await resolveSku(ctx.graph, run.skuId));
  const users = await classifyAgainstGroup(ctx.graph, theSku, run.groupId, processingComplete, (u) => inRunCohort(run, u));
  return { sku: theSku, users };
}

/**
 * Classifies the group's user members plus the SKU's holders that `include` selects (default: every direct holder),
 * sorted by userPrincipalName. Read-only.
 */
export async function classifyAgainstGroup(
  graph: LicensingGraph, sku: Sku, groupId: string, processingComplete: boolean,
  include: (u: UserLicenses) => boolean = (u) => !!directAssignment(u, sku.skuId),
): Promise<UserClassification[]> {
  const [members, holders] = await Promise.all([readMembers(graph, groupId), usersWithSku(graph, sku.skuId)]);
  const scope = new Map<string, UserLicenses>();
  for (const [id, u] of members.users) scope.set(id, u);
  for (const u of holders) if (members.userIds.has(u.id) || include(u)) scope.set(u.id, u);
  return [...scope.values()]
    .map((user) => classifyUser({ user, sku, groupId, isMember: members.userIds.has(user.id), processingComplete }))
    .sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName));
}
